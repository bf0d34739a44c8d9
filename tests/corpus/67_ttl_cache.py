"""A TTL cache with per-key locks (no dogpile): concurrent misses share one load; entries expire on the loop clock."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


class TTLCache:
    def __init__(self, loader, ttl):
        self.loader = loader
        self.ttl = ttl
        self.data = {}
        self.locks = {}
        self.loads = 0

    async def get(self, key):
        loop = asyncio.get_running_loop()
        entry = self.data.get(key)
        if entry and entry[1] > loop.time():
            return entry[0], "hit"
        lock = self.locks.setdefault(key, asyncio.Lock())
        async with lock:
            entry = self.data.get(key)
            if entry and entry[1] > loop.time():
                return entry[0], "shared"
            self.loads += 1
            value = await self.loader(key)
            self.data[key] = (value, loop.time() + self.ttl)
            return value, "miss"


async def slow_square(key):
    await asyncio.sleep(0.5)
    return key * key


async def main():
    cache = TTLCache(slow_square, ttl=1.8)
    results = await asyncio.gather(*(cache.get(k) for k in [3, 3, 4, 3, 4]))
    print(now(), results, "loads:", cache.loads)
    await asyncio.sleep(1.0)
    print(now(), await cache.get(3))
    await asyncio.sleep(1.0)
    print(now(), "after ttl:", await cache.get(3), "loads:", cache.loads)
    expiry = {k: f"{exp:.2f}" for k, (_, exp) in sorted(cache.data.items())}
    print(now(), "expiry times:", expiry)


asyncio.run(main())
