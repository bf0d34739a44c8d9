"""Scanning a log with an async generator
An async generator yields the ERROR and WARNING lines of app.log as aiofiles reads it; the caller stops at a limit.
Watch the file waits on the timeline: each line read is its own small wait, and breaking out closes the file."""
import asyncio
import aiofiles

LIMIT = 5


async def problems(path):
    async with aiofiles.open(path) as f:
        async for line in f:
            time, level, service, message = line.split(maxsplit=3)
            if level in ("ERROR", "WARNING"):
                yield level, service, message.strip()


async def main():
    counts = {}
    shown = 0
    async for level, service, message in problems("app.log"):
        counts[level] = counts.get(level, 0) + 1
        if shown < LIMIT:
            print(f"{level:<7} {service:<6} {message}")
            shown += 1
    print("totals:", dict(sorted(counts.items())))


asyncio.run(main())
