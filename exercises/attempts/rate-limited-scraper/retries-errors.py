# A learner's attempt: retries the URLs that answered 500.
# fails: Returns {url: status} for every URL
# fails: Requests every URL exactly once
import asyncio


async def scrape(session, urls, *, rate, limit):
    sem = asyncio.Semaphore(limit)

    async def fetch(i, url):
        await asyncio.sleep(i / rate)
        async with sem:
            for attempt in range(2):
                async with session.get(url) as resp:
                    if resp.status < 500:
                        return url, resp.status
            return url, None

    return dict(await asyncio.gather(*(fetch(i, u) for i, u in enumerate(urls))))
