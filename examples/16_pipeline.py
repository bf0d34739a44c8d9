"""A pipeline: stages connected by queues
Each stage is its own task reading one queue and writing the next, so every stage works on a different item at once.
Watch the timeline look like an assembly line: item 2 downloads while item 1 is parsed and stored."""
import asyncio

ITEMS = 4
DOWNLOAD = 0.4
PARSE = 0.2

DONE = None  # end-of-work marker passed down the pipeline

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


async def downloader(out):
    for n in range(1, ITEMS + 1):
        await asyncio.sleep(DOWNLOAD)
        print(f"{elapsed()} download: page {n}")
        await out.put(f"<page {n}>")
    await out.put(DONE)


async def parser(inbox, out):
    while (page := await inbox.get()) is not DONE:
        await asyncio.sleep(PARSE)
        record = page.strip("<>").replace("page", "record")
        print(f"{elapsed()} parse:    {page} -> {record}")
        await out.put(record)
    await out.put(DONE)


async def storer(inbox, stored):
    while (record := await inbox.get()) is not DONE:
        await asyncio.sleep(0.1)  # storing is quick
        stored.append(record)
        print(f"{elapsed()} store:    {record} saved")


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()
    pages, records, stored = asyncio.Queue(maxsize=1), asyncio.Queue(maxsize=1), []
    async with asyncio.TaskGroup() as group:
        group.create_task(downloader(pages), name="download")
        group.create_task(parser(pages, records), name="parse")
        group.create_task(storer(records, stored), name="store")
    one_by_one = ITEMS * (DOWNLOAD + PARSE + 0.1)
    print(f"{elapsed()} stored {len(stored)} records; one at a time would take {one_by_one:.1f}s")


asyncio.run(main())
