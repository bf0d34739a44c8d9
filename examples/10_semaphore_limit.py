"""Semaphore: at most LIMIT at a time
A Semaphore holds LIMIT permits; async with sem waits for a free permit and gives it back when the block ends.
Watch the downloads in the timeline: only LIMIT run at once, the others wait on the semaphore until a permit frees up."""
import asyncio

LIMIT = 2
JOBS = 6
DURATION = 0.5

started_at = 0.0  # loop time when main() began; elapsed() counts from it
running = 0
peak = 0


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


async def download(n, sem):
    global running, peak
    async with sem:
        running += 1
        peak = max(peak, running)
        print(f"{elapsed()} job-{n}: start ({running} running)")
        await asyncio.sleep(DURATION + 0.1 * (n % 3))
        running -= 1
    print(f"{elapsed()} job-{n}: done")


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()
    sem = asyncio.Semaphore(LIMIT)
    tasks = [asyncio.create_task(download(n, sem), name=f"job-{n}") for n in range(1, JOBS + 1)]
    await asyncio.gather(*tasks)
    alone = sum(DURATION + 0.1 * (n % 3) for n in range(1, JOBS + 1))
    print(f"{elapsed()} peak concurrency {peak} (LIMIT = {LIMIT})")
    print(f"{elapsed()} all done; one at a time would take {alone:.1f}s")


asyncio.run(main())
