"""aiofiles basics: async with open(p, 'w') / 'r'; write() returns the count; read(), read(n), reads at EOF."""
import asyncio

import aiofiles


async def main():
    async with aiofiles.open("notes.txt", "w") as f:
        n1 = await f.write("first line\n")
        n2 = await f.write("second line\n")
        n3 = await f.write("naïve café\n")
        print("wrote", n1, n2, n3, "characters")
        print("inside with: closed =", f.closed, "name =", f.name, "mode =", f.mode)
    print("after with: closed =", f.closed)

    async with aiofiles.open("notes.txt", "r") as f:
        text = await f.read()
    print(repr(text))
    print("lines:", text.splitlines())

    async with aiofiles.open("notes.txt") as f:
        head = await f.read(5)
        rest = await f.read(7)
        tail = await f.read()
        eof = await f.read()
        eof_n = await f.read(10)
    print(repr(head), repr(rest), repr(tail))
    print("at EOF:", repr(eof), repr(eof_n))

    async with aiofiles.open("notes.txt", encoding="utf-8") as f:
        content = await f.read()
    print("chars:", len(content), "upper:", content.upper().split("\n")[2])

    async with aiofiles.open("empty.txt", "w") as f:
        pass
    async with aiofiles.open("empty.txt") as f:
        print("empty file reads", repr(await f.read()))


asyncio.run(main())
