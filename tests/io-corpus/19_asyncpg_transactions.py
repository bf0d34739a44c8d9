"""conn.transaction(): commit, rollback when the block raises, nested blocks as savepoints, manual start/commit/rollback."""
import asyncio

import asyncpg


async def balances(conn):
    return ", ".join(f"{r['name']}={r['balance']}"
                     for r in await conn.fetch("SELECT name, balance FROM accounts ORDER BY name"))


async def transfer(conn, src, dst, amount):
    async with conn.transaction():
        await conn.execute("UPDATE accounts SET balance = balance - $1 WHERE name = $2", amount, src)
        left = await conn.fetchval("SELECT balance FROM accounts WHERE name = $1", src)
        if left < 0:
            raise ValueError(f"{src} would have {left}")
        await conn.execute("UPDATE accounts SET balance = balance + $1 WHERE name = $2", amount, dst)


async def main():
    conn = await asyncpg.connect(database="io_19")
    await conn.execute("CREATE TABLE accounts (name TEXT PRIMARY KEY, balance INTEGER NOT NULL);"
                       "INSERT INTO accounts VALUES ('alice', 100), ('bob', 50)")
    await transfer(conn, "alice", "bob", 30)
    print("after commit:", await balances(conn), "| in transaction:", conn.is_in_transaction())
    try:
        await transfer(conn, "bob", "alice", 500)
    except ValueError as e:
        print("failed:", e)
    print("after rollback:", await balances(conn))
    async with conn.transaction():
        await conn.execute("UPDATE accounts SET balance = balance + 1")
        try:
            async with conn.transaction():
                await conn.execute("UPDATE accounts SET balance = 0")
                print("  inner sees:", await balances(conn), conn.is_in_transaction())
                raise KeyError("inner problem")
        except KeyError as e:
            print("  inner rolled back to the savepoint:", e)
        print("  outer sees:", await balances(conn))
    print("after outer commit:", await balances(conn))
    tr = conn.transaction()
    await tr.start()
    await conn.execute("DELETE FROM accounts")
    await tr.rollback()
    print("manual rollback:", await balances(conn), "| in transaction:", conn.is_in_transaction())
    tr = conn.transaction()
    await tr.start()
    await conn.execute("INSERT INTO accounts VALUES ('carol', 7)")
    await tr.commit()
    print("manual commit:", await balances(conn), "| in transaction:", conn.is_in_transaction())
    try:
        await tr.commit()
    except asyncpg.InterfaceError as e:
        print(type(e).__name__, e)
    await conn.close()


asyncio.run(main())
