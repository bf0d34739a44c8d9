"""Token-bucket throttling
The bucket refills at RATE tokens a second up to CAPACITY; each request spends a token, or sleeps until one is due.
Watch the first CAPACITY requests leave at once (the burst), then the rest settle into a steady beat of 1/RATE seconds."""
import asyncio
import time

RATE = 4.0
CAPACITY = 3
REQUESTS = 8

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.2f}s"


class TokenBucket:
    def __init__(self, rate, capacity):
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity  # start full: a burst is allowed
        self.updated = time.monotonic()
        self.lock = asyncio.Lock()  # waiters take turns, first come first served

    def _refill(self):
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    async def take(self):
        async with self.lock:
            self._refill()
            if self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self._refill()
            self.tokens = max(0.0, self.tokens - 1)  # max: ignore float rounding dust


async def request(n, bucket):
    await bucket.take()
    print(f"{elapsed()} request {n} sent ({bucket.tokens:.1f} tokens left)")


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()
    bucket = TokenBucket(RATE, CAPACITY)
    async with asyncio.TaskGroup() as group:
        for n in range(1, REQUESTS + 1):
            group.create_task(request(n, bucket), name=f"request-{n}")
    print(f"{elapsed()} {REQUESTS} requests, never faster than {RATE} per second after the burst")


asyncio.run(main())
