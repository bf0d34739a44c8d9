"""Async comprehensions: list/set/dict comprehensions with async for, await inside comprehensions, async generator expressions."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def numbers(n, delay=0.1):
    for i in range(n):
        await asyncio.sleep(delay)
        yield i


async def square(x):
    await asyncio.sleep(0.05)
    return x * x


async def main():
    evens = [i async for i in numbers(6) if i % 2 == 0]
    print(now(), "list:", evens)
    squares = {i: await square(i) async for i in numbers(3)}
    print(now(), "dict:", squares)
    mods = {i % 3 async for i in numbers(7, 0.01)}
    print(now(), "set:", sorted(mods))
    awaited = [await square(x) for x in range(4)]
    print(now(), "await in plain comprehension:", awaited)
    nested = [[j async for j in numbers(i, 0.02)] for i in range(3)]
    print(now(), "nested:", nested)
    agen_expr = (i * 10 async for i in numbers(3, 0.2))
    print(type(agen_expr).__name__)
    async for v in agen_expr:
        print(now(), "from async genexpr", v)
    total = sum([x async for x in numbers(5, 0)])
    print(now(), "sum:", total)
    pairs = [(a, b) async for a in numbers(2, 0) for b in "xy"]
    print(now(), pairs)


asyncio.run(main())
