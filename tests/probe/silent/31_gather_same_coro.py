# passing the same coroutine object to gather twice
import asyncio

calls = 0


async def fetch():
    global calls
    calls += 1
    await asyncio.sleep(1)
    return "page"


async def main():
    c = fetch()
    results = await asyncio.gather(c, c)
    print(results, "calls:", calls)


asyncio.run(main())
