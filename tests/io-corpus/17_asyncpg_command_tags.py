"""What execute() returns: command tags for DDL and DML, SELECT n, multi-statement scripts, ON CONFLICT DO NOTHING."""
import asyncio

import asyncpg


async def main():
    conn = await asyncpg.connect(database="io_17")
    print(await conn.execute("CREATE TABLE items (sku TEXT PRIMARY KEY, qty INTEGER NOT NULL)"))
    print(await conn.execute("CREATE INDEX items_qty_idx ON items (qty)"))
    print(await conn.execute("INSERT INTO items VALUES ($1, $2)", "A-1", 5))
    print(await conn.execute("INSERT INTO items VALUES ('B-2', 0), ('C-3', 12), ('D-4', 0)"))
    print(await conn.execute("UPDATE items SET qty = qty + 1 WHERE qty = 0"))
    print(await conn.execute("UPDATE items SET qty = 100 WHERE sku = 'nothing'"))
    print(await conn.execute("DELETE FROM items WHERE qty > 1000"))
    print(await conn.execute("DELETE FROM items WHERE sku = $1", "D-4"))
    print(await conn.execute("SELECT * FROM items"))
    print(await conn.execute("INSERT INTO items VALUES ('A-1', 9) ON CONFLICT (sku) DO NOTHING"))
    print(await conn.execute(
        "INSERT INTO items VALUES ('A-1', 9) ON CONFLICT (sku) DO UPDATE SET qty = EXCLUDED.qty"))
    print(await conn.execute("ALTER TABLE items ADD COLUMN note TEXT"))

    script = """
        CREATE TABLE log (line TEXT);
        INSERT INTO log VALUES ('one');
        INSERT INTO log VALUES ('two'), ('three');
        UPDATE log SET line = upper(line)
    """
    print("script:", await conn.execute(script))
    print(await conn.fetch("SELECT line FROM log ORDER BY line"))

    tags = []
    for sql in ["BEGIN", "DELETE FROM log", "ROLLBACK",
                "DROP TABLE log", "DROP TABLE IF EXISTS log",
                "CREATE TABLE IF NOT EXISTS items (x INTEGER)"]:
        tags.append(await conn.execute(sql))
    print(tags)

    status = await conn.execute("INSERT INTO items (sku, qty) VALUES ($1, $2)", "E-5", 7)
    verb, *numbers = status.split()
    print("parsed:", verb, [int(n) for n in numbers], "inserted one:", status == "INSERT 0 1")
    print(await conn.fetch("SELECT sku, qty FROM items ORDER BY sku"))
    await conn.close()


asyncio.run(main())
