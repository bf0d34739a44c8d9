"""asyncio.shield: the inner task survives cancellation of the outer await; wait_for + shield."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def critical_write(data):
    print(now(), f"write {data!r} begins")
    await asyncio.sleep(1.0)
    print(now(), f"write {data!r} committed")
    return len(data)


async def handler():
    try:
        return await asyncio.shield(critical_write("payload"))
    except asyncio.CancelledError:
        print(now(), "handler cancelled; write continues in background")
        raise


async def main():
    t = asyncio.create_task(handler())
    await asyncio.sleep(0.3)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print(now(), "handler task cancelled:", t.cancelled())
    await asyncio.sleep(1.0)
    print(now(), "after the write should be done")

    inner = asyncio.create_task(critical_write("second"))
    try:
        await asyncio.wait_for(asyncio.shield(inner), timeout=0.5)
    except TimeoutError:
        print(now(), "wait_for timed out, inner cancelled?", inner.cancelled())
    print(now(), "inner result:", await inner)

    done = asyncio.create_task(critical_write("x"))
    await asyncio.sleep(2)
    print(now(), "shield of done task:", await asyncio.shield(done))


asyncio.run(main())
