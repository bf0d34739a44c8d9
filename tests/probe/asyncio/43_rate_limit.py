# a simple rate limiter: one request every 0.5s
import asyncio


class RateLimiter:
    def __init__(self, interval):
        self.interval = interval
        self.lock = asyncio.Lock()
        self.next_time = 0.0

    async def wait(self):
        async with self.lock:
            loop = asyncio.get_running_loop()
            now = loop.time()
            if now < self.next_time:
                await asyncio.sleep(self.next_time - now)
            self.next_time = loop.time() + self.interval


async def request(limiter, n):
    await limiter.wait()
    print(f"{asyncio.get_running_loop().time():.2f} request {n}")


async def main():
    limiter = RateLimiter(0.5)
    await asyncio.gather(*(request(limiter, n) for n in range(4)))


asyncio.run(main())
