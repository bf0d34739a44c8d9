"""asyncio.Lock: mutual exclusion protecting a read-modify-write, locked(), release of unlocked lock, FIFO handoff."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


balance = 100


async def unsafe_withdraw(amount):
    global balance
    current = balance
    await asyncio.sleep(0.1)
    balance = current - amount


async def safe_withdraw(lock, amount, who):
    global balance
    async with lock:
        print(now(), f"{who} holds the lock")
        current = balance
        await asyncio.sleep(0.1)
        balance = current - amount


async def main():
    global balance
    await asyncio.gather(*(unsafe_withdraw(10) for _ in range(5)))
    print(now(), "unsafe balance:", balance)
    balance = 100
    lock = asyncio.Lock()
    await asyncio.gather(*(safe_withdraw(lock, 10, f"w{i}") for i in range(5)))
    print(now(), "safe balance:", balance, "locked:", lock.locked())

    await lock.acquire()
    print(now(), "manually locked:", lock.locked())
    t = asyncio.create_task(lock.acquire())
    await asyncio.sleep(1)
    print(now(), "second acquirer waiting:", not t.done())
    lock.release()
    await t
    print(now(), "handed over:", lock.locked())
    lock.release()
    try:
        lock.release()
    except RuntimeError as e:
        print(now(), "RuntimeError:", e)


asyncio.run(main())
