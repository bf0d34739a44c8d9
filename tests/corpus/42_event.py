"""asyncio.Event: wait/set/clear/is_set, many waiters released together, wait on an already-set event, wait with timeout."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def runner(name, start_gun):
    print(now(), f"{name} on the blocks")
    await start_gun.wait()
    print(now(), f"{name} running")
    await asyncio.sleep(len(name) * 0.5)
    print(now(), f"{name} finished")


async def main():
    gun = asyncio.Event()
    print("initially set?", gun.is_set())
    runners = [asyncio.create_task(runner(n, gun)) for n in ("ann", "bo", "chris")]
    await asyncio.sleep(2)
    gun.set()
    print(now(), "BANG, set?", gun.is_set())
    await asyncio.gather(*runners)
    print(now(), "already set returns immediately:", await gun.wait())
    gun.clear()
    print(now(), "cleared, set?", gun.is_set())
    try:
        await asyncio.wait_for(gun.wait(), timeout=0.75)
    except TimeoutError:
        print(now(), "nobody set it")
    asyncio.get_running_loop().call_later(0.5, gun.set)
    await gun.wait()
    print(now(), "set by call_later")
    gun.set()
    gun.set()
    print(now(), "set twice is fine:", gun.is_set())


asyncio.run(main())
