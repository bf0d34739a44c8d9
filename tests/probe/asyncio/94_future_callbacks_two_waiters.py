# two tasks and callbacks interleaved on one future, and a callback that fails
import asyncio


async def waiter(name, fut):
    print(name, "waiting")
    print(name, "got", await fut)


def shout(f):
    print("shout sees", f.result())


def broken(f):
    raise ValueError("callback failed")


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(shout)
    a = asyncio.create_task(waiter("a", fut))
    await asyncio.sleep(0)
    fut.add_done_callback(broken)
    b = asyncio.create_task(waiter("b", fut))
    await asyncio.sleep(0)
    fut.add_done_callback(lambda f: print("last callback"))
    loop.call_later(0.5, fut.set_result, "value")
    await asyncio.gather(a, b)
    print(f"{loop.time():.1f} finished")


asyncio.run(main())
