# counting running tasks
import asyncio


async def idle(n):
    await asyncio.sleep(n)


async def main():
    print("tasks at start:", len(asyncio.all_tasks()))
    tasks = [asyncio.create_task(idle(n)) for n in (1, 2)]
    await asyncio.sleep(0)
    print("tasks running:", len(asyncio.all_tasks()))
    await asyncio.sleep(1.5)
    print("after 1.5s:", len(asyncio.all_tasks()))
    print(asyncio.current_task() in asyncio.all_tasks())
    await asyncio.gather(*tasks)
    print("at end:", len(asyncio.all_tasks()))


asyncio.run(main())
