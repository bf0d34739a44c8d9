# cancelling a task before it ever runs
import asyncio


async def job():
    print("job started")
    return 1


async def main():
    t = asyncio.create_task(job())
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled before it started:", t.cancelled())


asyncio.run(main())
