# A learner's attempt: a semaphore for the limit, nothing for the rate.
# fails: Starts obey the token bucket: at most rate × (1 + d) in any d seconds
import asyncio


async def scrape(session, urls, *, rate, limit):
    sem = asyncio.Semaphore(limit)

    async def fetch(url):
        async with sem:
            async with session.get(url) as resp:
                return url, resp.status

    return dict(await asyncio.gather(*(fetch(u) for u in urls)))
