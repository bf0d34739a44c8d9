"""asyncio.Condition: wait/notify/notify_all, wait_for(predicate), using a shared Lock; RuntimeError without the lock."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


items = []


async def consumer(cond, name):
    async with cond:
        await cond.wait_for(lambda: len(items) > 0)
        item = items.pop(0)
        print(now(), f"{name} took {item}")


async def waiter(cond, name):
    async with cond:
        print(now(), f"{name} waiting")
        result = await cond.wait()
        print(now(), f"{name} woke ({result})")


async def main():
    cond = asyncio.Condition()
    cs = [asyncio.create_task(consumer(cond, f"c{i}")) for i in range(3)]
    for i in range(3):
        await asyncio.sleep(0.5)
        async with cond:
            items.append(f"item{i}")
            cond.notify()
    await asyncio.gather(*cs)

    ws = [asyncio.create_task(waiter(cond, f"w{i}")) for i in range(4)]
    await asyncio.sleep(1)
    async with cond:
        cond.notify(2)
    await asyncio.sleep(1)
    async with cond:
        cond.notify_all()
    await asyncio.gather(*ws)

    lock = asyncio.Lock()
    shared = asyncio.Condition(lock)
    async with lock:
        print(now(), "condition shares lock:", shared.locked())
    try:
        shared.notify()
    except RuntimeError as e:
        print(now(), "RuntimeError:", e)


asyncio.run(main())
