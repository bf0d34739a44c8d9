"""f = await aiofiles.open(...); await f.close(); try/finally; the closed flag; reading a closed file."""
import asyncio

import aiofiles


async def write_report(path, lines):
    f = await aiofiles.open(path, "w")
    try:
        for line in lines:
            await f.write(line + "\n")
    finally:
        await f.close()
    return f.closed


async def main():
    closed = await write_report("report.txt", ["alpha", "beta", "gamma"])
    print("closed after finally:", closed)

    f = await aiofiles.open("report.txt")
    print("open, closed =", f.closed)
    first = await f.readline()
    print("first line:", repr(first))
    await f.close()
    print("after close, closed =", f.closed)
    try:
        await f.read()
    except ValueError as e:
        print(type(e).__name__, e)
    try:
        await f.readline()
    except ValueError as e:
        print(type(e).__name__, e)

    # closing twice is allowed
    await f.close()
    print("second close ok")

    w = await aiofiles.open("report.txt", "a")
    await w.write("delta\n")
    await w.close()
    try:
        await w.write("too late\n")
    except ValueError as e:
        print("write after close:", type(e).__name__, e)

    async with aiofiles.open("report.txt") as r:
        print(await r.read(), end="")


asyncio.run(main())
