"""A concurrent crawler: bounded concurrency with Semaphore, visited set, link graph, per-fetch timeout, results gathered."""
import asyncio

GRAPH = {
    "/": ["/a", "/b", "/c"],
    "/a": ["/a1", "/a2", "/"],
    "/b": ["/b1", "/slow"],
    "/c": ["/a", "/c1"],
    "/a1": [], "/a2": ["/a1"], "/b1": ["/b"], "/c1": [], "/slow": ["/never"],
}
COST = {"/slow": 5.0}


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def fetch(url):
    await asyncio.sleep(COST.get(url, 0.1 * len(url)))
    return GRAPH.get(url, [])


async def crawl(start, limit=2, timeout=1.0):
    sem = asyncio.Semaphore(limit)
    seen = {start}
    order = []
    failed = []

    async def visit(url):
        async with sem:
            try:
                links = await asyncio.wait_for(fetch(url), timeout)
            except TimeoutError:
                failed.append(url)
                print(now(), "timeout", url)
                return
        order.append(url)
        print(now(), "visited", url, "->", links)
        new = [link for link in links if link not in seen]
        seen.update(new)
        await asyncio.gather(*(visit(link) for link in new))

    await visit(start)
    return order, failed, len(seen)


async def main():
    order, failed, seen = await crawl("/")
    print(now(), "order:", order)
    print("failed:", failed, "seen:", seen)


asyncio.run(main())
