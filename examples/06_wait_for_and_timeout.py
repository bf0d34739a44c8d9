"""wait_for and asyncio.timeout
wait_for puts a deadline on a single awaitable; async with asyncio.timeout() puts one on a whole block.
Watch the slow lookup get cancelled exactly at the deadline, and the timed block stop partway through its steps."""
import asyncio

TIMEOUT = 1.0
SLOW = 1.5

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


async def lookup(name, seconds):
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"{elapsed()} lookup {name}: cancelled by the deadline")
        raise
    return f"{name}: found"


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()

    for name, seconds in [("fast", 0.4), ("slow", SLOW)]:
        task = asyncio.create_task(lookup(name, seconds), name=f"lookup-{name}")
        try:
            result = await asyncio.wait_for(task, timeout=TIMEOUT)
            print(f"{elapsed()} wait_for -> {result}")
        except TimeoutError:
            print(f"{elapsed()} wait_for: gave up on {name} after {TIMEOUT}s")

    steps = 0
    try:
        async with asyncio.timeout(TIMEOUT):
            for step in range(1, 6):
                await asyncio.sleep(0.3)
                steps = step
                print(f"{elapsed()} block: step {step} of 5 done")
        print(f"{elapsed()} block: finished in time")
    except TimeoutError:
        print(f"{elapsed()} block: timed out after {steps} steps")


asyncio.run(main())
