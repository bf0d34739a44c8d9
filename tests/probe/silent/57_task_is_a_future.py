# tasks and gather's result are Futures
import asyncio


async def work(n):
    await asyncio.sleep(0.1)
    return n * 2


async def main():
    task = asyncio.create_task(work(1))
    group = asyncio.gather(work(2), work(3))
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    for name, obj in [("task", task), ("gather", group), ("future", fut)]:
        print(name, isinstance(obj, asyncio.Future), isinstance(obj, asyncio.Task), asyncio.isfuture(obj))
    print(asyncio.Task.__mro__)
    print(issubclass(asyncio.Task, asyncio.Future), type(task).__name__, type(group).__name__)
    print(type(group).__mro__)
    fut.set_result("set")
    print(await task, await group, await fut)
    coro = work(4)
    print(asyncio.isfuture(coro), asyncio.iscoroutine(coro))
    coro.close()


asyncio.run(main())
