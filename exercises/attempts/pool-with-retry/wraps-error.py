# A learner's attempt: after the last try, raises an error of its own
# instead of the last ConnectionError.
# fails: Gives up after 5 tries and raises the last ConnectionError itself
import asyncio
from contextlib import asynccontextmanager


class Pool:
    def __init__(self, connect, size):
        self._connect = connect
        self._sem = asyncio.Semaphore(size)
        self._idle = []
        self._all = []

    async def _open(self):
        delay = 0.1
        for attempt in range(5):
            try:
                return await self._connect()
            except ConnectionError:
                if attempt < 4:
                    await asyncio.sleep(delay)
                    delay *= 2
        raise RuntimeError("could not connect after 5 tries")

    @asynccontextmanager
    async def connection(self):
        async with self._sem:
            conn = self._idle.pop() if self._idle else None
            if conn is None:
                conn = await self._open()
                self._all.append(conn)
            try:
                yield conn
            finally:
                self._idle.append(conn)

    async def close(self):
        for conn in self._all:
            await conn.close()
