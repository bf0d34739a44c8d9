"""A crawler against the mock API
A semaphore caps how many requests are in flight; every request really goes to the mock API and takes its latency.
Watch the crawl tasks queue on the semaphore, then wait on "external" while their request is out; raise FAIL_RATE to see errors handled per user."""
import asyncio

import aiohttp

CONCURRENCY = 3
LATENCY_MS = 200
FAIL_RATE = 0.0


async def fetch_json(session, limit, path):
    async with limit:
        params = {"latency": LATENCY_MS, "fail": FAIL_RATE}
        async with session.get(path, params=params) as resp:
            resp.raise_for_status()
            return await resp.json()


async def crawl_user(session, limit, user):
    try:
        posts = await fetch_json(session, limit, f"/api/posts?user={user['id']}")
    except aiohttp.ClientResponseError as e:
        print(f"{user['name']}: failed with {e.status}")
        return 0
    titles = ", ".join(p["title"].split(" by ")[0] for p in posts)
    print(f"{user['name']}: {titles}")
    return len(posts)


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    limit = asyncio.Semaphore(CONCURRENCY)
    async with aiohttp.ClientSession() as session:
        users = await fetch_json(session, limit, "/api/users")
        print(f"found {len(users)} users")
        async with asyncio.TaskGroup() as tg:
            tasks = [
                tg.create_task(crawl_user(session, limit, u), name=f"crawl-{u['name']}")
                for u in users
            ]
    total = sum(t.result() for t in tasks)
    print(f"crawled {total} posts in {loop.time() - start:.1f}s")


asyncio.run(main())
