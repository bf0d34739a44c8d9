# A learner's attempt: a priority queue filled with every job at once.
# fails: Starts no job before it arrives
# fails: Starts every job when the reference schedule does
import asyncio


async def run_jobs(jobs, workers, work):
    queue = asyncio.PriorityQueue()
    for i, (arrival, priority, name, seconds) in enumerate(jobs):
        queue.put_nowait((priority, i, name, seconds))
    started = []

    async def worker():
        while not queue.empty():
            priority, i, name, seconds = queue.get_nowait()
            started.append(name)
            await work(name, seconds)

    await asyncio.gather(*(worker() for _ in range(workers)))
    return started
