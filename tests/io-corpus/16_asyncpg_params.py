"""Query arguments: $1..$n out of order and repeated, casts, LIMIT $1, NULL, executemany, fetchval(column=), argument count errors."""
import asyncio

import asyncpg


async def main():
    conn = await asyncpg.connect(database="io_16")
    await conn.execute("CREATE TABLE scores (player TEXT NOT NULL, game TEXT NOT NULL, points INTEGER)")
    result = await conn.executemany(
        "INSERT INTO scores (points, player, game) VALUES ($3, $1, $2)",
        [("ann", "chess", 30), ("bob", "chess", 45), ("ann", "go", 50),
         ("cid", "go", 20), ("bob", "go", None)])
    print("executemany returned", result)

    rows = await conn.fetch(
        "SELECT player, points FROM scores WHERE game = $2 AND points >= $1 ORDER BY points DESC",
        25, "chess")
    print([tuple(r) for r in rows])

    same = await conn.fetch(
        "SELECT player, game FROM scores WHERE player = $1 OR game = $1 ORDER BY player, game", "go")
    print("repeated $1:", [f"{r['player']}/{r['game']}" for r in same])

    print("limit:", [r["player"] for r in await conn.fetch(
        "SELECT player FROM scores WHERE points IS NOT NULL ORDER BY points DESC LIMIT $1", 2)])
    print("null points:", await conn.fetchval("SELECT player FROM scores WHERE points IS NULL"))
    print("sum:", await conn.fetchval("SELECT $1::int + $2::int", 2, 40))
    print("concat:", await conn.fetchval("SELECT $1::text || '-' || $2::text", "a", "b"))

    row_q = "SELECT player, sum(points) AS total, count(*) AS n FROM scores GROUP BY player ORDER BY player"
    print("column=1:", await conn.fetchval(row_q, column=1))
    print("column=2:", await conn.fetchval(row_q, column=2))
    print("by player:", [(r["player"], r["total"], r["n"]) for r in await conn.fetch(row_q)])

    tag = await conn.execute("UPDATE scores SET points = points + $1 WHERE player = $2", 5, "ann")
    print(tag)

    for query, args in [("SELECT * FROM scores WHERE player = $1 AND game = $2", ("ann",)),
                        ("SELECT * FROM scores WHERE player = $1", ("ann", "go")),
                        ("SELECT count(*) FROM scores", (1,))]:
        try:
            await conn.fetch(query, *args)
        except asyncpg.InterfaceError as e:
            print(type(e).__name__, str(e).splitlines()[0])
    try:
        await conn.fetch("SELECT * FROM scores WHERE player = $1 AND game = $2", "ann")
    except asyncpg.InterfaceError as e:
        print(repr(str(e)))
    await conn.close()


asyncio.run(main())
