# A learner's attempt: opens a fresh connection for every checkout and
# closes it afterwards, so nothing is ever reused.
# fails: Reuses idle connections: at most `size` successful connects
import asyncio
from contextlib import asynccontextmanager


class Pool:
    def __init__(self, connect, size):
        self._connect = connect
        self._sem = asyncio.Semaphore(size)

    async def _open(self):
        for attempt, delay in enumerate([0.1, 0.2, 0.4, 0.8, None]):
            try:
                return await self._connect()
            except ConnectionError:
                if delay is None:
                    raise
                await asyncio.sleep(delay)

    @asynccontextmanager
    async def connection(self):
        async with self._sem:
            conn = await self._open()
            try:
                yield conn
            finally:
                await conn.close()

    async def close(self):
        pass
