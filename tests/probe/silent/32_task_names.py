# default task names count up
import asyncio


async def noop():
    await asyncio.sleep(0)
    return asyncio.current_task().get_name()


async def main():
    print(asyncio.current_task().get_name())
    tasks = [asyncio.create_task(noop()) for _ in range(3)]
    print(await asyncio.gather(*tasks))
    named = asyncio.create_task(noop(), name="worker")
    print(await named)
    print(await asyncio.gather(noop(), noop()))


asyncio.run(main())
