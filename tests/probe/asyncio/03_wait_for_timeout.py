# wait_for with a timeout that fires and one that does not
import asyncio


async def slow_op(seconds):
    await asyncio.sleep(seconds)
    return f"finished after {seconds}s"


async def main():
    print(await asyncio.wait_for(slow_op(1), timeout=2))
    try:
        await asyncio.wait_for(slow_op(5), timeout=2)
    except asyncio.TimeoutError:
        print(f"{asyncio.get_running_loop().time():.2f} gave up")


asyncio.run(main())
