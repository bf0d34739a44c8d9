# calling task_done more often than get
import asyncio


async def main():
    q = asyncio.Queue()
    await q.put("x")
    await q.get()
    q.task_done()
    print("one task_done is fine")
    q.task_done()


asyncio.run(main())
