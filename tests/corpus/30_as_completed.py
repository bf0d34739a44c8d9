"""asyncio.as_completed: results in completion order, exceptions, timeout raising TimeoutError."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def fetch(url, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ConnectionError(f"cannot reach {url}")
    return f"<{url}>"


async def main():
    coros = [fetch("a.com", 0.9), fetch("b.org", 0.3), fetch("c.net", 0.6), fetch("d.io", 0.1)]
    for i, fut in enumerate(asyncio.as_completed(coros)):
        print(now(), i, await fut)

    coros = [fetch("ok.com", 0.2), fetch("down.com", 0.4, fail=True), fetch("late.com", 0.5)]
    for fut in asyncio.as_completed(coros):
        try:
            print(now(), "got", await fut)
        except ConnectionError as e:
            print(now(), "error", e)

    tasks = [asyncio.create_task(fetch(f"s{i}", i * 0.5)) for i in range(1, 5)]
    got = []
    try:
        for fut in asyncio.as_completed(tasks, timeout=1.2):
            got.append(await fut)
            print(now(), "before deadline", got[-1])
    except TimeoutError:
        print(now(), "as_completed timed out after", len(got))
    print(now(), "leftover tasks done:", [t.done() for t in tasks])
    rest = await asyncio.gather(*tasks[len(got):])
    print(now(), "leftovers:", rest)


asyncio.run(main())
