"""Fire-and-forget: a task whose exception is never retrieved (CPython logs it to stderr); the program still exits 0."""
import asyncio

background = set()


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def send_metrics(n):
    await asyncio.sleep(0.5)
    if n == 2:
        raise ConnectionResetError(f"metrics batch {n} lost")
    print(now(), f"metrics batch {n} sent")


async def handle_request(n):
    task = asyncio.create_task(send_metrics(n))
    background.add(task)
    task.add_done_callback(background.discard)
    await asyncio.sleep(0.1)
    print(now(), f"request {n} answered without waiting for metrics")


async def main():
    for n in range(4):
        await handle_request(n)
    print(now(), "background tasks still pending:", len(background))
    await asyncio.sleep(1)
    print(now(), "background tasks pending:", len(background))
    orphan = asyncio.create_task(send_metrics(2))
    await asyncio.sleep(1)
    print(now(), "orphan done:", orphan.done(), "-- its error was never retrieved")
    print(now(), "main returns normally")


asyncio.run(main())
print("program end")
