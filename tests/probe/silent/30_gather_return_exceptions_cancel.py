# gather(return_exceptions=True) when one of the tasks is cancelled
import asyncio


async def job(n):
    await asyncio.sleep(n)
    if n == 2:
        raise ValueError("job 2 broke")
    return n * 10


async def main():
    tasks = [asyncio.create_task(job(n)) for n in (1, 2, 3)]
    await asyncio.sleep(0.5)
    tasks[2].cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for r in results:
        print(type(r).__name__, r)


asyncio.run(main())
