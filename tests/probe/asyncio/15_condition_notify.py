# consumers wait on a condition until items arrive
import asyncio

items = []


async def consumer(cond, name):
    async with cond:
        await cond.wait_for(lambda: len(items) > 0)
        item = items.pop(0)
        print(f"{asyncio.get_running_loop().time():.2f} {name} got {item}")


async def producer(cond):
    for i in range(3):
        await asyncio.sleep(1)
        async with cond:
            items.append(f"item{i}")
            cond.notify()


async def main():
    cond = asyncio.Condition()
    await asyncio.gather(consumer(cond, "c1"), consumer(cond, "c2"), consumer(cond, "c3"), producer(cond))


asyncio.run(main())
