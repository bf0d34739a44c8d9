"""add_done_callback / remove_done_callback on tasks and futures; callbacks run via the loop in order; loop.create_future."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


def report(tag):
    def cb(fut):
        if fut.cancelled():
            state = "cancelled"
        elif fut.exception() is not None:
            state = f"failed {fut.exception()!r}"
        else:
            state = f"result {fut.result()!r}"
        print(now(), f"[{tag}] {state}")
    return cb


async def work(x):
    await asyncio.sleep(x)
    if x > 1:
        raise OverflowError(f"{x} too big")
    return x * 100


async def main():
    t1 = asyncio.create_task(work(0.5))
    t1.add_done_callback(report("t1-first"))
    t1.add_done_callback(report("t1-second"))
    t2 = asyncio.create_task(work(1.5))
    t2.add_done_callback(report("t2"))
    t3 = asyncio.create_task(work(3))
    cb = report("t3-removed")
    t3.add_done_callback(cb)
    print("removed count:", t3.remove_done_callback(cb))
    t3.add_done_callback(report("t3"))
    await asyncio.sleep(2)
    t3.cancel()
    await asyncio.sleep(0)
    print(now(), "after cancel tick")
    await asyncio.sleep(0)
    print(now(), "t2 exception retrieved:", repr(t2.exception()))

    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(report("future"))
    loop.call_later(1, fut.set_result, "from call_later")
    print(now(), "awaiting future")
    print(now(), "future gave", await fut)
    t1.add_done_callback(report("late-added"))
    await asyncio.sleep(0)
    print(now(), "end")


asyncio.run(main())
