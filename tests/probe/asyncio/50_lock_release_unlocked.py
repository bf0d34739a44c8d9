# releasing a lock that is not held
import asyncio


async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    print("locked:", lock.locked())
    lock.release()
    print("locked:", lock.locked())
    lock.release()


asyncio.run(main())
