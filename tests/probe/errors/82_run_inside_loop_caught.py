# asyncio.run called again inside main, the error caught and the coroutine lost
import asyncio


async def fetch():
    print("fetch ran")
    return "data"


async def main():
    try:
        result = asyncio.run(fetch())
        print("got", result)
    except RuntimeError as e:
        print("RuntimeError:", e)
    print("main goes on")
    await asyncio.sleep(0.1)
    print("main done")


asyncio.run(main())
print("program done")
