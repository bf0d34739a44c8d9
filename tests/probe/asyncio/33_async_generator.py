# an async generator producing a countdown
import asyncio


async def countdown(n):
    while n > 0:
        yield n
        await asyncio.sleep(1)
        n -= 1


async def main():
    loop = asyncio.get_running_loop()
    async for x in countdown(3):
        print(f"{loop.time():.2f} {x}")
    print(f"{loop.time():.2f} liftoff")


asyncio.run(main())
