# forgetting await on asyncio.sleep: no waiting happens
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.2f} start")
    asyncio.sleep(2)
    print(f"{loop.time():.2f} after sleep without await")
    await asyncio.sleep(2)
    print(f"{loop.time():.2f} after real sleep")


asyncio.run(main())
