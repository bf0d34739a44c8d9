"""TaskGroup: one failure cancels the siblings
When a task in a TaskGroup raises, the group cancels all the others, waits for them, then raises an ExceptionGroup.
Watch the slow downloads turn cancelled in the task table at the very moment the broken mirror fails."""
import asyncio

DOWNLOADS = 3
FAIL_AFTER = 0.7

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.2f}s"


async def download(name, seconds):
    print(f"{elapsed()} {name}: start, needs {seconds:.2f}s")
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"{elapsed()} {name}: cancelled by the group")
        raise  # always let cancellation through
    print(f"{elapsed()} {name}: done")
    return name


async def broken_mirror(after):
    await asyncio.sleep(after)
    print(f"{elapsed()} mirror: connection lost!")
    raise ConnectionError("mirror went away")


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()
    tasks = []
    try:
        async with asyncio.TaskGroup() as group:
            for i in range(1, DOWNLOADS + 1):
                task = group.create_task(download(f"file-{i}", 0.5 * i + 0.05), name=f"file-{i}")
                tasks.append(task)
            group.create_task(broken_mirror(FAIL_AFTER), name="mirror")
        print(f"{elapsed()} every download finished")  # not reached: the mirror always fails
    except* ConnectionError as eg:
        print(f"{elapsed()} the group raised: {[repr(e) for e in eg.exceptions]}")
    for task in tasks:
        state = "cancelled" if task.cancelled() else f"done -> {task.result()}"
        print(f"{elapsed()} {task.get_name()}: {state}")


asyncio.run(main())
