# as_completed with a timeout
import asyncio


async def job(n):
    await asyncio.sleep(n)
    return n


async def main():
    got = []
    try:
        for c in asyncio.as_completed([job(3), job(1), job(2)], timeout=2.5):
            got.append(await c)
            print(f"{asyncio.get_running_loop().time():.2f} got {got[-1]}")
    except TimeoutError:
        print(f"{asyncio.get_running_loop().time():.2f} timeout with {got}")


asyncio.run(main())
