"""The blocking-call anti-pattern
time.sleep() inside a coroutine freezes the whole event loop: no other task runs until it returns.
Watch the ticker's first beat arrive late while the job blocks the loop, then stay on time once the job uses asyncio.sleep."""
import asyncio
import time

BLOCK = 0.25
TICK = 0.1
BEATS = 4

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.2f}s"


async def ticker():
    loop = asyncio.get_running_loop()
    for beat in range(1, BEATS + 1):
        due = loop.time() + TICK
        await asyncio.sleep(TICK)
        late = loop.time() - due
        note = f" ({late:.2f}s late!)" if late >= 0.05 else ""  # ignore timer jitter
        print(f"{elapsed()} ticker: beat {beat}{note}")


async def job(blocking):
    await asyncio.sleep(0.05)
    if blocking:
        print(f"{elapsed()} job: time.sleep({BLOCK}) - the whole loop stops")
        time.sleep(BLOCK)  # don't do this in a coroutine
    else:
        print(f"{elapsed()} job: await asyncio.sleep({BLOCK}) - others keep running")
        await asyncio.sleep(BLOCK)
    print(f"{elapsed()} job: finished")


async def main():
    global started_at
    for blocking in (True, False):
        print("blocking round:" if blocking else "non-blocking round:")
        started_at = asyncio.get_running_loop().time()
        await asyncio.gather(
            asyncio.create_task(ticker(), name="ticker"),
            asyncio.create_task(job(blocking), name="blocking-job" if blocking else "polite-job"),
        )


asyncio.run(main())
