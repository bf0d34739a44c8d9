# A learner's attempt: reuses idle connections but never limits how many
# are opened at once.
# fails: At most `size` connections open or being opened at once
# fails: Reuses idle connections: at most `size` successful connects
import asyncio
from contextlib import asynccontextmanager


class Pool:
    def __init__(self, connect, size):
        self._connect = connect
        self._idle = []
        self._all = []

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
