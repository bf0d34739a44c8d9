"""Timeouts pattern: per-request deadlines, an overall budget, fallbacks to cached values, timing out a group of requests."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


LATENCY = {"users": 0.2, "orders": 1.5, "stock": 0.7, "reviews": 3.0}
CACHE = {"orders": ["cached-order"], "reviews": []}


async def call(service):
    try:
        await asyncio.sleep(LATENCY[service])
        return f"{service}-fresh"
    except asyncio.CancelledError:
        print(now(), f"  {service} call abandoned")
        raise


async def with_fallback(service, timeout):
    try:
        return await asyncio.wait_for(call(service), timeout)
    except TimeoutError:
        fallback = CACHE.get(service, "unavailable")
        print(now(), f"{service} timed out after {timeout}s -> {fallback!r}")
        return fallback


async def main():
    results = await asyncio.gather(*(with_fallback(s, 1.0) for s in LATENCY))
    print(now(), "per-request:", results)

    done = {}
    try:
        async with asyncio.timeout(2.0):
            for s in ["users", "stock", "orders", "reviews"]:
                done[s] = await call(s)
                print(now(), f"budget: {s} ok")
    except TimeoutError:
        print(now(), "overall budget exhausted; completed:", list(done))

    tasks = [asyncio.create_task(call(s)) for s in LATENCY]
    finished, pending = await asyncio.wait(tasks, timeout=1.0)
    late = [t for t in tasks if t in pending]  # a set of tasks has no fixed order
    for t in late:
        t.cancel()
    await asyncio.gather(*late, return_exceptions=True)
    print(now(), "in time:", sorted(t.result() for t in finished), "late:", len(pending))


asyncio.run(main())
