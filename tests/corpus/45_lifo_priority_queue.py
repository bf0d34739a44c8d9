"""LifoQueue and PriorityQueue: ordering, tuples as priorities, waiting getters, QueueEmpty for each kind."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def main():
    lifo = asyncio.LifoQueue()
    for x in "abcd":
        await lifo.put(x)
    print("lifo:", [lifo.get_nowait() for _ in range(lifo.qsize())])

    pq = asyncio.PriorityQueue()
    for item in [(3, "low"), (1, "urgent"), (2, "normal"), (1, "also urgent"), (5, "idle")]:
        pq.put_nowait(item)
    out = []
    while not pq.empty():
        out.append(await pq.get())
    print("priority:", out)

    pq2 = asyncio.PriorityQueue(maxsize=3)

    async def submitter():
        for prio in [4, 2, 9, 1, 3]:
            await pq2.put((prio, f"task-p{prio}"))
            print(now(), f"submitted p{prio} (size {pq2.qsize()})")

    async def executor():
        for _ in range(5):
            await asyncio.sleep(0.5)
            prio, name = await pq2.get()
            print(now(), f"executing {name}")

    await asyncio.gather(submitter(), executor())

    for q in (asyncio.Queue(), asyncio.LifoQueue(), asyncio.PriorityQueue()):
        try:
            q.get_nowait()
        except asyncio.QueueEmpty:
            print(type(q).__name__, "empty")
    lq = asyncio.LifoQueue(maxsize=1)
    lq.put_nowait(1)
    try:
        lq.put_nowait(2)
    except asyncio.QueueFull:
        print("LifoQueue full")
    getter = asyncio.create_task(asyncio.LifoQueue().get())
    try:
        await asyncio.wait_for(getter, 1)
    except TimeoutError:
        print(now(), "get on empty queue timed out")


asyncio.run(main())
