"""A stand-in for aiofiles in the CPython reference of the examples.

The real aiofiles runs each call in a thread; on looptime's virtual clock
an idle loop waiting for a thread jumps to the next timer, so the real one
cannot run there. This one does the same file work synchronously and then
yields to the loop once (`await asyncio.sleep(0)`), which is what a call
looks like to the other tasks. Only what the examples use is here: open()
as an awaitable and an async context manager; read, readline, readlines,
write, writelines, seek, tell, flush, close; `async for`.
"""
import asyncio

from . import os  # noqa: F401  (aiofiles.os)


class AsyncFile:
    def __init__(self, f):
        self._f = f

    async def _call(self, name, *args):
        result = getattr(self._f, name)(*args)
        await asyncio.sleep(0)
        return result

    async def read(self, *a):
        return await self._call("read", *a)

    async def readline(self, *a):
        return await self._call("readline", *a)

    async def readlines(self):
        return await self._call("readlines")

    async def write(self, data):
        return await self._call("write", data)

    async def writelines(self, lines):
        return await self._call("writelines", lines)

    async def seek(self, *a):
        return await self._call("seek", *a)

    async def tell(self):
        return await self._call("tell")

    async def flush(self):
        return await self._call("flush")

    async def close(self):
        return await self._call("close")

    def __aiter__(self):
        return self

    async def __anext__(self):
        line = await self.readline()
        if not line:
            raise StopAsyncIteration
        return line

    @property
    def name(self):
        return self._f.name


_open_sync = open


class _Open:
    def __init__(self, args, kwargs):
        self._args = args
        self._kwargs = kwargs
        self._file = None

    async def _open(self):
        f = _open_sync(*self._args, **self._kwargs)
        await asyncio.sleep(0)
        return AsyncFile(f)

    def __await__(self):
        return self._open().__await__()

    async def __aenter__(self):
        self._file = await self._open()
        return self._file

    async def __aexit__(self, *exc):
        await self._file.close()
        return False


def open(file, mode="r", *args, **kwargs):  # noqa: A001
    return _Open((file, mode) + args, kwargs)
