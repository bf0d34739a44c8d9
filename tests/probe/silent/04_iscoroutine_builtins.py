# which built-in awaitables count as coroutines
import asyncio


async def work():
    return 1


async def main():
    c = work()
    print("my coroutine:", asyncio.iscoroutine(c))
    await c
    s = asyncio.sleep(0)
    print("asyncio.sleep(0):", asyncio.iscoroutine(s))
    await s
    w = asyncio.wait_for(work(), 1)
    print("wait_for(...):", asyncio.iscoroutine(w))
    await w
    g = asyncio.gather(work())
    print("gather(...):", asyncio.iscoroutine(g), isinstance(g, asyncio.Future))
    await g
    t = asyncio.create_task(work())
    print("task:", asyncio.iscoroutine(t), isinstance(t, asyncio.Future))
    await t
    print("function:", asyncio.iscoroutine(work), asyncio.iscoroutinefunction(work))
    print("sleep is a coroutine function:", asyncio.iscoroutinefunction(asyncio.sleep))


asyncio.run(main())
