"""Coroutines and create_task
Calling an async function only builds a coroutine; awaiting it runs it to the end before anything else.
Watch the brew tasks in the task table: create_task starts them at once and they run while main keeps working."""
import asyncio

CUPS = 3
BREW_TIME = 1.0

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


async def brew(cup):
    print(f"{elapsed()} cup {cup}: brewing")
    await asyncio.sleep(BREW_TIME + 0.1 * cup)  # later cups take a little longer
    print(f"{elapsed()} cup {cup}: ready")
    return f"coffee #{cup}"


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()

    coro = brew(0)  # nothing runs yet: this is just a coroutine object
    print(f"{elapsed()} brew(0) gave us a {type(coro).__name__}, not a coffee")
    coffee = await coro  # main waits here until cup 0 is done
    print(f"{elapsed()} awaited directly: {coffee}")

    tasks = [asyncio.create_task(brew(cup), name=f"brew-{cup}") for cup in range(1, CUPS + 1)]
    print(f"{elapsed()} main: {len(tasks)} tasks scheduled, main is free to do other work")
    await asyncio.sleep(0.5)
    print(f"{elapsed()} main: still working; finished so far: {sum(t.done() for t in tasks)}")

    for task in tasks:
        coffee = await task  # waits only if that task is not finished yet
        print(f"{elapsed()} main: {task.get_name()} gave {coffee}")
    print(f"{elapsed()} all {CUPS + 1} cups, but only two rounds of waiting")


asyncio.run(main())
