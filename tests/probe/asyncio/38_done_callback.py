# add_done_callback on tasks
import asyncio


def report(task):
    if task.cancelled():
        print(task.get_name(), "was cancelled")
    elif task.exception():
        print(task.get_name(), "failed:", task.exception())
    else:
        print(task.get_name(), "returned", task.result())


async def work(n):
    await asyncio.sleep(n)
    if n == 2:
        raise ValueError("two is bad")
    return n


async def main():
    tasks = []
    for n in (1, 2, 3):
        t = asyncio.create_task(work(n), name=f"job{n}")
        t.add_done_callback(report)
        tasks.append(t)
    tasks[2].cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(0)


asyncio.run(main())
