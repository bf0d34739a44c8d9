"""Sequential await vs gather
Awaiting calls one after another adds their delays up; gather runs them at the same time.
Watch the timeline: the first fetches form a staircase; the gathered ones run side by side and end with the slowest."""
import asyncio

REQUESTS = 3
DELAY = 0.5

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


async def fetch(n):
    seconds = DELAY + 0.1 * n  # each request is a bit slower than the one before
    await asyncio.sleep(seconds)
    print(f"{elapsed()}   fetch {n} answered after {seconds:.1f}s")
    return n * 10


async def main():
    global started_at
    loop = asyncio.get_running_loop()
    started_at = loop.time()

    print(f"{elapsed()} one after another:")
    t0 = loop.time()
    results = []
    for n in range(REQUESTS):
        results.append(await fetch(n))
    print(f"{elapsed()} sequential: {results} in {loop.time() - t0:.1f}s (the sum)")

    print(f"{elapsed()} all at once with gather:")
    t0 = loop.time()
    tasks = [asyncio.create_task(fetch(n), name=f"fetch-{n}") for n in range(REQUESTS)]
    results = await asyncio.gather(*tasks)
    print(f"{elapsed()} gather: {results} in {loop.time() - t0:.1f}s (the slowest)")


asyncio.run(main())
