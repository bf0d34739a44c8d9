# LifoQueue and PriorityQueue order
import asyncio


async def main():
    lifo = asyncio.LifoQueue()
    for x in "abc":
        await lifo.put(x)
    print([await lifo.get() for _ in range(3)])
    pq = asyncio.PriorityQueue()
    for item in [(5, "low"), (1, "urgent"), (3, "normal")]:
        await pq.put(item)
    while not pq.empty():
        print(await pq.get())


asyncio.run(main())
