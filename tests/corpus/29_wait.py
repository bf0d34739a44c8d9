"""asyncio.wait with FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED and timeout; done/pending sets."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f"{name} broke")
    return name


def names(tasks):
    return sorted(t.get_name() for t in tasks)


def make(specs):
    return [asyncio.create_task(job(n, d, f), name=n) for n, d, f in specs]


async def main():
    tasks = make([("a", 0.3, False), ("b", 0.1, False), ("c", 0.2, False)])
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(now(), "FIRST_COMPLETED done", names(done), "pending", names(pending))
    done, pending = await asyncio.wait(pending)
    print(now(), "ALL_COMPLETED done", names(done), "pending", names(pending))
    print("results", [t.result() for t in tasks])

    tasks = make([("d", 0.5, False), ("e", 0.2, True), ("f", 1.0, False)])
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print(now(), "FIRST_EXCEPTION done", names(done), "pending", names(pending))
    for t in sorted(done, key=lambda t: t.get_name()):
        print("  ", t.get_name(), repr(t.exception()))
    for t in sorted(pending, key=lambda t: t.get_name()):
        t.cancel()
    done, pending = await asyncio.wait(pending, return_when=asyncio.ALL_COMPLETED)
    print(now(), "after cancel:", [(t.get_name(), t.cancelled()) for t in sorted(done, key=lambda t: t.get_name())])

    tasks = make([("g", 0.4, False), ("h", 2.0, False)])
    done, pending = await asyncio.wait(tasks, timeout=1.0)
    print(now(), "timeout done", names(done), "pending", names(pending))
    done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)
    print(now(), "no exception -> waits for all:", names(done))
    print(asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION, asyncio.ALL_COMPLETED)


asyncio.run(main())
