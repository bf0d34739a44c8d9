# collecting results from a TaskGroup
import asyncio


async def square(n):
    await asyncio.sleep(n / 10)
    return n * n


async def main():
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(square(n)) for n in range(5)]
    print([t.result() for t in tasks])
    print(f"{asyncio.get_running_loop().time():.2f}")


asyncio.run(main())
