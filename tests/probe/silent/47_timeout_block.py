# asyncio.timeout around a slow call
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1.5):
            await asyncio.sleep(1)
            print(f"{loop.time():.2f} first sleep ok")
            await asyncio.sleep(1)
            print("never printed")
    except TimeoutError:
        print(f"{loop.time():.2f} timed out")
    async with asyncio.timeout(None) as cm:
        await asyncio.sleep(0.25)
    print(f"{loop.time():.2f} expired?", cm.expired())


asyncio.run(main())
