# worker pool with join() and task_done()
import asyncio


async def worker(name, q, results):
    while True:
        n = await q.get()
        await asyncio.sleep(n)
        results.append((name, n))
        q.task_done()


async def main():
    q = asyncio.Queue()
    for n in [3, 1, 2, 1, 1]:
        q.put_nowait(n)
    results = []
    workers = [asyncio.create_task(worker(f"w{i}", q, results)) for i in range(2)]
    await q.join()
    print(f"{asyncio.get_running_loop().time():.2f} all done:", results)
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    print("workers cancelled:", all(w.cancelled() for w in workers))


asyncio.run(main())
