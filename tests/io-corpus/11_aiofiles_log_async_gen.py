"""An async generator over the lines of a log file: filtering, parsing, async comprehensions, early exit with aclose()/aclosing()."""
import asyncio
from collections import Counter
from contextlib import aclosing

import aiofiles

LOG = """\
2024-05-01 10:00:01 INFO  server started
2024-05-01 10:00:02 DEBUG loading config
2024-05-01 10:00:05 WARN  disk at 81%
2024-05-01 10:01:00 ERROR db timeout after 5s
2024-05-01 10:01:30 INFO  request /home 200
2024-05-01 10:02:00 ERROR db timeout after 5s
2024-05-01 10:03:00 INFO  request /about 404
"""


async def log_lines(path):
    print("  (generator opens the file)")
    try:
        async with aiofiles.open(path) as f:
            async for line in f:
                yield line.rstrip("\n")
    finally:
        print("  (generator closed the file)")


async def parse(path):
    async with aclosing(log_lines(path)) as lines:
        async for line in lines:
            date, time, level, message = line.split(maxsplit=3)
            yield {"time": time, "level": level, "message": message}


async def main():
    async with aiofiles.open("app.log", "w") as f:
        await f.write(LOG)

    levels = Counter([e["level"] async for e in parse("app.log")])
    print("levels:", sorted(levels.items()))

    errors = [e["time"] async for e in parse("app.log") if e["level"] == "ERROR"]
    print("error times:", errors)

    gen = log_lines("app.log")
    first, second = await gen.__anext__(), await anext(gen)
    print("first two:", first.split(maxsplit=3)[3], "|", second.split(maxsplit=3)[3])
    await gen.aclose()

    async with aclosing(parse("app.log")) as entries:
        async for entry in entries:
            if entry["level"] == "WARN":
                print("first warning:", entry["message"])
                break
        print("after break, before aclosing exits")
    print("done")


asyncio.run(main())
