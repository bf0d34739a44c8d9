# asking a task for its result too early
import asyncio


async def slow():
    await asyncio.sleep(1)
    return "ready"


async def main():
    task = asyncio.create_task(slow())
    print("done?", task.done())
    try:
        task.result()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    print(await task)
    fut = asyncio.get_running_loop().create_future()
    fut.result()


asyncio.run(main())
