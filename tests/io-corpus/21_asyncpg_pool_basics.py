"""create_pool(min_size=1, max_size=3): sizes as connections are acquired and released, acquire() as a context manager, pool.fetch/execute/fetchval, errors after release and after close."""
import asyncio

import asyncpg


def sizes(pool):
    return f"size={pool.get_size()} idle={pool.get_idle_size()} min={pool.get_min_size()} max={pool.get_max_size()}"


async def main():
    pool = await asyncpg.create_pool(database="io_21", min_size=1, max_size=3)
    print("created:", sizes(pool))
    print(await pool.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL)"))
    await pool.executemany("INSERT INTO kv VALUES ($1, $2)", [("a", 1), ("b", 2), ("c", 3)])
    print("pool.fetch:", await pool.fetch("SELECT * FROM kv WHERE v > $1 ORDER BY k", 1))
    print("pool.fetchval:", await pool.fetchval("SELECT sum(v) FROM kv"))
    print("pool.fetchrow:", await pool.fetchrow("SELECT k FROM kv ORDER BY v DESC"))

    async with pool.acquire() as con:
        print("one acquired:", sizes(pool))
        async with pool.acquire() as con2:
            print("two acquired:", sizes(pool))
            print("different connections:", con is not con2)
            print("con2 reads:", await con2.fetchval("SELECT v FROM kv WHERE k = 'b'"))
        print("one released:", sizes(pool))
        print(await con.execute("UPDATE kv SET v = v * 10"))
    print("all released:", sizes(pool))

    con = await pool.acquire()
    print("acquired with await:", await con.fetchval("SELECT v FROM kv WHERE k = $1", "c"))
    await pool.release(con)
    try:
        await con.fetchval("SELECT 1")
    except asyncpg.InterfaceError as e:
        print(type(e).__name__, e)
    print("release again returns", await pool.release(con))

    await pool.close()
    print("closed:", sizes(pool), "closing:", pool.is_closing())
    for what in ("fetchval", "acquire"):
        try:
            if what == "fetchval":
                await pool.fetchval("SELECT 1")
            else:
                async with pool.acquire():
                    pass
        except asyncpg.InterfaceError as e:
            print(what, "->", type(e).__name__, e)

    async with asyncpg.create_pool(database="io_21", min_size=2, max_size=2) as p2:
        print("second pool:", sizes(p2), await p2.fetchval("SELECT count(*) FROM kv"))


asyncio.run(main())
