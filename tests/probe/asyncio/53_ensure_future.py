# ensure_future wraps a coroutine in a task
import asyncio


async def value():
    await asyncio.sleep(1)
    return 7


async def main():
    t = asyncio.ensure_future(value())
    print(isinstance(t, asyncio.Task))
    print(asyncio.ensure_future(t) is t)
    print(await t)


asyncio.run(main())
