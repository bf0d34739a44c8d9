# A learner's attempt: a token bucket, but nothing bounds what is in flight.
# fails: At most `limit` requests in flight at any instant
import asyncio


async def scrape(session, urls, *, rate, limit):
    loop = asyncio.get_running_loop()
    tokens, last = float(rate), loop.time()

    async def take():
        nonlocal tokens, last
        while True:
            now = loop.time()
            tokens = min(rate, tokens + (now - last) * rate)
            last = now
            if tokens >= 1:
                tokens -= 1
                return
            await asyncio.sleep((1 - tokens) / rate)

    async def fetch(url):
        await take()
        async with session.get(url) as resp:
            return url, resp.status

    return dict(await asyncio.gather(*(fetch(u) for u in urls)))
