# A learner's attempt: acquires the semaphore by hand and only releases it
# when the connection comes back, so a failed connect keeps its place.
# fails: A checkout whose connect fails gives its place back
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
                if attempt == 4:
                    raise
                await asyncio.sleep(delay)
                delay *= 2

    @asynccontextmanager
    async def connection(self):
        await self._sem.acquire()
        if self._idle:
            conn = self._idle.pop()
        else:
            conn = await self._open()
            self._all.append(conn)
        try:
            yield conn
        finally:
            self._idle.append(conn)
            self._sem.release()

    async def close(self):
        for conn in self._all:
            await conn.close()
