# A learner's attempt: a scheduler that looks for work every 0.25 s.
# fails: Keeps no worker idle while a job waits
# fails: Starts every job when the reference schedule does
import asyncio


async def run_jobs(jobs, workers, work):
    loop = asyncio.get_running_loop()
    start = loop.time()
    pending = list(range(len(jobs)))
    running = set()
    started = []
    while pending or running:
        running = {t for t in running if not t.done()}
        now = loop.time() - start
        ready = [i for i in pending if jobs[i][0] <= now + 1e-9]
        while ready and len(running) < workers:
            best = min(ready, key=lambda i: (jobs[i][1], i))
            ready.remove(best)
            pending.remove(best)
            started.append(jobs[best][2])
            running.add(asyncio.create_task(work(jobs[best][2], jobs[best][3])))
        await asyncio.sleep(0.25)
    return started
