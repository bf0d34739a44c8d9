# A learner's attempt: a queue and a producer, but only one worker task.
# fails: Counts with at most `workers` at once, and with all of them at some instant
import asyncio
import aiofiles


async def pipeline(paths, out_path, workers, count_words):
    queue = asyncio.Queue(maxsize=2)
    counts = {}

    async def worker():
        while (item := await queue.get()) is not None:
            path, text = item
            counts[path] = await count_words(text)

    async def produce():
        for path in paths:
            async with aiofiles.open(path) as f:
                await queue.put((path, await f.read()))
        await queue.put(None)

    await asyncio.gather(produce(), worker())
    async with aiofiles.open(out_path, "w") as f:
        for path in sorted(counts):
            await f.write(f"{path}: {counts[path]}\n")
    return sum(counts.values())
