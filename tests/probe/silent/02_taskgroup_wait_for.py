# TaskGroup.create_task given asyncio.wait_for(...) directly
import asyncio


async def download(name, seconds):
    await asyncio.sleep(seconds)
    return f"{name}.zip"


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(asyncio.wait_for(download("photos", 1), timeout=5))
        b = tg.create_task(asyncio.wait_for(download("music", 2), timeout=5))
    print(f"{loop.time():.2f}", a.result(), b.result())


asyncio.run(main())
