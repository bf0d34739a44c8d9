"""asyncio.TaskGroup: structured concurrency, waits for all children, results via tasks, tasks added from inside."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def download(name, size):
    await asyncio.sleep(size / 10)
    print(now(), f"downloaded {name} ({size} kB)")
    return size


async def spawner(tg, depth):
    await asyncio.sleep(0.1)
    print(now(), f"spawner depth {depth}")
    if depth > 0:
        tg.create_task(spawner(tg, depth - 1))
    return depth


async def main():
    async with asyncio.TaskGroup() as tg:
        tasks = {name: tg.create_task(download(name, size), name=f"dl-{name}")
                 for name, size in [("a", 5), ("b", 2), ("c", 8)]}
        print(now(), "created", [t.get_name() for t in tasks.values()])
    print(now(), "group exited; total", sum(t.result() for t in tasks.values()))

    async with asyncio.TaskGroup() as tg:
        tg.create_task(spawner(tg, 3))
        await asyncio.sleep(0.05)
        print(now(), "body finished; the group keeps waiting")
    print(now(), "all nested spawns done")

    async with asyncio.TaskGroup() as tg:
        pass
    print(now(), "empty group ok")

    results = []
    async with asyncio.TaskGroup() as tg:
        for i in range(3):
            tg.create_task(download(f"f{i}", 3 - i)).add_done_callback(
                lambda t: results.append(t.result()))
    print(now(), "callback results", results)


asyncio.run(main())
