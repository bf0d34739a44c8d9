"""time.monotonic/perf_counter/time: only differences are printed; on the virtual clock they follow the loop's time."""
import asyncio
import time


async def timed(label, coro):
    t0 = time.monotonic()
    p0 = time.perf_counter()
    result = await coro
    dt = time.monotonic() - t0
    dp = time.perf_counter() - p0
    print(f"{label}: monotonic {dt:.3f}s perf_counter {dp:.3f}s result={result}")
    return dt


async def job(n):
    await asyncio.sleep(n * 0.25)
    return n * n


async def main():
    loop = asyncio.get_running_loop()
    wall0 = time.time()
    lt0 = loop.time()
    d1 = await timed("one", job(2))
    d2 = await timed("gathered", asyncio.gather(job(1), job(3), job(2)))
    print(f"{loop.time():.2f} sum of measured = {d1 + d2:.2f}")
    print(f"loop elapsed {loop.time() - lt0:.2f}, wall elapsed {time.time() - wall0:.2f}")
    print(time.monotonic() >= 0, type(time.time()).__name__, type(time.perf_counter()).__name__)
    deadline = time.monotonic() + 1.0
    n = 0
    while time.monotonic() < deadline:
        await asyncio.sleep(0.3)
        n += 1
    print(f"{loop.time():.2f} polled {n} times until deadline")


asyncio.run(main())
