"""aiofiles.os: path.exists/isfile/isdir, mkdir, makedirs(exist_ok=True), listdir (sorted), stat().st_size, rename, remove, rmdir."""
import asyncio
import shutil

import aiofiles
import aiofiles.os


async def main():
    shutil.rmtree("workspace", ignore_errors=True)
    print("exists before:", await aiofiles.os.path.exists("workspace"))
    await aiofiles.os.mkdir("workspace")
    try:
        await aiofiles.os.mkdir("workspace")
    except FileExistsError as e:
        print(type(e).__name__, e)
    await aiofiles.os.makedirs("workspace/a/b", exist_ok=True)
    await aiofiles.os.makedirs("workspace/a/b", exist_ok=True)
    print("makedirs twice with exist_ok: ok")

    for name, text in [("b.txt", "bee"), ("a.txt", "a" * 10), ("c.log", "")]:
        async with aiofiles.open(f"workspace/{name}", "w") as f:
            await f.write(text)

    print("listdir:", sorted(await aiofiles.os.listdir("workspace")))
    for name in ["a.txt", "a", "missing"]:
        p = f"workspace/{name}"
        print(name, "exists", await aiofiles.os.path.exists(p),
              "isfile", await aiofiles.os.path.isfile(p),
              "isdir", await aiofiles.os.path.isdir(p))

    st = await aiofiles.os.stat("workspace/a.txt")
    print("size of a.txt:", st.st_size, "getsize:", await aiofiles.os.path.getsize("workspace/b.txt"))

    await aiofiles.os.rename("workspace/c.log", "workspace/a/c.log")
    print("after rename:", sorted(await aiofiles.os.listdir("workspace")),
          sorted(await aiofiles.os.listdir("workspace/a")))
    try:
        await aiofiles.os.rename("workspace/ghost.txt", "workspace/x.txt")
    except FileNotFoundError as e:
        print(type(e).__name__, e)

    await aiofiles.os.remove("workspace/b.txt")
    try:
        await aiofiles.os.remove("workspace/b.txt")
    except FileNotFoundError as e:
        print(type(e).__name__, e)
    try:
        await aiofiles.os.rmdir("workspace/a")
    except OSError as e:
        print(type(e).__name__, e)
    await aiofiles.os.rmdir("workspace/a/b")
    print("final:", sorted(await aiofiles.os.listdir("workspace")), sorted(await aiofiles.os.listdir("workspace/a")))
    shutil.rmtree("workspace")
    print("exists after cleanup:", await aiofiles.os.path.exists("workspace"))


asyncio.run(main())
