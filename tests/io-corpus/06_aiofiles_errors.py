"""Errors as learners meet them: missing file, directory opened as a file, wrong direction, closed file."""
import asyncio
import os

import aiofiles


async def attempt(label, coro_fn):
    try:
        result = await coro_fn()
        print(label, "->", repr(result))
    except Exception as e:
        print(label, "->", type(e).__name__, e)


async def read_file(path, mode="r"):
    async with aiofiles.open(path, mode) as f:
        return await f.read()


async def main():
    if os.path.exists("x.txt"):
        os.remove("x.txt")
    os.makedirs("folder", exist_ok=True)
    async with aiofiles.open("present.txt", "w") as f:
        await f.write("hello")

    await attempt("missing", lambda: read_file("x.txt"))
    await attempt("missing in dir", lambda: read_file("nodir/x.txt"))
    await attempt("directory", lambda: read_file("folder"))
    await attempt("present", lambda: read_file("present.txt", "r"))

    try:
        await read_file("x.txt")
    except OSError as e:
        print("OSError catches it:", isinstance(e, FileNotFoundError), e.errno, e.strerror, e.filename)

    async with aiofiles.open("present.txt", "w") as f:
        try:
            await f.read()
        except Exception as e:
            print("read on 'w':", type(e).__name__, e)
            print("is OSError:", isinstance(e, OSError), "is ValueError:", isinstance(e, ValueError))
    async with aiofiles.open("present.txt", "r") as f:
        try:
            await f.write("nope")
        except Exception as e:
            print("write on 'r':", type(e).__name__, e)

    f = await aiofiles.open("present.txt", "w")
    await f.close()
    await attempt("write closed", lambda: f.write("late"))

    await attempt("bad mode", lambda: read_file("present.txt", "q"))


asyncio.run(main())
