"""asyncpg's PostgreSQL errors: class names, messages (with DETAIL lines), sqlstate and fields, the class hierarchy, aborted transactions."""
import asyncio

import asyncpg
from asyncpg.exceptions import UniqueViolationError


async def main():
    conn = await asyncpg.connect(database="io_20")
    await conn.execute("CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE)")
    await conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER CHECK (qty > 0))")
    await conn.execute("INSERT INTO users (name, email) VALUES ('Ada', 'ada@example.com')")

    attempts = [
        ("SELECT * FROM nope", ()),
        ("SELEC 1", ()),
        ("INSERT INTO users (name, email) VALUES ($1, $2)", ("Ada 2", "ada@example.com")),
        ("INSERT INTO t (id, name, qty) VALUES ($1, $2, $3)", (1, None, 5)),
        ("INSERT INTO t (id, name, qty) VALUES (2, 'box', 0)", ()),
        ("CREATE TABLE users (x INTEGER)", ()),
        ("DROP TABLE nope", ()),
        ("INSERT INTO nope VALUES (1)", ()),
    ]
    for sql, args in attempts:
        try:
            await conn.execute(sql, *args)
            print("no error?!")
        except asyncpg.PostgresError as e:
            print(type(e).__name__, e, "| sqlstate", e.sqlstate)

    try:
        await conn.execute("INSERT INTO users (name, email) VALUES ($1, $2)", "Copy", "ada@example.com")
    except UniqueViolationError as e:
        print("message:", e.args[0])
        print("detail:", e.detail)
        print("fields:", e.table_name, e.constraint_name, e.schema_name)
        print("isinstance:", isinstance(e, asyncpg.IntegrityConstraintViolationError),
              isinstance(e, asyncpg.PostgresError), isinstance(e, asyncpg.InterfaceError))
    try:
        await conn.execute("INSERT INTO t (id, name, qty) VALUES (3, NULL, 1)")
    except asyncpg.NotNullViolationError as e:
        print("not null:", e.table_name, e.column_name, "|", e.detail)

    print("MRO:", [c.__name__ for c in asyncpg.PostgresSyntaxError.__mro__[:4]])

    async with conn.transaction():
        try:
            await conn.execute("INSERT INTO users (name) VALUES (NULL)")
        except asyncpg.NotNullViolationError:
            print("caught inside a transaction")
        try:
            await conn.fetchval("SELECT count(*) FROM users")
        except asyncpg.PostgresError as e:
            print(type(e).__name__, e)
    print("users after:", await conn.fetchval("SELECT count(*) FROM users"))
    await conn.close()


asyncio.run(main())
