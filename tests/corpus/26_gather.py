"""asyncio.gather: result order, return_exceptions=True, first exception propagates, nested gather, cancelling a gather."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def job(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(now(), f"{name} cancelled")
        raise
    if fail:
        raise RuntimeError(f"{name} failed")
    print(now(), f"{name} finished")
    return name.upper()


async def main():
    res = await asyncio.gather(job("a", 0.3), job("b", 0.1), job("c", 0.2))
    print(now(), "ordered results:", res)
    res = await asyncio.gather(job("d", 0.2), job("e", 0.1, fail=True), job("f", 0.3),
                               return_exceptions=True)
    print(now(), "with exceptions:", res)
    try:
        await asyncio.gather(job("g", 0.5), job("h", 0.1, fail=True))
    except RuntimeError as e:
        print(now(), "gather raised:", repr(e))
    await asyncio.sleep(0.5)
    print(now(), "g was left running, not cancelled")
    nested = await asyncio.gather(asyncio.gather(job("i", 0.1), job("j", 0.2)), job("k", 0.15))
    print(now(), "nested:", nested)
    print(now(), "empty gather:", await asyncio.gather())
    g = asyncio.gather(job("l", 1), job("m", 2))
    await asyncio.sleep(0.5)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print(now(), "gather cancelled:", g.cancelled())
    res = await asyncio.gather(job("n", 0.1), asyncio.sleep(0.2, result=7), return_exceptions=True)
    print(now(), res)


asyncio.run(main())
