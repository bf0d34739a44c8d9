"""An aiofiles error nobody catches ends the program: traceback last line, exit code 1, output printed before it stays."""
import asyncio

import aiofiles


async def load(path):
    async with aiofiles.open(path) as f:
        return await f.read()


async def main():
    async with aiofiles.open("config.ini", "w") as f:
        await f.write("[main]\nname = demo\n")
    text = await load("config.ini")
    print("loaded", len(text), "characters")
    for path in ["config.ini", "missing.txt", "never.txt"]:
        print("loading", path)
        await load(path)
        print("loaded", path)


asyncio.run(main())
