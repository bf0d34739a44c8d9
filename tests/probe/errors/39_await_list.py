# awaiting a list of coroutines instead of gathering them
import asyncio


async def job(n):
    await asyncio.sleep(n)
    return n


async def main():
    print(await asyncio.gather(*[job(1), job(2)]))
    results = await [job(1), job(2)]
    print(results)


asyncio.run(main())
