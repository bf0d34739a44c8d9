# printing a task (file path taken out)
import asyncio


async def compute():
    await asyncio.sleep(1)
    return 42


def show(task):
    print(repr(task).replace(__file__, "FILE"))


async def main():
    task = asyncio.create_task(compute(), name="calc")
    await task
    show(task)
    print(task.get_name(), task.done(), task.result())


asyncio.run(main())
