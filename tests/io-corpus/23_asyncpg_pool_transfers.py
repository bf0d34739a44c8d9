"""Concurrent money transfers through a pool of size 2: one transaction per transfer, a CHECK constraint rejects the overdraft, the total stays the same."""
import asyncio

import asyncpg

TRANSFERS = [("ann", "ben", 30), ("ben", "cat", 50), ("cat", "ann", 20),
             ("ann", "cat", 10), ("cat", "ben", 1000), ("ben", "ann", 5)]


async def transfer(pool, src, dst, amount):
    try:
        async with pool.acquire() as con:
            async with con.transaction():
                # touch the rows in name order so two transfers never wait on each other
                for name, delta in sorted([(src, -amount), (dst, amount)]):
                    await con.execute(
                        "UPDATE accounts SET balance = balance + $1 WHERE name = $2", delta, name)
        return f"{src}->{dst} {amount}: ok"
    except asyncpg.CheckViolationError as e:
        return f"{src}->{dst} {amount}: refused ({e.constraint_name})"


async def main():
    async with asyncpg.create_pool(database="io_23", min_size=1, max_size=2) as pool:
        await pool.execute("""
            CREATE TABLE accounts (
                name TEXT PRIMARY KEY,
                balance INTEGER NOT NULL CHECK (balance >= 0)
            )""")
        await pool.executemany("INSERT INTO accounts VALUES ($1, $2)",
                               [("ann", 100), ("ben", 100), ("cat", 100)])
        outcomes = await asyncio.gather(*(transfer(pool, *t) for t in TRANSFERS))
        for line in outcomes:
            print(line)
        rows = await pool.fetch("SELECT name, balance FROM accounts ORDER BY name")
        print({r["name"]: r["balance"] for r in rows})
        print("total:", await pool.fetchval("SELECT sum(balance) FROM accounts"))
        print("pool size at the end:", pool.get_size(), "idle:", pool.get_idle_size())
    print("pool closed:", pool.is_closing())


asyncio.run(main())
