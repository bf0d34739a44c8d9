"""Semaphore: limits concurrency; waiters acquire in FIFO order (fairness); locked(); async with."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def user(sem, name, hold, order):
    print(now(), f"{name} wants a slot (locked={sem.locked()})")
    async with sem:
        order.append(name)
        print(now(), f"{name} acquired")
        await asyncio.sleep(hold)
    print(now(), f"{name} released")


async def main():
    sem = asyncio.Semaphore(2)
    order = []
    tasks = []
    for i, hold in enumerate([1.0, 0.5, 0.2, 0.7, 0.1, 0.3]):
        tasks.append(asyncio.create_task(user(sem, f"u{i}", hold, order)))
        await asyncio.sleep(0.01)
    await asyncio.gather(*tasks)
    print(now(), "acquisition order:", order)

    # A newcomer must not jump the queue ahead of existing waiters.
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    log = []

    async def waiter(tag):
        await sem.acquire()
        log.append(tag)
        await asyncio.sleep(0.1)
        sem.release()

    w = [asyncio.create_task(waiter(t)) for t in "abc"]
    await asyncio.sleep(0.5)
    sem.release()
    w.append(asyncio.create_task(waiter("late")))
    await asyncio.gather(*w)
    print(now(), "fifo:", log)
    s0 = asyncio.Semaphore(0)
    print(s0.locked(), asyncio.Semaphore().locked())
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
