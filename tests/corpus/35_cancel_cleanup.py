"""Cancellation with awaited cleanup: cancel(msg), CancelledError args, finally with await, cancelled(), cancel() return values."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def service(name):
    print(now(), f"{name} started")
    try:
        while True:
            await asyncio.sleep(1)
            print(now(), f"{name} heartbeat")
    except asyncio.CancelledError as e:
        print(now(), f"{name} got {e!r} args={e.args}")
        await asyncio.sleep(0.5)
        print(now(), f"{name} flushed buffers")
        raise
    finally:
        await asyncio.sleep(0.25)
        print(now(), f"{name} closed connections")


async def main():
    t = asyncio.create_task(service("svc"))
    await asyncio.sleep(2.5)
    print(now(), "cancel returns", t.cancel("shutting down"), "done?", t.done())
    try:
        await t
    except asyncio.CancelledError as e:
        print(now(), "awaiting cancelled task raised", repr(e))
    print(now(), "cancelled:", t.cancelled(), "done:", t.done(), "cancel again:", t.cancel())
    try:
        t.result()
    except asyncio.CancelledError as e:
        print(now(), "result() raises CancelledError", e.args)
    try:
        t.exception()
    except asyncio.CancelledError:
        print(now(), "exception() raises CancelledError too")

    u = asyncio.create_task(service("early"))
    u.cancel()
    await asyncio.sleep(0)
    print(now(), "cancelled before starting:", u.cancelled())
    print(issubclass(asyncio.CancelledError, BaseException), issubclass(asyncio.CancelledError, Exception))

    v = asyncio.create_task(asyncio.sleep(10))
    await asyncio.sleep(1)
    v.cancel()
    await asyncio.wait([v])
    print(now(), "plain sleep task cancelled:", v.cancelled())


asyncio.run(main())
