"""Iteration protocols: __iter__/__next__ and __aiter__/__anext__ classes, StopIteration/StopAsyncIteration."""
import asyncio


class Range3:
    def __init__(self, start, stop, step=1):
        self.cur, self.stop, self.step = start, stop, step

    def __iter__(self):
        return self

    def __next__(self):
        if self.cur >= self.stop:
            raise StopIteration
        value = self.cur
        self.cur += self.step
        return value


class Countdown:
    def __init__(self, n, delay):
        self.n = n
        self.delay = delay

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n <= 0:
            raise StopAsyncIteration
        await asyncio.sleep(self.delay)
        self.n -= 1
        return self.n


async def main():
    print(list(Range3(0, 10, 3)), sum(Range3(1, 5)))
    r = Range3(0, 2)
    print(iter(r) is r, next(r), next(r), next(r, "end"))
    for i in Range3(5, 8):
        print("for", i)
    loop = asyncio.get_running_loop()
    async for n in Countdown(3, 0.5):
        print(f"{loop.time():.2f} countdown {n}")
    values = [n * 10 async for n in Countdown(4, 0.1)]
    print(f"{loop.time():.2f} {values}")
    c = Countdown(1, 2)
    print(await c.__anext__())
    try:
        await c.__anext__()
    except StopAsyncIteration:
        print(f"{loop.time():.2f} StopAsyncIteration")
    a, b, *rest = Range3(0, 6)
    print(a, b, rest)


asyncio.run(main())
