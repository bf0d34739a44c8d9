"""BoundedSemaphore: over-release raises ValueError; plain Semaphore may grow; acquire/release by hand."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def job(sem, n):
    await sem.acquire()
    try:
        print(now(), f"job {n} running")
        await asyncio.sleep(1)
    finally:
        sem.release()


async def main():
    bsem = asyncio.BoundedSemaphore(2)
    await asyncio.gather(*(job(bsem, n) for n in range(5)))
    print(now(), "all jobs done; locked:", bsem.locked())
    try:
        bsem.release()
    except ValueError as e:
        print(now(), "ValueError:", e)

    sem = asyncio.Semaphore(1)
    sem.release()
    sem.release()
    got = 0
    while not sem.locked():
        await sem.acquire()
        got += 1
    print(now(), "plain semaphore grew to", got)

    b = asyncio.BoundedSemaphore(1)
    await b.acquire()
    waiter = asyncio.create_task(b.acquire())
    await asyncio.sleep(0.5)
    print(now(), "waiter done?", waiter.done())
    b.release()
    print(now(), "acquired after release:", await waiter)
    b.release()
    print(now(), isinstance(b, asyncio.Semaphore), b.locked())


asyncio.run(main())
