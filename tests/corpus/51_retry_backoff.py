"""Retry with exponential backoff (and seeded jitter) as a decorator; giving up after max attempts."""
import asyncio
import functools
import random

def now():
    return f"{asyncio.get_running_loop().time():.2f}"

class TransientError(Exception):
    pass

def retry(attempts=4, base=0.5, factor=2.0, jitter=0.0, retry_on=(TransientError,)):
    def deco(fn):
        @functools.wraps(fn)
        async def wrapper(*args, **kwargs):
            delay = base
            for attempt in range(1, attempts + 1):
                try:
                    return await fn(*args, **kwargs)
                except retry_on as e:
                    if attempt == attempts:
                        print(now(), f"{fn.__name__}: giving up after {attempt} attempts")
                        raise
                    wait = round(delay + random.uniform(0, jitter), 3)
                    print(now(), f"{fn.__name__}: attempt {attempt} failed ({e}); retry in {wait:.3f}s")
                    await asyncio.sleep(wait)
                    delay *= factor
        return wrapper
    return deco
calls = {"flaky": 0}

@retry(attempts=5, base=0.25)
async def flaky():
    calls["flaky"] += 1
    await asyncio.sleep(0.1)
    if calls["flaky"] < 4:
        raise TransientError(f"failure #{calls['flaky']}")
    return "success"

@retry(attempts=3, base=1, jitter=0.5)
async def always_down():
    raise TransientError("service unavailable")

@retry()
async def fatal():
    raise KeyError("not retried")

async def main():
    random.seed(42)
    result = await flaky()
    print(now(), "flaky ->", result, "after", calls["flaky"], "calls")
    try:
        await always_down()
    except TransientError as e:
        print(now(), "final error:", repr(e))
    try:
        await fatal()
    except KeyError as e:
        print(now(), "non-retryable:", repr(e), fatal.__name__)
asyncio.run(main())
