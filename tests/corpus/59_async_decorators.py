"""Decorators around coroutines: timing, caching, stacking, decorator with arguments, class-based decorator, functools.wraps."""
import asyncio
import functools

def timed(fn):
    @functools.wraps(fn)
    async def wrapper(*args, **kwargs):
        loop = asyncio.get_running_loop()
        start = loop.time()
        try:
            return await fn(*args, **kwargs)
        finally:
            print(f"{loop.time():.2f} {fn.__name__}{args} took {loop.time() - start:.2f}s")
    return wrapper

def async_cache(fn):
    cache = {}

    @functools.wraps(fn)
    async def wrapper(key):
        if key not in cache:
            cache[key] = await fn(key)
        else:
            print(f"cache hit for {key!r}")
        return cache[key]
    wrapper.cache = cache
    return wrapper

class CountCalls:
    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.calls = 0

    async def __call__(self, *args):
        self.calls += 1
        return await self.fn(*args)

@timed
@async_cache
async def lookup(key):
    await asyncio.sleep(len(key) * 0.1)
    return key.upper()

@CountCalls
async def ping(host):
    await asyncio.sleep(0.2)
    return f"pong from {host}"

async def main():
    print(await lookup("alpha"))
    print(await lookup("alpha"))
    print(await lookup("be"))
    print(lookup.__name__, sorted(lookup.__wrapped__.cache))
    results = await asyncio.gather(ping("a"), ping("b"), ping("c"))
    print(results, ping.calls, ping.__name__)
    deco_plain = timed(asyncio.sleep)
    await deco_plain(0.5)

asyncio.run(main())
