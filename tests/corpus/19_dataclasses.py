"""dataclasses: @dataclass fields with defaults, default_factory, repr, eq, order, frozen; typing annotations."""
import asyncio
from dataclasses import dataclass, field, asdict
from typing import Optional


@dataclass
class Job:
    name: str
    priority: int = 0
    tags: list = field(default_factory=list)
    owner: Optional[str] = None


@dataclass(order=True, frozen=True)
class Point:
    x: int
    y: int = 0


@dataclass
class Result:
    job: Job
    elapsed: float


async def run(job: Job) -> Result:
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.sleep(0.5 * (job.priority + 1))
    return Result(job, round(loop.time() - start, 2))


async def main() -> None:
    a = Job("build")
    b = Job("test", priority=2, tags=["ci"])
    print(a)
    print(b, a == Job("build"), a == b, a.tags is not Job("x").tags)
    a.tags.append("fast")
    print(repr(a), asdict(b))
    results = await asyncio.gather(run(a), run(b))
    for r in results:
        print(f"{asyncio.get_running_loop().time():.2f}", r)
    pts = [Point(2, 1), Point(1, 5), Point(1, 2)]
    print(sorted(pts), Point(1) < Point(1, 1), Point(3, 4) == Point(3, 4))
    try:
        pts[0].x = 10
    except AttributeError as e:
        print(type(e).__name__, e)
    print(len({Point(1, 2), Point(1, 2)}))


asyncio.run(main())
