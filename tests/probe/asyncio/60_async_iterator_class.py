# a class implementing __aiter__ and __anext__
import asyncio


class Ticker:
    def __init__(self, limit):
        self.limit = limit
        self.n = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n >= self.limit:
            raise StopAsyncIteration
        await asyncio.sleep(0.5)
        self.n += 1
        return self.n


async def main():
    async for t in Ticker(3):
        print(f"{asyncio.get_running_loop().time():.2f} tick {t}")
    print(await anext(Ticker(1)))
    it = Ticker(0)
    print(await anext(it, "empty"))


asyncio.run(main())
