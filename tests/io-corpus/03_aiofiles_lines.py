"""Line by line: readline() until '', readlines(), async for line in f, a last line without newline."""
import asyncio

import aiofiles

POEM = "roses are red\nviolets are blue\n\nasync is fun\nand so are you"


async def main():
    async with aiofiles.open("poem.txt", "w") as f:
        await f.write(POEM)

    async with aiofiles.open("poem.txt") as f:
        n = 0
        while True:
            line = await f.readline()
            if not line:
                break
            n += 1
            print(n, repr(line))
        print("readline at EOF:", repr(await f.readline()))

    async with aiofiles.open("poem.txt") as f:
        lines = await f.readlines()
    print("readlines:", len(lines), "items, last:", repr(lines[-1]))

    count = 0
    longest = ""
    async with aiofiles.open("poem.txt") as f:
        async for line in f:
            line = line.rstrip("\n")
            if not line:
                print("(blank line skipped)")
                continue
            count += 1
            if len(line) > len(longest):
                longest = line
    print("non-blank:", count, "longest:", repr(longest))

    async with aiofiles.open("poem.txt") as f:
        async for line in f:
            if "blue" in line:
                print("found:", line.strip())
                break
        print("next after break:", repr(await f.readline()))

    async with aiofiles.open("poem.txt") as f:
        words = [w for line in await f.readlines() for w in line.split()]
    print("words:", len(words), sorted(set(words))[:4])


asyncio.run(main())
