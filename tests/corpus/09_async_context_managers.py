"""Async context managers: __aenter__/__aexit__, async with, asynccontextmanager, awaiting inside enter/exit."""
import asyncio
from contextlib import asynccontextmanager


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


class Session:
    def __init__(self, name):
        self.name = name
        self.open = False

    async def __aenter__(self):
        await asyncio.sleep(0.5)
        self.open = True
        print(now(), f"session {self.name} connected")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0.25)
        self.open = False
        print(now(), f"session {self.name} closed ({exc_type.__name__ if exc_type else 'ok'})")
        return False


@asynccontextmanager
async def transaction(session):
    print(now(), "begin")
    try:
        yield {"session": session.name}
        await asyncio.sleep(0.1)
        print(now(), "commit")
    except Exception as e:
        await asyncio.sleep(0.1)
        print(now(), f"rollback because {e!r}")
        raise


async def main():
    async with Session("db") as s:
        print(now(), "using", s.name, s.open)
        async with transaction(s) as tx:
            print(now(), "tx", tx)
    print(now(), "open after exit:", s.open)
    try:
        async with Session("cache") as s2, transaction(s2):
            await asyncio.sleep(1)
            raise KeyError("item")
    except KeyError as e:
        print(now(), "propagated", repr(e))


asyncio.run(main())
