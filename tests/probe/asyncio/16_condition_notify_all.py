# notify_all wakes every waiter
import asyncio


async def waiter(cond, n):
    async with cond:
        await cond.wait()
        print(f"{asyncio.get_running_loop().time():.2f} waiter {n} woke")


async def main():
    cond = asyncio.Condition()
    tasks = [asyncio.create_task(waiter(cond, n)) for n in range(3)]
    await asyncio.sleep(1)
    async with cond:
        cond.notify_all()
    await asyncio.gather(*tasks)
    try:
        cond.notify()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
