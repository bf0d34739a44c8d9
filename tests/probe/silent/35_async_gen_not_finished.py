# an async generator left unfinished when asyncio.run ends
import asyncio


async def stream():
    try:
        n = 0
        while True:
            yield n
            n += 1
            await asyncio.sleep(1)
    finally:
        print("stream closed")


async def main():
    s = stream()
    print(await s.__anext__())
    print(await s.__anext__())
    print("main returns")


asyncio.run(main())
print("after asyncio.run")
