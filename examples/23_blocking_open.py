"""Plain open() in async code
A synchronous open() and read stall the whole event loop while they run: the heartbeat cannot beat meanwhile.
Watch the Warnings tab and the timeline: the reads block the loop; aiofiles does the same reads while the heartbeat keeps its beat."""
import asyncio
import aiofiles

READS = 150


async def heartbeat(stop):
    beats = 0
    while not stop.is_set():
        await asyncio.sleep(0.05)
        beats += 1
    return beats


async def read_blocking():
    total = 0
    for _ in range(READS):
        with open("app.log") as f:  # blocks the loop
            total += len(f.read())
    return total


async def read_async():
    total = 0
    for _ in range(READS):
        async with aiofiles.open("app.log") as f:  # waits, the loop runs on
            total += len(await f.read())
    return total


async def main():
    for reader in (read_blocking, read_async):
        stop = asyncio.Event()
        beat = asyncio.create_task(heartbeat(stop))
        total = await reader()
        stop.set()
        await beat
        print(f"{reader.__name__}: read {total} characters")


asyncio.run(main())
