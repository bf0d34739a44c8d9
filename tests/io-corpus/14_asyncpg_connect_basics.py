"""asyncpg basics: connect, execute (command tags), fetch/fetchrow/fetchval, close, using a closed connection."""
import asyncio

import asyncpg


async def main():
    conn = await asyncpg.connect(database="io_14")
    print("closed?", conn.is_closed())
    print(await conn.execute("""
        CREATE TABLE books (
            id SERIAL PRIMARY KEY,
            title TEXT NOT NULL,
            year INTEGER
        )"""))
    print(await conn.execute("INSERT INTO books (title, year) VALUES ($1, $2)", "Dune", 1965))
    print(await conn.execute("INSERT INTO books (title, year) VALUES ($1, $2)", "Neuromancer", 1984))
    print(await conn.execute("INSERT INTO books (title, year) VALUES ('Hyperion', 1989), ('Solaris', 1961)"))

    rows = await conn.fetch("SELECT id, title, year FROM books ORDER BY year")
    print(type(rows).__name__, len(rows))
    for r in rows:
        print(f"  {r['id']}: {r['title']} ({r['year']})")

    row = await conn.fetchrow("SELECT title, year FROM books WHERE id = $1", 2)
    print("fetchrow:", row)
    print("fetchrow no match:", await conn.fetchrow("SELECT * FROM books WHERE id = $1", 99))
    print("fetchval count:", await conn.fetchval("SELECT count(*) FROM books"))
    print("fetchval no match:", await conn.fetchval("SELECT title FROM books WHERE year > $1", 2000))
    print("fetch no match:", await conn.fetch("SELECT * FROM books WHERE year < 1900"))
    oldest = await conn.fetchval("SELECT title FROM books ORDER BY year LIMIT 1")
    print("oldest:", oldest)

    await conn.close()
    print("closed?", conn.is_closed())
    await conn.close()
    print("closing twice is fine")
    try:
        await conn.fetch("SELECT 1")
    except asyncpg.InterfaceError as e:
        print(type(e).__name__, e)
    try:
        await conn.execute("DELETE FROM books")
    except asyncpg.exceptions.InterfaceError as e:
        print(type(e).__name__, e)


asyncio.run(main())
