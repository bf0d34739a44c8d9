# wait_for with timeout 0 or None
import asyncio


async def quick():
    return "instant"


async def main():
    print(await asyncio.wait_for(quick(), timeout=None))
    try:
        print(await asyncio.wait_for(asyncio.sleep(1, "slept"), timeout=0))
    except TimeoutError:
        print("timeout=0 gives up immediately")
    print(await asyncio.wait_for(quick(), timeout=0))


asyncio.run(main())
