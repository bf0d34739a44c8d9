import asyncio


def parse(status):
    if status >= 400:
        raise ValueError(f"bad status {status}")
    return status


async def scrape(session, urls, *, rate, limit):
    sem = asyncio.Semaphore(limit)

    async def one(url):
        async with sem:
            async with session.get(url) as resp:
                return url, parse(resp.status)

    return dict(await asyncio.gather(*(one(u) for u in urls)))


# A learner's attempt: turns an error status into an exception, so the
# scrape raises; the checker names the line it came from, and judges
# nothing else (every other requirement is "not checked").
# fails: Defines `scrape` and runs without an exception
# fails: Returns {url: status} for every URL
# fails: Requests every URL exactly once
# fails: At most `limit` requests in flight at any instant
# fails: Starts obey the token bucket: at most rate × (1 + d) in any d seconds
# fails: Releases every response
# fails: Finishes within 25% of the fastest time the limits allow
# fails: Leaves no task running when it returns
