"""Pipeline: stages connected by queues (fetch -> parse -> store), each stage concurrent, end-of-stream propagation."""
import asyncio

DONE = object()


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def source(out_q, urls):
    for url in urls:
        await asyncio.sleep(0.2)
        await out_q.put(url)
    await out_q.put(DONE)


async def stage(name, in_q, out_q, fn, delay):
    count = 0
    while (item := await in_q.get()) is not DONE:
        await asyncio.sleep(delay)
        result = fn(item)
        print(now(), f"{name}: {item!r} -> {result!r}")
        await out_q.put(result)
        count += 1
    await out_q.put(DONE)
    return f"{name} handled {count}"


async def sink(in_q, store):
    while (item := await in_q.get()) is not DONE:
        store.append(item)
    return len(store)


async def main():
    q1, q2, q3 = asyncio.Queue(), asyncio.Queue(2), asyncio.Queue()
    store = []
    urls = ["/a", "/bb", "/ccc", "/dddd"]
    results = await asyncio.gather(
        source(q1, urls),
        stage("fetch", q1, q2, lambda u: f"<html>{u}</html>", 0.3),
        stage("parse", q2, q3, lambda h: len(h), 0.5),
        sink(q3, store),
    )
    print(now(), results)
    print(now(), "stored:", store, "sum:", sum(store))


asyncio.run(main())
