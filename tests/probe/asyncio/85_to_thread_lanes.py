# Worker threads: time.sleep in a thread waits on that thread only, while
# the loop keeps running; methods, builtins, run_in_executor, errors,
# a timeout around a thread, and a to_thread never awaited.
import asyncio
import time


class Downloader:
    def __init__(self, name):
        self.name = name

    def fetch(self, n):
        total = 0
        for i in range(n):
            time.sleep(0.5)
            total += i
        return f"{self.name}:{total}"


def crash():
    time.sleep(1)
    raise ValueError("thread failed")


async def heartbeat():
    for i in range(4):
        print(f"{asyncio.get_running_loop().time():.1f} beat")
        await asyncio.sleep(0.5)


async def main():
    d = Downloader("d")
    r = await asyncio.gather(asyncio.to_thread(d.fetch, 3), heartbeat(), asyncio.to_thread(time.sleep, 1))
    print(r, f"{asyncio.get_running_loop().time():.1f}")
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, d.fetch, 2))
    try:
        await asyncio.wait_for(asyncio.to_thread(crash), timeout=5)
    except ValueError as e:
        print("caught", e, f"{loop.time():.1f}")
    try:
        await asyncio.to_thread()
    except TypeError as e:
        print(e)
    asyncio.to_thread(print, "never")
    await asyncio.to_thread(crash)


asyncio.run(main())
