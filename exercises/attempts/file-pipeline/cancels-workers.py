# A learner's attempt: waits for queue.join() and then cancels the workers.
# fails: Every worker has finished, not been cancelled, when pipeline() returns
import asyncio
import aiofiles


async def pipeline(paths, out_path, workers, count_words):
    queue = asyncio.Queue(maxsize=2)
    counts = {}

    async def worker():
        while True:
            path, text = await queue.get()
            counts[path] = await count_words(text)
            queue.task_done()

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    for path in paths:
        async with aiofiles.open(path) as f:
            await queue.put((path, await f.read()))
    await queue.join()
    for t in tasks:
        t.cancel()
    async with aiofiles.open(out_path, "w") as f:
        for path in sorted(counts):
            await f.write(f"{path}: {counts[path]}\n")
    return sum(counts.values())
