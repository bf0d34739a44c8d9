# contextlib.asynccontextmanager
import asyncio
from contextlib import asynccontextmanager


@asynccontextmanager
async def timer(label):
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        yield
    finally:
        print(f"{label} took {loop.time() - start:.2f}s")


async def main():
    async with timer("nap"):
        await asyncio.sleep(1.5)
    try:
        async with timer("failing"):
            await asyncio.sleep(0.5)
            raise ValueError("oops")
    except ValueError as e:
        print("error:", e)


asyncio.run(main())
