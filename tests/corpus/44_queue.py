"""asyncio.Queue: FIFO order, maxsize backpressure, put_nowait/get_nowait, QueueFull/QueueEmpty, task_done/join, qsize/empty/full."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def main():
    q = asyncio.Queue(maxsize=2)
    print(q.maxsize, q.qsize(), q.empty(), q.full())
    q.put_nowait("a")
    q.put_nowait("b")
    print(q.qsize(), q.full())
    try:
        q.put_nowait("c")
    except asyncio.QueueFull as e:
        print("QueueFull", repr(e))

    async def slow_getter():
        await asyncio.sleep(1)
        print(now(), "getter got", await q.get())

    g = asyncio.create_task(slow_getter())
    await q.put("c")
    print(now(), "put c unblocked after a get; items:", q.qsize())
    await g
    print(q.get_nowait(), q.get_nowait())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print("QueueEmpty", repr(e))

    jobs = asyncio.Queue()
    for n in range(5):
        jobs.put_nowait(n)

    async def worker(name):
        while True:
            n = await jobs.get()
            await asyncio.sleep(0.3 * (n + 1))
            print(now(), f"{name} did job {n}")
            jobs.task_done()

    workers = [asyncio.create_task(worker(f"w{i}")) for i in range(2)]
    await jobs.join()
    print(now(), "all jobs done; unfinished count zero; qsize", jobs.qsize())
    for w in workers:
        w.cancel()
    res = await asyncio.gather(*workers, return_exceptions=True)
    print(now(), [type(r).__name__ for r in res])
    try:
        jobs.task_done()
    except ValueError as e:
        print("ValueError:", e)
    print(asyncio.Queue().maxsize, asyncio.Queue(0).full())


asyncio.run(main())
