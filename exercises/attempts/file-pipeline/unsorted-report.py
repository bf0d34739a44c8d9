# A learner's attempt: each worker appends its line as it finishes, so the
# report comes out in completion order.
# fails: Writes `path: count` lines sorted by path
import asyncio
import aiofiles


async def pipeline(paths, out_path, workers, count_words):
    queue = asyncio.Queue(maxsize=2)
    lines = []
    total = 0

    async def worker():
        nonlocal total
        while (item := await queue.get()) is not None:
            path, text = item
            n = await count_words(text)
            lines.append(f"{path}: {n}")
            total += n

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    for path in paths:
        async with aiofiles.open(path) as f:
            await queue.put((path, await f.read()))
    for _ in tasks:
        await queue.put(None)
    await asyncio.gather(*tasks)
    async with aiofiles.open(out_path, "w") as f:
        await f.write("\n".join(lines) + "\n")
    return total
