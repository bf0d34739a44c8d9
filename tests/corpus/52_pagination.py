"""Async generators with pagination: a fake paged API, an async generator following cursors, early exit closes it."""
import asyncio

DATA = [f"item{i:02d}" for i in range(23)]


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def fetch_page(cursor, size):
    await asyncio.sleep(0.3)
    start = cursor or 0
    page = DATA[start:start + size]
    nxt = start + size if start + size < len(DATA) else None
    print(now(), f"fetched page at {start}: {len(page)} items, next={nxt}")
    return {"items": page, "next": nxt}


async def paginate(size=10):
    cursor = None
    pages = 0
    try:
        while True:
            resp = await fetch_page(cursor, size)
            pages += 1
            for item in resp["items"]:
                yield item
            if (cursor := resp["next"]) is None:
                break
    finally:
        print(now(), f"paginator closed after {pages} pages")


async def main():
    count = 0
    async for item in paginate(size=8):
        count += 1
    print(now(), "total items:", count)
    agen = paginate(size=5)
    firsts = []
    async for item in agen:
        firsts.append(item)
        if item.endswith("6"):
            break
    await agen.aclose()
    print(now(), "stopped early:", firsts)
    upper = [item.upper() async for item in paginate(size=10) if item.endswith("0")]
    print(now(), upper)


asyncio.run(main())
