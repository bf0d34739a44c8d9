# a task that swallows its cancellation keeps going
import asyncio


async def stubborn():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("ignoring cancel")
    await asyncio.sleep(1)
    return "finished anyway"


async def main():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(1)
    print("cancel() returned", t.cancel())
    print(await t, f"at {asyncio.get_running_loop().time():.2f}")
    print("cancelled?", t.cancelled(), "cancel() on done task:", t.cancel())


asyncio.run(main())
