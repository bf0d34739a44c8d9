# asyncio.to_thread: blocking work in a thread while the loop keeps ticking
import asyncio
import time


def blocking_download(name):
    print(f"{name}: start")
    time.sleep(2)
    print(f"{name}: finished")
    return f"{name}.dat"


async def ticker():
    for i in range(3):
        print(f"{asyncio.get_running_loop().time():.2f} tick {i}")
        await asyncio.sleep(1)


async def main():
    result, _ = await asyncio.gather(asyncio.to_thread(blocking_download, "report"), ticker())
    print(f"{asyncio.get_running_loop().time():.2f} got {result}")
    total = await asyncio.to_thread(sum, range(1000))
    print("sum in a thread:", total)


asyncio.run(main())
