# passing an async function (not its coroutine) to asyncio.run, create_task and gather
import asyncio


async def worker():
    return 1


async def main():
    try:
        asyncio.create_task(worker)
    except TypeError as e:
        print("create_task:", e)
    try:
        await asyncio.gather(worker)
    except TypeError as e:
        print("gather:", e)


try:
    asyncio.run(worker)
except ValueError as e:
    print("run:", e)
asyncio.run(main())
