# awaiting one after another versus gathering
import asyncio


async def download(n):
    await asyncio.sleep(1)
    return f"file{n}"


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    for n in range(3):
        await download(n)
    print(f"sequential took {loop.time() - start:.2f}s")
    start = loop.time()
    await asyncio.gather(*(download(n) for n in range(3)))
    print(f"concurrent took {loop.time() - start:.2f}s")
    start = loop.time()
    tasks = [asyncio.create_task(download(n)) for n in range(3)]
    for t in tasks:
        await t
    print(f"tasks took {loop.time() - start:.2f}s")


asyncio.run(main())
