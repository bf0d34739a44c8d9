# at most two downloads at a time
import asyncio


async def download(sem, n):
    async with sem:
        loop = asyncio.get_running_loop()
        print(f"{loop.time():.2f} start {n}")
        await asyncio.sleep(1)
        print(f"{loop.time():.2f} end {n}")


async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(download(sem, n) for n in range(5)))


asyncio.run(main())
