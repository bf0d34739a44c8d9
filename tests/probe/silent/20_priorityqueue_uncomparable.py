# equal priorities with dict payloads cannot be compared
import asyncio


async def main():
    q = asyncio.PriorityQueue()
    await q.put((1, {"job": "email"}))
    await q.put((2, {"job": "backup"}))
    print("two jobs queued")
    await q.put((1, {"job": "report"}))
    print("not reached")


asyncio.run(main())
