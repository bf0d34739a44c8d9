"""Token-bucket throttling written in Python: capacity, refill rate, waiting for tokens; requests spaced by the bucket."""
import asyncio


class TokenBucket:
    def __init__(self, rate, capacity):
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.loop = asyncio.get_running_loop()
        self.updated = self.loop.time()
        self.lock = asyncio.Lock()

    def _refill(self):
        now = self.loop.time()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    async def take(self, n=1):
        async with self.lock:
            while True:
                self._refill()
                if self.tokens >= n:
                    self.tokens -= n
                    return
                await asyncio.sleep((n - self.tokens) / self.rate)


async def client(bucket, name, count, log):
    loop = asyncio.get_running_loop()
    for i in range(count):
        await bucket.take()
        log.append((round(loop.time(), 3), name))
        print(f"{loop.time():.2f} {name} request {i} (tokens left {bucket.tokens:.2f})")


async def main():
    bucket = TokenBucket(rate=2.0, capacity=3)
    log = []
    await asyncio.gather(client(bucket, "A", 4, log), client(bucket, "B", 4, log))
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.2f} served {len(log)} requests")
    burst = sum(1 for t, _ in log if t == 0)
    print("burst at t=0:", burst, "| last at", log[-1][0])
    await asyncio.sleep(5)
    await bucket.take(3)
    print(f"{loop.time():.2f} refilled to capacity, took 3 at once")
    await bucket.take(2)
    print(f"{loop.time():.2f} waited for 2 more")


asyncio.run(main())
