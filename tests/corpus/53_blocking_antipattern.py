"""The blocking-call anti-pattern: time.sleep inside a coroutine freezes the loop; other tasks' timers fire late."""
import asyncio
import time


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def heartbeat(name, period, count, lateness):
    loop = asyncio.get_running_loop()
    for i in range(count):
        expected = loop.time() + period
        await asyncio.sleep(period)
        late = loop.time() - expected
        lateness.append(round(late, 2))
        print(now(), f"{name} beat {i} (late by {late:.2f}s)")


async def bad_worker():
    await asyncio.sleep(0.25)
    print(now(), "bad worker: calling time.sleep(1.5) -- blocks everyone")
    time.sleep(1.5)
    print(now(), "bad worker: woke up; nothing else ran meanwhile")
    await asyncio.sleep(0.25)
    print(now(), "bad worker: now doing it right with asyncio.sleep(1.5)")
    await asyncio.sleep(1.5)
    print(now(), "bad worker: done")


async def main():
    lateness = []
    loop = asyncio.get_running_loop()
    before = loop.time()
    await asyncio.gather(heartbeat("hb", 0.5, 8, lateness), bad_worker())
    print(now(), f"elapsed {loop.time() - before:.2f}")
    print("lateness per beat:", lateness, "max:", max(lateness))
    t0 = loop.time()
    time.sleep(0.75)
    print(now(), f"time.sleep moved the loop clock by {loop.time() - t0:.2f}")


asyncio.run(main())
