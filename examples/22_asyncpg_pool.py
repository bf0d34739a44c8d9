"""A connection pool with asyncpg
Tasks share a pool of database connections; a transfer runs in a transaction, and one that would overdraw rolls back.
Watch the Database tab for the accounts, and the pool on the timeline: with POOL_SIZE below the number of tasks, some wait for a connection."""
import asyncio
import asyncpg

POOL_SIZE = 2

TRANSFERS = [("ann", "ben", 30), ("ben", "cat", 50), ("cat", "ann", 500), ("ann", "cat", 10)]


async def transfer(pool, src, dst, amount):
    async with pool.acquire() as conn:
        try:
            async with conn.transaction():
                await conn.execute("UPDATE accounts SET balance = balance - $1 WHERE name = $2", amount, src)
                await conn.execute("UPDATE accounts SET balance = balance + $1 WHERE name = $2", amount, dst)
                left = await conn.fetchval("SELECT balance FROM accounts WHERE name = $1", src)
                if left < 0:
                    raise ValueError(f"{src} would be overdrawn")
            return f"{src}->{dst} {amount}: ok"
        except ValueError as e:
            return f"{src}->{dst} {amount}: rolled back ({e})"


async def main():
    async with asyncpg.create_pool(database="bank", min_size=1, max_size=POOL_SIZE) as pool:
        await pool.execute("CREATE TABLE accounts (name TEXT PRIMARY KEY, balance INTEGER NOT NULL)")
        await pool.executemany("INSERT INTO accounts VALUES ($1, $2)", [("ann", 100), ("ben", 100), ("cat", 100)])
        results = await asyncio.gather(*(transfer(pool, *t) for t in TRANSFERS))
        for line in results:
            print(line)
        rows = await pool.fetch("SELECT name, balance FROM accounts ORDER BY name")
        print({r["name"]: r["balance"] for r in rows})
        print("total:", await pool.fetchval("SELECT sum(balance) FROM accounts"))


asyncio.run(main())
