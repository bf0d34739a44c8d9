# a periodic job that tracks drift
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    for tick in range(4):
        await asyncio.sleep(0.25)
        print(f"tick {tick} at {loop.time() - start:.2f}")
    print(asyncio.get_event_loop() is loop)


asyncio.run(main())
