"""Async context managers: a connection pool
async with calls __aenter__ and __aexit__, so a connection always goes back to the pool, even when the query fails.
Watch the clients wait on the pool's queue in the task table: never more than POOL_SIZE hold a connection at once."""
import asyncio

POOL_SIZE = 2
CLIENTS = 5
QUERY_TIME = 0.5

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.2f}s"


class Borrowed:
    """`async with Borrowed(pool) as conn:` takes an idle connection and always returns it."""

    def __init__(self, pool):
        self.pool = pool  # an asyncio.Queue of idle connections

    async def __aenter__(self):
        self.conn = await self.pool.get()  # waits while every connection is busy
        return self.conn

    async def __aexit__(self, exc_type, exc, tb):
        self.pool.put_nowait(self.conn)
        print(f"{elapsed()} {self.conn} back in the pool ({'after an error' if exc else 'clean'})")
        return False  # don't swallow the exception: the caller should see it


async def client(n, pool):
    sql = "DROP TABLE users" if n == 3 else f"SELECT * FROM orders WHERE id = {n}"
    try:
        async with Borrowed(pool) as conn:
            print(f"{elapsed()} client-{n}: got {conn}")
            await asyncio.sleep(QUERY_TIME + 0.15 * n)  # the query runs
            if sql.startswith("DROP"):
                raise PermissionError(f"{conn} refuses {sql!r}")
            print(f"{elapsed()} client-{n}: {sql} -> 1 row")
    except PermissionError as exc:
        print(f"{elapsed()} client-{n}: query failed: {exc}")


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()
    pool = asyncio.Queue()
    for number in range(1, POOL_SIZE + 1):
        pool.put_nowait(f"conn-{number}")
    async with asyncio.TaskGroup() as group:
        for n in range(1, CLIENTS + 1):
            group.create_task(client(n, pool), name=f"client-{n}")
    print(f"{elapsed()} all clients served, {pool.qsize()} connections idle")


asyncio.run(main())
