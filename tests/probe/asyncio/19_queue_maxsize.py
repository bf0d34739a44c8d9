# a bounded queue makes the producer wait
import asyncio


async def producer(q):
    for i in range(4):
        await q.put(i)
        print(f"{asyncio.get_running_loop().time():.2f} queued {i} (size {q.qsize()})")


async def consumer(q):
    for _ in range(4):
        await asyncio.sleep(1)
        item = await q.get()
        print(f"{asyncio.get_running_loop().time():.2f} took {item}")


async def main():
    q = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(q), consumer(q))
    print(q.empty(), q.full(), q.maxsize)


asyncio.run(main())
