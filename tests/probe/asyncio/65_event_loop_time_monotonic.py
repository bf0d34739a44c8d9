# time.monotonic and loop.time agree on the virtual clock
import asyncio
import time


async def main():
    loop = asyncio.get_running_loop()
    t0 = time.monotonic()
    await asyncio.sleep(2)
    print(f"slept {time.monotonic() - t0:.2f}s by time.monotonic")
    print(f"loop time {loop.time():.2f}")
    start = time.perf_counter()
    await asyncio.sleep(0.5)
    print(f"perf_counter says {time.perf_counter() - start:.2f}")


asyncio.run(main())
