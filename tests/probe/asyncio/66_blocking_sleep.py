# time.sleep inside a coroutine blocks everybody
import asyncio
import time


async def ticker():
    for i in range(3):
        print(f"{asyncio.get_running_loop().time():.2f} tick {i}")
        await asyncio.sleep(0.5)


async def blocker():
    await asyncio.sleep(0.25)
    print(f"{asyncio.get_running_loop().time():.2f} blocking for 1s")
    time.sleep(1)
    print(f"{asyncio.get_running_loop().time():.2f} unblocked")


async def main():
    await asyncio.gather(ticker(), blocker())


asyncio.run(main())
