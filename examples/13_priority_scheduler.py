"""A priority scheduler with PriorityQueue
Jobs go in as (priority, order, name) tuples and the worker always takes the smallest, so urgent work jumps the line.
Watch the urgent job, submitted late, overtake the backlog; the order number keeps equal priorities first come, first served."""
import asyncio

JOB_TIME = 0.3
URGENT_AT = 0.5

BACKLOG = [(3, "rebuild search index"), (2, "send newsletter"), (3, "compress logs"),
           (1, "renew certificate"), (2, "resize images")]

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


class Scheduler:
    def __init__(self):
        self.queue = asyncio.PriorityQueue()
        self.submitted = 0

    def submit(self, priority, name):
        self.submitted += 1  # tie-breaker: never compare two names
        self.queue.put_nowait((priority, self.submitted, name))
        print(f"{elapsed()} submitted p{priority} {name!r}")

    async def worker(self):
        while True:
            priority, order, name = await self.queue.get()
            print(f"{elapsed()} running p{priority} #{order} {name!r}")
            await asyncio.sleep(JOB_TIME)
            self.queue.task_done()


async def pager(scheduler):
    await asyncio.sleep(URGENT_AT)
    scheduler.submit(0, "site is down: page the on-call")


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()
    scheduler = Scheduler()
    for priority, name in BACKLOG:
        scheduler.submit(priority, name)
    worker = asyncio.create_task(scheduler.worker(), name="worker")
    await asyncio.create_task(pager(scheduler), name="pager")
    await scheduler.queue.join()
    worker.cancel()
    print(f"{elapsed()} all {scheduler.submitted} jobs done")


asyncio.run(main())
