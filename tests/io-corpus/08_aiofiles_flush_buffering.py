"""Buffering: what a second reader (and stat) sees before and after flush(), and after close."""
import asyncio

import aiofiles
import aiofiles.os


async def peek(path):
    async with aiofiles.open(path) as r:
        return await r.read()


async def main():
    w = await aiofiles.open("journal.txt", "w")
    await w.write("entry one\n")
    print("before flush, reader sees:", repr(await peek("journal.txt")))
    print("size on disk:", (await aiofiles.os.stat("journal.txt")).st_size)
    await w.flush()
    print("after flush, reader sees:", repr(await peek("journal.txt")))
    await w.write("entry two\n")
    print("second write, not flushed:", repr(await peek("journal.txt")))
    await w.close()
    print("after close:", repr(await peek("journal.txt")))

    async with aiofiles.open("journal.txt", "a") as a:
        await a.write("entry three\n")
        await a.flush()
        print("append flushed, lines:", (await peek("journal.txt")).count("\n"))
    print("size now:", (await aiofiles.os.stat("journal.txt")).st_size)


asyncio.run(main())
