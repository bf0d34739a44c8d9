# an async generator consumed by a comprehension with a condition
import asyncio


async def readings():
    try:
        for value in [3, 8, 12, 5]:
            await asyncio.sleep(0.5)
            yield value
    finally:
        print("sensor released")


async def main():
    loop = asyncio.get_running_loop()
    high = [v async for v in readings() if v > 4]
    print(f"{loop.time():.2f}", high)
    async for v in readings():
        if v > 10:
            print(f"{loop.time():.2f} alarm at", v)
            break
    await asyncio.sleep(0)
    print(f"{loop.time():.2f} done")


asyncio.run(main())
