# a TaskGroup whose body raises
import asyncio


async def job():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("job cancelled because the body failed")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(job())
            await asyncio.sleep(1)
            raise KeyError("body failed")
    except* KeyError as eg:
        print("caught", [repr(e) for e in eg.exceptions])
    print(f"{asyncio.get_running_loop().time():.2f}")


asyncio.run(main())
