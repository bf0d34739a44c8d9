# a failing task nobody awaits: the program still finishes
import asyncio


async def oops():
    raise ValueError("nobody listens")


async def main():
    asyncio.create_task(oops())
    await asyncio.sleep(1)
    print("main finished normally")


asyncio.run(main())
