# main is cancelled and the CancelledError escapes asyncio.run
import asyncio


async def main():
    me = asyncio.current_task()
    asyncio.get_running_loop().call_later(1, me.cancel)
    print("waiting")
    await asyncio.sleep(5)
    print("never")


asyncio.run(main())
