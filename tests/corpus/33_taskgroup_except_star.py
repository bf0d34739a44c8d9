"""Errors inside a TaskGroup: siblings cancelled, ExceptionGroup raised, handled with except*."""
import asyncio

def now():
    return f"{asyncio.get_running_loop().time():.2f}"

class QuotaError(Exception):
    pass

async def worker(name, delay, exc=None):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(now(), f"{name} cancelled by the group")
        raise
    if exc is not None:
        print(now(), f"{name} raising {exc!r}")
        raise exc
    print(now(), f"{name} completed")
    return name

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("ok", 0.2))
            tg.create_task(worker("bad", 0.5, ValueError("bad input")))
            tg.create_task(worker("slow", 2.0))
    except* ValueError as eg:
        print(now(), "except* ValueError:", repr(eg), [repr(e) for e in eg.exceptions])

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("v", 0.3, ValueError("v")))
            tg.create_task(worker("q", 0.3, QuotaError("over quota")))
            tg.create_task(worker("k", 0.3, KeyError("k")))
    except* (ValueError, KeyError) as eg:
        print(now(), "value/key:", sorted(type(e).__name__ for e in eg.exceptions))
    except* QuotaError as eg:
        print(now(), "quota:", eg.exceptions, str(eg))

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("x", 0.1, RuntimeError("x")))
            await asyncio.sleep(1)
            print("not reached")
    except* RuntimeError as eg:
        print(now(), "body was cancelled too:", eg.exceptions[0])

    try:
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(worker("z", 0.1, ZeroDivisionError("z")))
        except* KeyError:
            print("not this one")
    except ExceptionGroup as eg:
        print(now(), "unhandled part propagates:", repr(eg))

asyncio.run(main())
