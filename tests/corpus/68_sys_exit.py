"""sys.exit with a code after async work: the exit code is recorded, no traceback; SystemExit can also be caught."""
import asyncio
import sys


async def check(items):
    bad = []
    for item in items:
        await asyncio.sleep(0.2)
        if not item.isalnum():
            bad.append(item)
            print(f"{asyncio.get_running_loop().time():.2f} invalid item {item!r}")
    return bad


try:
    sys.exit("caught message")
except SystemExit as e:
    print("caught SystemExit:", repr(e.code))

bad = asyncio.run(check(["ok", "no way", "fine1", "x-y"]))
print(len(bad), "invalid items")
if bad:
    sys.exit(3)
print("not reached")
