"""Task.cancelling() and uncancel(): counting cancel requests, swallowing cancellation, multiple cancels."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def stubborn():
    task = asyncio.current_task()
    for attempt in range(3):
        try:
            await asyncio.sleep(1)
            print(now(), "stubborn slept fully")
        except asyncio.CancelledError:
            print(now(), f"stubborn swallowed cancel #{attempt}, cancelling={task.cancelling()}")
            left = task.uncancel()
            print(now(), f"after uncancel cancelling={left}")
    return "survived"


async def victim():
    await asyncio.sleep(5)


async def main():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0.5)
    t.cancel()
    await asyncio.sleep(0.2)
    t.cancel()
    await asyncio.sleep(0.2)
    print(now(), "result:", await t, "cancelled:", t.cancelled(), "cancelling:", t.cancelling())

    v = asyncio.create_task(victim())
    await asyncio.sleep(0)
    print(now(), "cancelling before:", v.cancelling())
    v.cancel("one")
    v.cancel("two")
    print(now(), "cancelling after two cancels:", v.cancelling())
    try:
        await v
    except asyncio.CancelledError as e:
        print(now(), "victim cancelled with", e.args, "cancelling:", v.cancelling())

    me = asyncio.current_task()
    print(now(), "main cancelling:", me.cancelling())
    try:
        async with asyncio.timeout(0.5):
            await asyncio.sleep(1)
    except TimeoutError:
        print(now(), "timeout uses cancel+uncancel; main cancelling:", me.cancelling())


asyncio.run(main())
