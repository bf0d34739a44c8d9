# retrying with exponential backoff
import asyncio

attempts = 0


async def flaky():
    global attempts
    attempts += 1
    await asyncio.sleep(0.1)
    if attempts < 4:
        raise ConnectionError(f"attempt {attempts} failed")
    return "success"


async def with_retry(fn, retries=5, base=0.5):
    for i in range(retries):
        try:
            return await fn()
        except ConnectionError as e:
            wait = base * 2 ** i
            print(f"{asyncio.get_running_loop().time():.2f} {e}; retrying in {wait}s")
            await asyncio.sleep(wait)
    raise RuntimeError("gave up")


async def main():
    print(await with_retry(flaky), f"after {attempts} attempts")


asyncio.run(main())
