# a task in a TaskGroup fails and nobody catches the group
import asyncio


async def worker(n):
    await asyncio.sleep(n)
    if n == 2:
        raise ValueError(f"worker {n} failed")
    print("worker", n, "ok")


async def main():
    async with asyncio.TaskGroup() as tg:
        for n in range(1, 4):
            tg.create_task(worker(n))


asyncio.run(main())
