"""One connection cannot run two queries at once; six tasks sharing a pool of two connections can (never more than two out at once)."""
import asyncio

import asyncpg

in_use = 0
peak = 0


async def job(pool, n):
    global in_use, peak
    async with pool.acquire() as con:
        in_use += 1
        peak = max(peak, in_use)
        async with con.transaction():
            await con.execute("INSERT INTO events (job, step) VALUES ($1, 'start')", n)
            total = await con.fetchval("SELECT $1::int * $1::int", n)
            await con.execute("INSERT INTO events (job, step) VALUES ($1, 'done')", n)
        in_use -= 1
    return n, total


async def main():
    single = await asyncpg.connect(database="io_22")
    both = await asyncio.gather(single.fetchval("SELECT 1"), single.fetchval("SELECT 2"),
                                return_exceptions=True)
    print("one connection, two tasks:", [f"{type(x).__name__}: {x}" if isinstance(x, Exception) else x
                                         for x in both])
    await single.close()

    pool = await asyncpg.create_pool(database="io_22", min_size=2, max_size=2)
    await pool.execute("CREATE TABLE events (id SERIAL PRIMARY KEY, job INTEGER NOT NULL, step TEXT NOT NULL)")

    results = await asyncio.gather(*(job(pool, n) for n in range(1, 7)))
    print("results in gather order:", results)
    print("peak connections in use:", peak, "of", pool.get_max_size())
    print("pool after:", pool.get_size(), "connections,", pool.get_idle_size(), "idle")

    rows = await pool.fetch("SELECT job, count(*) AS n FROM events GROUP BY job ORDER BY job")
    print("events per job:", [(r["job"], r["n"]) for r in rows])
    print("ids used:", await pool.fetchval("SELECT count(DISTINCT id) FROM events"),
          "max id:", await pool.fetchval("SELECT max(id) FROM events"))

    async def reader(k):
        return await pool.fetchval("SELECT count(*) FROM events WHERE job <= $1", k)
    counts = await asyncio.gather(*(reader(k) for k in (6, 3, 1)))
    print("counts:", counts)

    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(pool.fetchval(
                     "SELECT count(*) FROM events WHERE job = $1 AND step = $2", job, step))
                 for job, step in ((1, "start"), (2, "done"), (9, "start"))]
    print("task group:", [t.result() for t in tasks])
    await pool.close()


asyncio.run(main())
