# Barrier cycles, abort and reset; Runner after close; Future built
# directly, with callbacks and exceptions.
import asyncio


async def worker(barrier, name, delay, log):
    await asyncio.sleep(delay)
    pos = await barrier.wait()
    log.append((name, pos, asyncio.get_running_loop().time()))


async def cycles():
    barrier = asyncio.Barrier(2)
    log = []
    await asyncio.gather(*(worker(barrier, n, d, log) for n, d in [("a", 1), ("b", 2), ("c", 3), ("d", 4)]))
    print(log)
    print(barrier.parties, barrier.n_waiting, barrier.broken)


async def aborted():
    barrier = asyncio.Barrier(3)

    async def waiter(name):
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError as e:
            print(name, "broken:", repr(e))

    tasks = [asyncio.create_task(waiter(n)) for n in "xy"]
    await asyncio.sleep(1)
    print("waiting:", barrier.n_waiting)
    await barrier.abort()
    await asyncio.gather(*tasks)
    print(barrier.broken, barrier.n_waiting)
    try:
        await barrier.wait()
    except asyncio.BrokenBarrierError as e:
        print("after abort:", e)
    await barrier.reset()
    print(barrier.broken, barrier.n_waiting)


async def futures():
    loop = asyncio.get_running_loop()
    fut = asyncio.Future()
    fut.add_done_callback(lambda f: print("callback sees", f.result()))
    loop.call_later(1, fut.set_result, 42)
    print(await fut, fut.done())
    try:
        asyncio.Future(1)
    except TypeError as e:
        print("TypeError:", e)
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(cycles())
asyncio.run(aborted())
asyncio.run(futures())
runner = asyncio.Runner()
print(runner.run(asyncio.sleep(1, "slept")))
runner.close()
coro = asyncio.sleep(1)
try:
    runner.run(coro)
except RuntimeError as e:
    print("RuntimeError:", e)
coro.close()
