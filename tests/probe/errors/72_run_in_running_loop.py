# calling asyncio.run inside a coroutine
import asyncio


async def helper():
    return 1


async def main():
    coro = helper()
    try:
        asyncio.run(coro)
    except RuntimeError as e:
        print("RuntimeError:", e)
    print(await coro)


asyncio.run(main())
