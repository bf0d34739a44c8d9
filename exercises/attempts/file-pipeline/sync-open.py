# A learner's attempt: reads the files with the built-in open(), which
# blocks the event loop while it reads.
# fails: Reads the files with aiofiles
import asyncio
import aiofiles


async def pipeline(paths, out_path, workers, count_words):
    queue = asyncio.Queue(maxsize=2)
    counts = {}

    async def worker():
        while (item := await queue.get()) is not None:
            path, text = item
            counts[path] = await count_words(text)

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    for path in paths:
        with open(path) as f:
            await queue.put((path, f.read()))
    for _ in tasks:
        await queue.put(None)
    await asyncio.gather(*tasks)
    async with aiofiles.open(out_path, "w") as f:
        for path in sorted(counts):
            await f.write(f"{path}: {counts[path]}\n")
    return sum(counts.values())
