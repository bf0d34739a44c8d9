# A learner's attempt: workers take jobs first come, first served.
# fails: A free worker takes the lowest priority number (ties: earlier in the list)
# fails: Starts every job when the reference schedule does
import asyncio


async def run_jobs(jobs, workers, work):
    queue = asyncio.Queue()
    started = []

    async def feeder():
        loop = asyncio.get_running_loop()
        start = loop.time()
        for arrival, priority, name, seconds in sorted(jobs, key=lambda j: j[0]):
            await asyncio.sleep(max(0, start + arrival - loop.time()))
            await queue.put((name, seconds))
        for _ in range(workers):
            await queue.put(None)

    async def worker():
        while (item := await queue.get()) is not None:
            started.append(item[0])
            await work(*item)

    await asyncio.gather(feeder(), *(worker() for _ in range(workers)))
    return started
