# done callbacks and the task awaiting the same future: who runs first
import asyncio


async def waiter(name, fut):
    print(name, "waiting")
    value = await fut
    print(name, "resumed with", value)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(lambda f: print("callback 1 sees", f.result()))
    task = asyncio.create_task(waiter("task", fut))
    await asyncio.sleep(0)
    fut.add_done_callback(lambda f: print("callback 2 sees", f.result()))
    loop.call_soon(print, "call_soon before set_result")
    fut.set_result(42)
    loop.call_soon(print, "call_soon after set_result")
    print("main set the result")
    await task
    print("done")


asyncio.run(main())
