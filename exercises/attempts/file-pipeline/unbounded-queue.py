# A learner's attempt: the queue has no maxsize, so every file is read and
# queued before the workers catch up.
# fails: The queue never holds more than 2 items (end markers count)
import asyncio
import aiofiles


async def pipeline(paths, out_path, workers, count_words):
    queue = asyncio.Queue()
    counts = {}

    async def worker():
        while (item := await queue.get()) is not None:
            path, text = item
            counts[path] = await count_words(text)

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    for path in paths:
        async with aiofiles.open(path) as f:
            await queue.put((path, await f.read()))
    for _ in tasks:
        await queue.put(None)
    await asyncio.gather(*tasks)
    async with aiofiles.open(out_path, "w") as f:
        await f.write("".join(f"{p}: {counts[p]}\n" for p in sorted(counts)))
    return sum(counts.values())
