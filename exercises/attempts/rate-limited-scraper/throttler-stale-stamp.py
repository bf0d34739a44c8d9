# A learner's attempt: the tutorial Throttler, which stamps its last update
# with the clock reading taken before it slept.
# fails: Starts obey the token bucket: at most rate × (1 + d) in any d seconds
import asyncio


class Throttler:
    def __init__(self, rate_limit):
        self.rate_limit = rate_limit
        self._tokens = rate_limit
        self._last_update = 0.0

    async def acquire(self):
        loop = asyncio.get_running_loop()
        now = loop.time()
        elapsed = now - self._last_update
        self._tokens = min(self.rate_limit, self._tokens + elapsed * self.rate_limit)
        if self._tokens < 1:
            await asyncio.sleep((1 - self._tokens) / self.rate_limit)
            self._tokens = 1
        self._tokens -= 1
        self._last_update = now


async def scrape(session, urls, *, rate, limit):
    throttler = Throttler(rate)
    sem = asyncio.Semaphore(limit)

    async def fetch(url):
        async with sem:
            await throttler.acquire()
            async with session.get(url) as resp:
                return url, resp.status

    return dict(await asyncio.gather(*(fetch(u) for u in urls)))
