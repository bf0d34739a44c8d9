# a callback added after a future is done, and one removed again
import asyncio


def report(label):
    return lambda f: print(label, "->", f.result())


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    first = report("first")
    fut.add_done_callback(first)
    fut.add_done_callback(report("second"))
    print("removed", fut.remove_done_callback(first))
    fut.set_result("x")
    fut.add_done_callback(report("late"))
    print("set and added late")
    await asyncio.sleep(0)
    print("after one sleep")
    await asyncio.sleep(0)
    print("end")


asyncio.run(main())
