"""A file pipeline with a bounded queue
Readers load the order files with aiofiles and put rows on a small queue; workers total them; a writer saves the report.
Watch the Files tab after the run for totals.txt, and the timeline: readers wait on the full queue while workers catch up."""
import asyncio
import aiofiles

QUEUE_SIZE = 4
WORKERS = 2

DONE = None  # end-of-work marker, one per worker


async def reader(path, queue):
    async with aiofiles.open(path) as f:
        header = await f.readline()
        async for line in f:
            await queue.put(line.strip().split(","))
    return path


async def worker(queue, totals):
    while True:
        row = await queue.get()
        if row is DONE:
            return
        _, product, quantity, price = row
        totals[product] = totals.get(product, 0) + int(quantity) * float(price)
        await asyncio.sleep(0.01)  # some work per row


async def main():
    queue = asyncio.Queue(maxsize=QUEUE_SIZE)
    totals = {}
    paths = [f"data/orders-{n}.csv" for n in (1, 2, 3)]
    workers = [asyncio.create_task(worker(queue, totals)) for _ in range(WORKERS)]
    done = await asyncio.gather(*(reader(p, queue) for p in paths))
    print("read:", ", ".join(done))
    for _ in workers:
        await queue.put(DONE)
    await asyncio.gather(*workers)
    async with aiofiles.open("totals.txt", "w") as out:
        for product in sorted(totals):
            await out.write(f"{product}: {totals[product]:.2f}\n")
    async with aiofiles.open("totals.txt") as f:
        print(await f.read(), end="")


asyncio.run(main())
