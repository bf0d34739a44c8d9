# asyncio.PriorityQueue with equal priorities: the second item breaks the tie
import asyncio


async def main():
    q = asyncio.PriorityQueue()
    for item in [(2, "write report"), (1, "fix bug"), (2, "answer email"), (1, "deploy"), (3, "lunch")]:
        q.put_nowait(item)
    while not q.empty():
        priority, task = await q.get()
        print(priority, task)


asyncio.run(main())
