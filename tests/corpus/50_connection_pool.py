"""A connection pool written in Python: bounded size, lazy creation, reuse, async context manager, acquire timeout."""
import asyncio
from contextlib import asynccontextmanager

def now():
    return f"{asyncio.get_running_loop().time():.2f}"

class Connection:
    def __init__(self, cid):
        self.cid = cid
        self.uses = 0

    async def query(self, sql):
        self.uses += 1
        await asyncio.sleep(0.5)
        return f"conn{self.cid}:{sql}"

class Pool:
    def __init__(self, size):
        self.size = size
        self.idle = asyncio.LifoQueue()
        self.created = 0
        self.sem = asyncio.Semaphore(size)
    async def _get(self):
        if self.idle.empty() and self.created < self.size:
            self.created += 1
            cid = self.created
            await asyncio.sleep(0.2)  # connect
            print(now(), f"opened conn{cid}")
            return Connection(cid)
        return self.idle.get_nowait()
    @asynccontextmanager
    async def connection(self, timeout=None):
        async with asyncio.timeout(timeout):
            await self.sem.acquire()
        try:
            conn = await self._get()
            yield conn
        finally:
            self.idle.put_nowait(conn)
            self.sem.release()

async def handle(pool, n):
    async with pool.connection() as conn:
        result = await conn.query(f"q{n}")
        print(now(), "request", n, "->", result)

async def main():
    pool = Pool(2)
    await asyncio.gather(*(handle(pool, n) for n in range(5)))
    print(now(), "created:", pool.created, "idle:", pool.idle.qsize())
    async with pool.connection() as c1, pool.connection() as c2:
        try:
            async with pool.connection(timeout=0.3):
                print("unexpected")
        except TimeoutError:
            print(now(), "pool exhausted, acquire timed out; holding", sorted([c1.cid, c2.cid]))
    print(now(), "uses per connection:", sorted((c.cid, c.uses) for c in [c1, c2]))

asyncio.run(main())
