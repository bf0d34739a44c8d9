"""asyncpg.Record: by name and index, get, keys/values/items, dict(), len, iteration, `in`, repr, equality, errors."""
import asyncio

import asyncpg


async def main():
    conn = await asyncpg.connect(database="io_15")
    await conn.execute("CREATE TABLE people (id SERIAL PRIMARY KEY, name TEXT NOT NULL, "
                       "email TEXT, active BOOLEAN NOT NULL DEFAULT TRUE)")
    await conn.execute("INSERT INTO people (name, email) VALUES ('Ada', 'ada@example.com')")
    await conn.execute("INSERT INTO people (name, email, active) VALUES ('Grace', NULL, FALSE)")

    r = await conn.fetchrow("SELECT * FROM people WHERE id = 1")
    print(repr(r))
    print(r)
    print(type(r).__name__, isinstance(r, asyncpg.Record))
    print(r["name"], r[0], r[-1], r[1:3])
    print(r.get("email"), r.get("phone"), r.get("phone", "n/a"))
    print(list(r.keys()))
    print(list(r.values()))
    print(list(r.items()))
    print(dict(r))
    print(len(r), list(r), tuple(r))
    print("'name' in r:", "name" in r, "| 'Ada' in r:", "Ada" in r)
    print("equals tuple:", r == (1, "Ada", "ada@example.com", True))
    id_, name, email, active = r
    print("unpacked:", id_, name, email, active)

    rows = await conn.fetch("SELECT name, active FROM people ORDER BY id")
    print(rows)
    print([dict(x) for x in rows])
    print({x["name"]: x["active"] for x in rows})

    for bad in ("phone", 7):
        try:
            r[bad]
        except (KeyError, IndexError) as e:
            print(type(e).__name__, e)
    try:
        r.name
    except AttributeError as e:
        print(type(e).__name__, e)
    try:
        r["name"] = "Bob"
    except TypeError as e:
        print(type(e).__name__, e)

    stats = await conn.fetchrow("SELECT count(*), max(id) AS top, 1 + 1, upper(min(name)) FROM people")
    print(stats, list(stats.keys()))
    await conn.close()


asyncio.run(main())
