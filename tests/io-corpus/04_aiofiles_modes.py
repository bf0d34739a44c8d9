"""Open modes: 'a' appends, 'x' refuses an existing file, 'r+' updates in place with seek/tell, 'w+' truncates."""
import asyncio
import os

import aiofiles


async def show(path):
    async with aiofiles.open(path) as f:
        print(f"  {path}: {await f.read()!r}")


async def main():
    async with aiofiles.open("log.txt", "w") as f:
        await f.write("start\n")
    for i in range(3):
        async with aiofiles.open("log.txt", "a") as f:
            await f.write(f"entry {i}\n")
    await show("log.txt")

    if os.path.exists("fresh.txt"):
        os.remove("fresh.txt")
    async with aiofiles.open("fresh.txt", "x") as f:
        await f.write("created once\n")
    print("x on a new file: ok")
    try:
        async with aiofiles.open("fresh.txt", "x") as f:
            await f.write("again\n")
    except FileExistsError as e:
        print(type(e).__name__, e)
        print("errno", e.errno, "filename", e.filename)
    await show("fresh.txt")

    async with aiofiles.open("counter.txt", "w") as f:
        await f.write("count=0007;status=idle")
    async with aiofiles.open("counter.txt", "r+") as f:
        text = await f.read()
        print("read", repr(text), "tell", await f.tell())
        pos = text.index("0007")
        await f.seek(pos)
        await f.write("0042")
        print("after overwrite tell", await f.tell())
        await f.seek(0)
        print("reread", repr(await f.read()))
    await show("counter.txt")

    async with aiofiles.open("counter.txt", "w+") as f:
        print("w+ starts empty:", repr(await f.read()))
        await f.write("new")
        await f.seek(0)
        print("w+ reads back:", repr(await f.read()))

    async with aiofiles.open("log.txt", "a+") as f:
        print("a+ tell at open:", await f.tell())
        await f.seek(0)
        print("a+ first line:", repr(await f.readline()))


asyncio.run(main())
