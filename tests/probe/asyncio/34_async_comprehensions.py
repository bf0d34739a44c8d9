# async comprehensions and awaiting inside comprehensions
import asyncio


async def numbers(n):
    for i in range(n):
        await asyncio.sleep(0.1)
        yield i


async def double(x):
    await asyncio.sleep(0.1)
    return x * 2


async def main():
    evens = [x async for x in numbers(6) if x % 2 == 0]
    print(evens)
    doubled = [await double(x) for x in evens]
    print(doubled)
    squares = {x: x * x async for x in numbers(3)}
    print(squares)
    print(f"{asyncio.get_running_loop().time():.2f}")


asyncio.run(main())
