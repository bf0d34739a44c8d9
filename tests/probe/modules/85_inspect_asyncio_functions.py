# which asyncio functions and methods inspect calls coroutine functions
import asyncio
import inspect
import time


async def handler():
    pass


async def main():
    q = asyncio.Queue()
    lock = asyncio.Lock()
    event = asyncio.Event()
    sem = asyncio.Semaphore(2)
    cond = asyncio.Condition()
    checks = {
        "asyncio.sleep": asyncio.sleep,
        "asyncio.wait_for": asyncio.wait_for,
        "asyncio.wait": asyncio.wait,
        "asyncio.to_thread": asyncio.to_thread,
        "asyncio.gather": asyncio.gather,
        "asyncio.create_task": asyncio.create_task,
        "q.get": q.get,
        "q.put": q.put,
        "q.join": q.join,
        "q.get_nowait": q.get_nowait,
        "lock.acquire": lock.acquire,
        "lock.release": lock.release,
        "event.wait": event.wait,
        "event.set": event.set,
        "sem.acquire": sem.acquire,
        "cond.wait": cond.wait,
        "cond.notify": cond.notify,
        "time.sleep": time.sleep,
        "handler": handler,
        "print": print,
    }
    for name, f in checks.items():
        print(f"{name:20} {inspect.iscoroutinefunction(f)} {asyncio.iscoroutinefunction(f)}")


asyncio.run(main())
