# wait_for cancels the inner coroutine on timeout
import asyncio


async def fetch():
    try:
        await asyncio.sleep(5)
        return "data"
    except asyncio.CancelledError:
        print(f"{asyncio.get_running_loop().time():.2f} fetch cancelled")
        raise
    finally:
        print("fetch cleanup")


async def main():
    try:
        await asyncio.wait_for(fetch(), timeout=2)
    except asyncio.TimeoutError as e:
        print(f"{asyncio.get_running_loop().time():.2f} timeout:", type(e).__name__, repr(str(e)))
    print(asyncio.TimeoutError is TimeoutError)


asyncio.run(main())
