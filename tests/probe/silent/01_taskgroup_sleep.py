# TaskGroup.create_task given asyncio.sleep itself, with a result
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.TaskGroup() as tg:
        nap = tg.create_task(asyncio.sleep(1, result="woke up"))
        short = tg.create_task(asyncio.sleep(0.5))
    print(f"{loop.time():.2f}", nap.result(), short.result())


asyncio.run(main())
