"""Sleep interleaving: several tasks with different periods; sleep(0) yields; sleep returns its result argument."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def periodic(name, period, times):
    for i in range(times):
        await asyncio.sleep(period)
        print(now(), f"{name} tick {i}")
    return f"{name} done"


async def yielder(name, n):
    for i in range(n):
        print(now(), f"{name} step {i}")
        await asyncio.sleep(0)


async def main():
    t1 = asyncio.create_task(periodic("fast", 0.3, 4))
    t2 = asyncio.create_task(periodic("slow", 0.7, 2))
    r = await asyncio.sleep(0.5, result="sleep-result")
    print(now(), "main woke with", r)
    print(await t1, "|", await t2)
    await asyncio.gather(yielder("A", 3), yielder("B", 3))
    await asyncio.sleep(1e-3)
    print(now(), "tiny sleep done")
    await asyncio.sleep(-1)
    print(now(), "negative sleep returns at once")
    await asyncio.sleep(59.95)
    print(now(), "a minute")


asyncio.run(main())
