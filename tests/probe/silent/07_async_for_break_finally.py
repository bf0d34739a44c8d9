# breaking out of async for: when does the async generator's finally run?
import asyncio


async def ticker():
    try:
        for i in range(10):
            await asyncio.sleep(1)
            yield i
    finally:
        print("ticker cleaned up")


async def main():
    loop = asyncio.get_running_loop()
    async for n in ticker():
        print(f"{loop.time():.2f} tick", n)
        if n == 2:
            break
    print(f"{loop.time():.2f} after the loop")
    await asyncio.sleep(0.5)
    print(f"{loop.time():.2f} end of main")


asyncio.run(main())
