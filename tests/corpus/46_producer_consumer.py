"""Producer/consumer: bounded queue, several producers and consumers, sentinel shutdown, throughput timing."""
import asyncio

SENTINEL = None


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def producer(q, name, count, interval):
    for i in range(count):
        await asyncio.sleep(interval)
        item = f"{name}-{i}"
        await q.put(item)
        print(now(), f"produced {item} (queue {q.qsize()})")
    return count


async def consumer(q, name, cost, stats):
    while True:
        item = await q.get()
        if item is SENTINEL:
            q.task_done()
            print(now(), f"{name} stopping")
            break
        await asyncio.sleep(cost)
        stats[name] = stats.get(name, 0) + 1
        print(now(), f"{name} consumed {item}")
        q.task_done()


async def main():
    q = asyncio.Queue(maxsize=3)
    stats = {}
    consumers = [asyncio.create_task(consumer(q, f"C{i}", 0.4 + 0.2 * i, stats)) for i in range(2)]
    produced = await asyncio.gather(producer(q, "P", 5, 0.1), producer(q, "Q", 3, 0.25))
    print(now(), "producers done:", produced)
    for _ in consumers:
        await q.put(SENTINEL)
    await q.join()
    await asyncio.gather(*consumers)
    print(now(), "stats:", dict(sorted(stats.items())), "total:", sum(stats.values()))


asyncio.run(main())
