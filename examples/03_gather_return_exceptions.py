"""gather with return_exceptions
By default the first failure jumps straight out of gather, while the other tasks keep running unwatched.
With return_exceptions=True gather waits for every task and hands back errors as values, in order."""
import asyncio

JOBS = 5
FAIL_EVERY = 3
STEP = 0.2

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


async def job(n):
    await asyncio.sleep(STEP * n)
    if n % FAIL_EVERY == 0:
        raise ValueError(f"job {n} failed")
    print(f"{elapsed()}   job {n} finished")
    return n * n


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()

    print(f"{elapsed()} plain gather:")
    tasks = [asyncio.create_task(job(n), name=f"job-{n}") for n in range(1, JOBS + 1)]
    try:
        results = await asyncio.gather(*tasks)
        print(f"{elapsed()} results: {results}")
    except ValueError as exc:
        print(f"{elapsed()} gather raised {exc!r}")
        running = [t.get_name() for t in tasks if not t.done()]
        print(f"{elapsed()} ...but these are still running: {running}")
    await asyncio.wait(tasks)  # let the stragglers finish before part two
    outcome = ["failed" if t.exception() else "ok" for t in tasks]
    print(f"{elapsed()} in the end: {outcome}")

    print(f"{elapsed()} gather(..., return_exceptions=True):")
    results = await asyncio.gather(*(job(n) for n in range(1, JOBS + 1)), return_exceptions=True)
    for n, result in enumerate(results, start=1):
        shown = f"error: {result}" if isinstance(result, Exception) else result
        print(f"{elapsed()} job {n} -> {shown}")


asyncio.run(main())
