# sleep(0) lets other tasks run
import asyncio


async def counter(name, n):
    for i in range(n):
        print(name, i)
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(counter("A", 3), counter("B", 3))


asyncio.run(main())
