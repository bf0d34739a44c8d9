"""Graceful shutdown: workers drain a queue, a stop Event is set, stragglers cancelled after a grace period."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def worker(name, queue, stop):
    handled = 0
    try:
        while not stop.is_set():
            try:
                job = await asyncio.wait_for(queue.get(), timeout=0.5)
            except TimeoutError:
                continue
            await asyncio.sleep(job)
            handled += 1
            queue.task_done()
            print(now(), f"{name} finished a {job}s job")
        print(now(), f"{name} saw stop flag")
    except asyncio.CancelledError:
        print(now(), f"{name} cancelled mid-job")
        raise
    return handled


async def main():
    queue = asyncio.Queue()
    for job in [0.5, 1.0, 0.25, 4.0, 0.75]:
        queue.put_nowait(job)
    stop = asyncio.Event()
    tasks = [asyncio.create_task(worker(f"w{i}", queue, stop)) for i in range(2)]
    await asyncio.sleep(2.5)
    print(now(), "shutdown requested; remaining jobs:", queue.qsize())
    stop.set()
    done, pending = await asyncio.wait(tasks, timeout=1.0)
    print(now(), "finished in grace period:", len(done), "stragglers:", len(pending))
    for t in [t for t in tasks if t in pending]:
        t.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    print(now(), [r if isinstance(r, int) else type(r).__name__ for r in results])


asyncio.run(main())
