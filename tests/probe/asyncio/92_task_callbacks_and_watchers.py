# done callbacks on a task, and two tasks awaiting it
import asyncio


async def job():
    await asyncio.sleep(0.1)
    print("job finishing")
    return "ok"


async def watcher(name, task):
    print(name, "watching")
    print(name, "got", await task)


async def main():
    task = asyncio.create_task(job())
    task.add_done_callback(lambda t: print("callback A", t.result()))
    w1 = asyncio.create_task(watcher("w1", task))
    await asyncio.sleep(0)
    task.add_done_callback(lambda t: print("callback B", t.result()))
    w2 = asyncio.create_task(watcher("w2", task))
    await asyncio.sleep(0)
    task.add_done_callback(lambda t: print("callback C", t.result()))
    await asyncio.gather(w1, w2)
    print("all done")


asyncio.run(main())
