"""Cancellation with cleanup
cancel() raises CancelledError inside the task at the await it is paused on; its finally block still runs and may even await.
Watch the writer stay alive through its cleanup after the supervisor's cancel, then end as cancelled rather than failed."""
import asyncio

CANCEL_AFTER = 1.0
CLEANUP = 0.3

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


async def writer():
    chunks = 0
    try:
        while True:
            await asyncio.sleep(0.3)
            chunks += 1
            print(f"{elapsed()} writer: wrote chunk {chunks}")
    except asyncio.CancelledError as exc:
        reason = exc.args[0] if exc.args else "no reason given"
        print(f"{elapsed()} writer: cancelled ({reason})")
        raise  # swallowing it would make the task look like it finished normally
    finally:
        print(f"{elapsed()} writer: cleanup - flushing {chunks} chunks to disk")
        await asyncio.sleep(CLEANUP)
        print(f"{elapsed()} writer: cleanup done, file closed")


async def supervisor(target):
    await asyncio.sleep(CANCEL_AFTER)
    print(f"{elapsed()} supervisor: time is up, cancelling {target.get_name()}")
    target.cancel("stopped by the supervisor")


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()
    job = asyncio.create_task(writer(), name="writer")
    boss = asyncio.create_task(supervisor(job), name="supervisor")
    try:
        await job
    except asyncio.CancelledError:
        print(f"{elapsed()} main: writer ended, cancelled() = {job.cancelled()}")
    await boss


asyncio.run(main())
