"""Binary files: 'wb'/'rb'/'ab', bytes in and out, read(n), seek(offset, whence), tell, str/bytes mix-ups."""
import asyncio
import os

import aiofiles


async def main():
    header = b"LOOP"
    body = bytes(range(10))
    async with aiofiles.open("data.bin", "wb") as f:
        print("wrote", await f.write(header), "+", await f.write(body), "bytes")
        print("tell", await f.tell(), "mode", f.mode)

    async with aiofiles.open("data.bin", "ab") as f:
        await f.write(b"\xff\xfe")

    async with aiofiles.open("data.bin", "rb") as f:
        magic = await f.read(4)
        print("magic", magic, magic.decode())
        print("tell after 4:", await f.tell())
        await f.seek(2, os.SEEK_CUR)
        print("after skip 2:", list(await f.read(3)))
        await f.seek(-2, os.SEEK_END)
        tail = await f.read()
        print("tail", tail, tail.hex())
        print("at end:", await f.tell(), repr(await f.read(5)))
        print("seek returns", await f.seek(0))
        everything = await f.read()
    print(len(everything), "bytes, sum", sum(everything))

    try:
        async with aiofiles.open("data.bin", "wb") as f:
            await f.write("text, not bytes")
    except TypeError as e:
        print(type(e).__name__, e)
    try:
        async with aiofiles.open("text.txt", "w") as f:
            await f.write(b"bytes, not text")
    except TypeError as e:
        print(type(e).__name__, e)

    async with aiofiles.open("text.txt", "w") as f:
        await f.write("line one\nline two\n")
    async with aiofiles.open("text.txt", "rb") as f:
        raw = await f.read()
        print(raw)
    async with aiofiles.open("text.txt", "rb") as f:
        print(await f.readline(), await f.readlines())


asyncio.run(main())
