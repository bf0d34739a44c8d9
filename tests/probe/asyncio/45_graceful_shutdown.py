# stopping workers with an Event
import asyncio


async def worker(name, stop):
    count = 0
    while not stop.is_set():
        await asyncio.sleep(1)
        count += 1
    print(f"{name} stopped after {count} rounds")
    return count


async def main():
    stop = asyncio.Event()
    tasks = [asyncio.create_task(worker(f"w{i}", stop)) for i in range(2)]
    await asyncio.sleep(3.5)
    stop.set()
    print(await asyncio.gather(*tasks))
    print(f"{asyncio.get_running_loop().time():.2f}")


asyncio.run(main())
