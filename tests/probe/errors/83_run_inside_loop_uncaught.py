# asyncio.run inside a coroutine, not caught
import asyncio


async def step(n):
    print("step", n)


async def main():
    print("starting")
    for n in range(3):
        asyncio.run(step(n))


asyncio.run(main())
