"""SERIAL ids with RETURNING: fetchval/fetchrow of an INSERT ... RETURNING, and the gaps PostgreSQL sequences leave."""
import asyncio

import asyncpg


async def add_user(conn, name, email):
    return await conn.fetchval(
        "INSERT INTO users (name, email) VALUES ($1, $2) RETURNING id", name, email)


async def main():
    conn = await asyncpg.connect(database="io_18")
    await conn.execute("CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE)")
    print("ada ->", await add_user(conn, "Ada", "ada@example.com"))
    print("bob ->", await add_user(conn, "Bob", "bob@example.com"))

    row = await conn.fetchrow(
        "INSERT INTO users (name, email) VALUES ($1, $2) RETURNING id, name", "Cy", None)
    print("fetchrow RETURNING:", row)
    print("RETURNING *:", await conn.fetch(
        "INSERT INTO users (name) VALUES ('Dee'), ('Eve') RETURNING *"))

    try:
        await add_user(conn, "Ada again", "ada@example.com")
    except asyncpg.UniqueViolationError as e:
        print("duplicate:", e.constraint_name)
    print("next id after a failed insert:", await add_user(conn, "Fay", "fay@example.com"))

    try:
        async with conn.transaction():
            new_id = await add_user(conn, "Gus", "gus@example.com")
            print("inside the transaction got id", new_id)
            raise RuntimeError("changed my mind")
    except RuntimeError as e:
        print("rolled back:", e)
    print("next id after a rollback:", await add_user(conn, "Hal", "hal@example.com"))

    await conn.execute("INSERT INTO users (id, name) VALUES (100, 'Explicit')")
    print("after an explicit id:", await add_user(conn, "Ivy", None))

    print(await conn.execute("UPDATE users SET name = upper(name) WHERE id > $1 RETURNING id", 8))
    deleted = await conn.fetch("DELETE FROM users WHERE email IS NULL RETURNING id")
    print("deleted:", sorted(r["id"] for r in deleted))
    print([(r["id"], r["name"]) for r in await conn.fetch("SELECT id, name FROM users ORDER BY id")])
    await conn.close()


asyncio.run(main())
