"""aiofiles.os for the reference: os calls that yield to the loop once."""
import asyncio
import os as _os


def _wrap(fn):
    async def call(*args, **kwargs):
        result = fn(*args, **kwargs)
        await asyncio.sleep(0)
        return result
    call.__name__ = fn.__name__
    return call


for _name in ("stat", "listdir", "remove", "unlink", "rename", "replace", "mkdir", "makedirs", "rmdir"):
    globals()[_name] = _wrap(getattr(_os, _name))


class path:
    exists = staticmethod(_wrap(_os.path.exists))
    isfile = staticmethod(_wrap(_os.path.isfile))
    isdir = staticmethod(_wrap(_os.path.isdir))
    getsize = staticmethod(_wrap(_os.path.getsize))
