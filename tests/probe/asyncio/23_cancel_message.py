# cancelling with a message
import asyncio


async def long_job():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("job sees:", e.args)
        raise


async def main():
    task = asyncio.create_task(long_job())
    await asyncio.sleep(1)
    task.cancel("user pressed stop")
    try:
        await task
    except asyncio.CancelledError as e:
        print("main sees:", e.args)
    print(task.cancelled(), task.done())


asyncio.run(main())
