# an exception in a task that is awaited later
import asyncio


async def fail_later():
    await asyncio.sleep(1)
    raise ValueError("task broke")


async def main():
    t = asyncio.create_task(fail_later())
    await asyncio.sleep(2)
    print("task done:", t.done(), "exception:", t.exception())
    await t


asyncio.run(main())
