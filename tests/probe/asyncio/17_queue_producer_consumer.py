# producer and consumer with a queue and a stop marker
import asyncio


async def producer(q):
    for i in range(4):
        await asyncio.sleep(0.5)
        await q.put(i)
        print(f"{asyncio.get_running_loop().time():.2f} put {i}")
    await q.put(None)


async def consumer(q):
    while True:
        item = await q.get()
        if item is None:
            break
        await asyncio.sleep(1)
        print(f"{asyncio.get_running_loop().time():.2f} processed {item}")


async def main():
    q = asyncio.Queue()
    await asyncio.gather(producer(q), consumer(q))


asyncio.run(main())
