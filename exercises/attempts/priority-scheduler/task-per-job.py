# A learner's attempt: one task per job that waits for its arrival and runs;
# nothing limits how many run at once.
# fails: Runs at most `workers` jobs at once
# fails: Starts every job when the reference schedule does
import asyncio


async def run_jobs(jobs, workers, work):
    started = []

    async def one(arrival, priority, name, seconds):
        await asyncio.sleep(arrival)
        started.append(name)
        await work(name, seconds)

    ordered = sorted(jobs, key=lambda j: (j[0], j[1]))
    await asyncio.gather(*(one(*j) for j in ordered))
    return started
