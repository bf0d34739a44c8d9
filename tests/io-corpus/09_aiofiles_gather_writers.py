"""Concurrent writers to different files with asyncio.gather; results come back in argument order."""
import asyncio

import aiofiles
import aiofiles.os

CITIES = {
    "oslo": [3, -2, 5, 1],
    "lima": [19, 21, 20],
    "cairo": [30, 33, 31, 35, 29],
}


async def write_city(name, temps):
    path = f"temps_{name}.csv"
    async with aiofiles.open(path, "w") as f:
        await f.write("day,temp\n")
        for day, t in enumerate(temps, 1):
            await f.write(f"{day},{t}\n")
    return path, len(temps)


async def summarize(path):
    async with aiofiles.open(path) as f:
        rows = (await f.readlines())[1:]
    temps = [int(r.split(",")[1]) for r in rows]
    return path, min(temps), max(temps), sum(temps) / len(temps)


async def main():
    written = await asyncio.gather(*(write_city(n, t) for n, t in CITIES.items()))
    for path, n in written:
        print("wrote", path, n, "rows")

    summaries = await asyncio.gather(*(summarize(p) for p, _ in written))
    for path, lo, hi, avg in summaries:
        print(f"{path}: min {lo} max {hi} avg {avg:.2f}")

    sizes = await asyncio.gather(*(aiofiles.os.path.getsize(p) for p, _ in written))
    print("sizes:", dict(zip(CITIES, sizes)))

    results = await asyncio.gather(summarize("temps_oslo.csv"), summarize("temps_nowhere.csv"),
                                   return_exceptions=True)
    for r in results:
        print("ok" if not isinstance(r, BaseException) else f"error {type(r).__name__}: {r}")

    await asyncio.gather(*(aiofiles.os.remove(p) for p, _ in written))
    left = [p for p in sorted(await aiofiles.os.listdir(".")) if p.startswith("temps_")]
    print("left over:", left)


asyncio.run(main())
