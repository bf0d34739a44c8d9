"""asyncio.wait_for: success, TimeoutError, inner task cancelled with cleanup, timeout=None, wrapping a Task."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def slow(name, delay):
    try:
        await asyncio.sleep(delay)
        return f"{name} ok"
    except asyncio.CancelledError:
        print(now(), f"{name} cancelled, cleaning up")
        await asyncio.sleep(0.1)
        print(now(), f"{name} cleanup finished")
        raise


async def main():
    print(now(), await asyncio.wait_for(slow("quick", 0.5), timeout=1))
    try:
        await asyncio.wait_for(slow("tardy", 5), timeout=1.5)
    except asyncio.TimeoutError as e:
        print(now(), "timed out:", repr(e), type(e) is TimeoutError, isinstance(e, TimeoutError))
    print(now(), await asyncio.wait_for(slow("unbounded", 2), timeout=None))
    task = asyncio.create_task(slow("task", 3))
    try:
        await asyncio.wait_for(task, 0.5)
    except TimeoutError:
        print(now(), "task cancelled?", task.cancelled(), "done?", task.done())
    try:
        await asyncio.wait_for(slow("zero", 1), timeout=0)
    except TimeoutError:
        print(now(), "timeout=0 raises at once")
    print(now(), await asyncio.wait_for(asyncio.sleep(0.2, result="plain"), 0.3))


asyncio.run(main())
