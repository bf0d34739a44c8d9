# async with lock as l: what is l?
import asyncio


async def main():
    lock = asyncio.Lock()
    async with lock as l:
        print("inside, l is", l)
        print("locked?", lock.locked())
    print("after, locked?", lock.locked())
    sem = asyncio.Semaphore(2)
    async with sem as s:
        print("semaphore gives", s)


asyncio.run(main())
