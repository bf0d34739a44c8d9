# a class with __aenter__ and __aexit__
import asyncio


class Connection:
    def __init__(self, host):
        self.host = host

    async def __aenter__(self):
        await asyncio.sleep(0.5)
        print(f"{asyncio.get_running_loop().time():.2f} connected to {self.host}")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0.5)
        print(f"{asyncio.get_running_loop().time():.2f} closed ({exc_type.__name__ if exc_type else 'clean'})")
        return False

    async def query(self, sql):
        await asyncio.sleep(1)
        return f"rows for {sql!r}"


async def main():
    async with Connection("db") as conn:
        print(await conn.query("select 1"))
    try:
        async with Connection("db2") as conn:
            raise RuntimeError("query failed")
    except RuntimeError as e:
        print("caught", e)


asyncio.run(main())
