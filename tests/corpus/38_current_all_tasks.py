"""current_task, all_tasks, task naming (Task-N counter), sleep(0) round-robin, coroutine vs task."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def who(delay):
    me = asyncio.current_task()
    await asyncio.sleep(delay)
    print(now(), "I am", me.get_name(), "tasks alive:", len(asyncio.all_tasks()))
    return me.get_name()


async def main():
    print("outside task:", asyncio.current_task().get_name())
    tasks = [asyncio.create_task(who(i * 0.5)) for i in range(1, 4)]
    named = asyncio.create_task(who(0.1), name="special")
    print(now(), "all tasks:", sorted(t.get_name() for t in asyncio.all_tasks()))
    print(now(), "main in all_tasks:", asyncio.current_task() in asyncio.all_tasks())
    print(await named)
    names = await asyncio.gather(*tasks)
    print(now(), names, len(asyncio.all_tasks()))
    coro = who(0)
    print(type(coro).__name__, asyncio.iscoroutine(coro), asyncio.isfuture(coro))
    t = asyncio.ensure_future(coro)
    print(type(t).__name__, asyncio.isfuture(t), t.get_name())
    await t
    gather_names = await asyncio.gather(who(0.1), who(0.2))
    print(now(), "gather wraps coroutines in tasks:", gather_names)


try:
    asyncio.current_task()
except RuntimeError as e:
    print("RuntimeError:", e)
asyncio.run(main())
