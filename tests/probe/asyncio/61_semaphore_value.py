# watching a semaphore's free slots
import asyncio


async def use(sem, n):
    async with sem:
        print(f"{asyncio.get_running_loop().time():.2f} {n} in, locked={sem.locked()}")
        await asyncio.sleep(n)


async def main():
    sem = asyncio.Semaphore(2)
    print("locked at start:", sem.locked())
    await asyncio.gather(use(sem, 1), use(sem, 2), use(sem, 3))
    print("locked at end:", sem.locked())


asyncio.run(main())
