"""typing annotations on functions, variables, classes; annotations do not change runtime behaviour."""
import asyncio
from typing import Any, Callable, Dict, List, Optional, Tuple, Union, Awaitable

Handler = Callable[[int], Awaitable[str]]
registry: Dict[str, Handler] = {}
counter: int = 0
pending: List[Tuple[str, int]] = []


def register(name: str) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        registry[name] = fn
        return fn
    return deco


@register("echo")
async def echo(n: int) -> str:
    await asyncio.sleep(n / 4)
    return f"echo:{n}"


@register("shout")
async def shout(n: int) -> str:
    await asyncio.sleep(0.1)
    return "!" * n


def parse(value: Union[str, int], default: Optional[int] = None) -> Optional[int]:
    try:
        return int(value)
    except ValueError:
        return default


class Box:
    size: int
    label: str = "box"

    def __init__(self, size: int) -> None:
        self.size = size


async def main() -> None:
    global counter
    for name, arg in [("echo", 2), ("shout", 3), ("echo", 1)]:
        out: str = await registry[name](arg)
        counter += 1
        pending.append((out, counter))
        print(f"{asyncio.get_running_loop().time():.2f} {name} -> {out}")
    print(pending, parse("12"), parse("x"), parse("y", -1), parse(7))
    x: Any = "anything"
    b = Box(3)
    print(x, b.size, b.label, Box.label, sorted(registry), echo.__annotations__["n"].__name__)


asyncio.run(main())
