# BoundedSemaphore refuses extra releases
import asyncio


async def main():
    sem = asyncio.Semaphore(1)
    sem.release()
    print("plain semaphore value now allows", 2, "holders:", not sem.locked())
    bsem = asyncio.BoundedSemaphore(1)
    await bsem.acquire()
    bsem.release()
    bsem.release()


asyncio.run(main())
