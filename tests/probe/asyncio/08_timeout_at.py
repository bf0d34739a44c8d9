# asyncio.timeout_at with an absolute deadline
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 2.5
    done = 0
    try:
        async with asyncio.timeout_at(deadline):
            while True:
                await asyncio.sleep(1)
                done += 1
                print(f"{loop.time():.2f} step {done}")
    except TimeoutError:
        print(f"{loop.time():.2f} stopped after {done} steps")


asyncio.run(main())
