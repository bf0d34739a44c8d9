"""Task methods: create_task(name=), get_name/set_name, done, result, exception, cancelled; default Task-N names."""
import asyncio


async def compute(x, delay):
    await asyncio.sleep(delay)
    if x < 0:
        raise ValueError(f"negative: {x}")
    return x * 10


async def main():
    me = asyncio.current_task()
    print("main task name:", me.get_name())
    a = asyncio.create_task(compute(1, 1.0))
    b = asyncio.create_task(compute(-1, 0.5), name="bad-one")
    c = asyncio.get_running_loop().create_task(compute(3, 0.2))
    print("names:", a.get_name(), b.get_name(), c.get_name())
    c.set_name("renamed")
    print("renamed:", c.get_name(), "done?", a.done(), b.done(), c.done())
    try:
        a.result()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    await asyncio.sleep(0.6)
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.2f} done?", a.done(), b.done(), c.done())
    print("c result:", c.result(), "c exception:", c.exception())
    exc = b.exception()
    print("b exception:", repr(exc), "cancelled:", b.cancelled())
    try:
        b.result()
    except ValueError as e:
        print("b.result() raised", repr(e))
    print("await a ->", await a, f"at {loop.time():.2f}")
    try:
        await b
    except ValueError as e:
        print("await b raised", e)
    d = asyncio.create_task(compute(5, 0))
    print("d name:", d.get_name(), "value:", await d, "coro name:", d.get_coro().__name__)


asyncio.run(main())
