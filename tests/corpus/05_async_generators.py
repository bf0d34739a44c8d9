"""Async generators, async for, aclose with cleanup, anext, StopAsyncIteration."""
import asyncio


async def ticker(count, interval):
    loop = asyncio.get_running_loop()
    try:
        for i in range(count):
            await asyncio.sleep(interval)
            yield i, round(loop.time(), 2)
    finally:
        print(f"{loop.time():.2f} ticker({count}) cleanup")


async def take(agen, n):
    out = []
    async for item in agen:
        out.append(item)
        if len(out) == n:
            break
    return out


async def main():
    async for i, t in ticker(3, 0.5):
        print(f"tick {i} at {t:.2f}")
    agen = ticker(10, 1)
    first = await take(agen, 2)
    print("first two", first)
    await agen.aclose()
    g = ticker(1, 0.1)
    print("anext", await anext(g))
    try:
        await anext(g)
    except StopAsyncIteration as e:
        print("StopAsyncIteration", repr(e))
    print("default", await anext(g, "done"))
    print(type(g).__name__)
    evens = [i async for i, _ in ticker(4, 0.25) if i % 2 == 0]
    print(f"{asyncio.get_running_loop().time():.2f} evens {evens}")


asyncio.run(main())
