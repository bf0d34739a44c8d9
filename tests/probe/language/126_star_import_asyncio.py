# from asyncio import *: a learner's script written without the asyncio. prefix
from asyncio import *


async def worker(name, delay):
    await sleep(delay)
    return f"{name} done"


async def main():
    results = await gather(worker("a", 0.2), worker("b", 0.1))
    print(results)
    q = Queue()
    await q.put(1)
    print(await q.get(), q.empty())
    try:
        await wait_for(sleep(1), timeout=0.1)
    except TimeoutError:
        print("timed out")
    task = create_task(worker("c", 0.1))
    print(await task)


run(main())
