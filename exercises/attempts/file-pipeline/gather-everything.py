# A learner's attempt: no queue and no workers; every file is counted at
# once with gather.
# fails: Counts with at most `workers` at once, and with all of them at some instant
# fails: The queue never holds more than 2 items (end markers count)
import asyncio
import aiofiles


async def pipeline(paths, out_path, workers, count_words):
    async def one(path):
        async with aiofiles.open(path) as f:
            return path, await count_words(await f.read())

    counts = dict(await asyncio.gather(*(one(p) for p in paths)))
    async with aiofiles.open(out_path, "w") as f:
        for path in sorted(counts):
            await f.write(f"{path}: {counts[path]}\n")
    return sum(counts.values())
