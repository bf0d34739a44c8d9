# A learner's attempt: both limits respected by fetching one URL at a time.
# fails: Finishes within 25% of the fastest time the limits allow
import asyncio


async def scrape(session, urls, *, rate, limit):
    results = {}
    for url in urls:
        async with session.get(url) as resp:
            results[url] = resp.status
        await asyncio.sleep(1 / rate)
    return results
