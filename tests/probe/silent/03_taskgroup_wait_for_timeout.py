# a wait_for inside a TaskGroup times out; the learner catches it with except*
import asyncio


async def slow_api():
    await asyncio.sleep(10)
    return "data"


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(asyncio.wait_for(slow_api(), timeout=2))
            tg.create_task(asyncio.sleep(1))
    except* TimeoutError as eg:
        print(f"{loop.time():.2f} timed out:", len(eg.exceptions), type(eg).__name__)


asyncio.run(main())
