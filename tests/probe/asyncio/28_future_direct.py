# a bare Future resolved by a callback
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(2, fut.set_result, "answer")
    print("done?", fut.done())
    print(await fut, f"{loop.time():.2f}")
    f2 = asyncio.Future()
    f2.set_exception(ValueError("broken"))
    try:
        await f2
    except ValueError as e:
        print("exception:", e)
    f3 = asyncio.Future()
    f3.cancel()
    print(f3.cancelled())
    try:
        f3.set_result(1)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)


asyncio.run(main())
