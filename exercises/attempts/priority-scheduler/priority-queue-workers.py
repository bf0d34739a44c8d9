# A learner's attempt: a feeder puts each job in a PriorityQueue when it
# arrives; workers take the best one. Close, but a worker that finishes at
# the instant jobs arrive may choose before all of them are queued.
# fails: A free worker takes the lowest priority number (ties: earlier in the list)
# fails: Starts every job when the reference schedule does
import asyncio


async def run_jobs(jobs, workers, work):
    queue = asyncio.PriorityQueue()
    started = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def feeder():
        for i in sorted(range(len(jobs)), key=lambda i: jobs[i][0]):
            arrival, priority, name, seconds = jobs[i]
            await asyncio.sleep(max(0, start + arrival - loop.time()))
            queue.put_nowait((priority, i, name, seconds))
        for k in range(workers):
            queue.put_nowait((float("inf"), k, None, 0))

    async def worker():
        while True:
            priority, i, name, seconds = await queue.get()
            if name is None:
                return
            started.append(name)
            await work(name, seconds)

    await asyncio.gather(feeder(), *(worker() for _ in range(workers)))
    return started
