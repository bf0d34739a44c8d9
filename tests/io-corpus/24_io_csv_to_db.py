"""aiofiles + asyncpg together: import a CSV into a table, write a report file, then import again and fail on the duplicate (uncaught)."""
import asyncio

import aiofiles
import asyncpg

CSV = "email,name,city\nada@example.com,Ada,London\nalan@example.com,Alan,Wilmslow\ngrace@example.com,Grace,Arlington\n"


async def import_csv(conn, path):
    async with aiofiles.open(path) as f:
        header = (await f.readline()).strip().split(",")
        rows = [dict(zip(header, line.strip().split(","))) async for line in f if line.strip()]
    async with conn.transaction():
        await conn.executemany("INSERT INTO users (email, name, city) VALUES ($1, $2, $3)",
                               [(r["email"], r["name"], r["city"]) for r in rows])
    return len(rows)


async def main():
    async with aiofiles.open("users.csv", "w") as f:
        await f.write(CSV)
    conn = await asyncpg.connect(database="io_24")
    await conn.execute("CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT UNIQUE NOT NULL, "
                       "name TEXT NOT NULL, city TEXT)")
    print("imported", await import_csv(conn, "users.csv"), "rows")

    rows = await conn.fetch("SELECT id, name, city FROM users ORDER BY name")
    async with aiofiles.open("report.txt", "w") as out:
        await out.write(f"{len(rows)} users\n")
        await out.writelines(f"#{r['id']} {r['name']:<6} {r['city']}\n" for r in rows)
    async with aiofiles.open("report.txt") as f:
        print(await f.read(), end="")

    print("importing again...")
    await import_csv(conn, "users.csv")
    print("not reached")


asyncio.run(main())
