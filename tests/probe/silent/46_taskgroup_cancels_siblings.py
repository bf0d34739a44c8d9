# one failure in a TaskGroup cancels the other tasks
import asyncio


async def worker(name, delay, fail=False):
    loop = asyncio.get_running_loop()
    try:
        await asyncio.sleep(delay)
        if fail:
            raise ConnectionError(f"{name} lost connection")
        print(f"{loop.time():.2f} {name} done")
    except asyncio.CancelledError:
        print(f"{loop.time():.2f} {name} was cancelled")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("fast", 1))
            tg.create_task(worker("broken", 2, fail=True))
            tg.create_task(worker("slow", 5))
    except* ConnectionError as eg:
        for e in eg.exceptions:
            print("handled:", e)


asyncio.run(main())
