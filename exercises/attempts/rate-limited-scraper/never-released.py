# A learner's attempt: awaits the response and never releases it, so the
# semaphore is given back while the connection is still held.
# fails: At most `limit` requests in flight at any instant
# fails: Releases every response
import asyncio


async def scrape(session, urls, *, rate, limit):
    sem = asyncio.Semaphore(limit)
    interval = 1 / rate

    async def fetch(i, url):
        await asyncio.sleep(i * interval)
        async with sem:
            resp = await session.get(url)
            return url, resp.status

    return dict(await asyncio.gather(*(fetch(i, u) for i, u in enumerate(urls))))
