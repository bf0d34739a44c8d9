# get_nowait on an empty queue
import asyncio


async def main():
    q = asyncio.Queue(maxsize=1)
    q.put_nowait("a")
    try:
        q.put_nowait("b")
    except asyncio.QueueFull:
        print("queue full")
    print(q.get_nowait())
    q.get_nowait()


asyncio.run(main())
