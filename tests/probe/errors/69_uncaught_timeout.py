# a wait_for timeout that nobody catches
import asyncio


async def query():
    await asyncio.sleep(3)


async def main():
    print("querying")
    await asyncio.wait_for(query(), timeout=1)


asyncio.run(main())
