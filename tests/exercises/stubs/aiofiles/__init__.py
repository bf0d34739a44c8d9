"""aiofiles for cpython_check.py, costed as Looplab costs it in a check.

Looplab gives every aiofiles call one file wait of `op_ms` (1 ms by
default, `per_kb_ms` 0: crates/script/src/fs.rs `FileSettings`), after
the work is done (like aiofiles' thread hop, the work happens even if the
waiting task is cancelled meanwhile): crates/script/src/modules/files.rs.
This stand-in does the same with the real file objects and
`asyncio.sleep(OP)`:

- `aiofiles.open(...)`, awaited or `async with`: one wait;
- read, readline, readlines, write, writelines, seek, tell, truncate,
  flush, close: one wait each;
- leaving `async with`: one wait (the close);
- `async for line in f`: one wait per line, and one for the end;
- `aiofiles.os` (stat, listdir, remove, unlink, rmdir, rename, replace,
  mkdir, makedirs) and `aiofiles.os.path` / `aiofiles.ospath` (exists,
  isfile, isdir, getsize): one wait each.

An error is raised after the wait, as Looplab raises it.
"""
import asyncio
import io

from . import os  # noqa: F401  (aiofiles.os)
from . import ospath  # noqa: F401  (aiofiles.ospath)

OP = 0.001  # seconds: FileSettings::default().op_ms

_open_sync = io.open  # the real one (cpython_check.py costs builtins.open)


async def _after_wait(fn, *args):
    try:
        result = fn(*args)
    except Exception as e:  # noqa: BLE001
        await asyncio.sleep(OP)
        raise e
    await asyncio.sleep(OP)
    return result


class AsyncFile:
    def __init__(self, f):
        self._f = f

    def __getattr__(self, name):  # name, mode, closed, encoding, …
        return getattr(self._f, name)

    async def read(self, *a):
        return await _after_wait(self._f.read, *a)

    async def readline(self, *a):
        return await _after_wait(self._f.readline, *a)

    async def readlines(self, *a):
        return await _after_wait(self._f.readlines, *a)

    async def write(self, data):
        return await _after_wait(self._f.write, data)

    async def writelines(self, lines):
        return await _after_wait(self._f.writelines, lines)

    async def seek(self, *a):
        return await _after_wait(self._f.seek, *a)

    async def tell(self):
        return await _after_wait(self._f.tell)

    async def truncate(self, *a):
        return await _after_wait(self._f.truncate, *a)

    async def flush(self):
        return await _after_wait(self._f.flush)

    async def close(self):
        return await _after_wait(self._f.close)

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await _after_wait(self._f.close)
        return False

    def __aiter__(self):
        return self

    async def __anext__(self):
        line = await _after_wait(self._f.readline)
        if not line:
            raise StopAsyncIteration
        return line


class _Open:
    """What aiofiles.open(...) returns: awaitable, and an async context
    manager that closes the file on exit."""

    def __init__(self, args, kwargs):
        self._args = args
        self._kwargs = kwargs
        self._file = None

    async def _open(self):
        return AsyncFile(await _after_wait(lambda: _open_sync(*self._args, **self._kwargs)))

    def __await__(self):
        return self._open().__await__()

    async def __aenter__(self):
        self._file = await self._open()
        return self._file

    async def __aexit__(self, *exc):
        return await self._file.__aexit__(*exc)


def open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None,  # noqa: A001
         closefd=True, opener=None, *, loop=None, executor=None):
    return _Open((file, mode, buffering, encoding, errors, newline, closefd, opener), {})
