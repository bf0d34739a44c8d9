# printing finished tasks: results shortened as reprlib does, exceptions,
# cancellation (file path taken out)
import asyncio


async def text():
    await asyncio.sleep(1)
    return "x" * 100


async def numbers():
    return list(range(20)), {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}, (1,)


async def big():
    return 2**200


async def fail():
    raise ValueError("bad input")


def show(task):
    print(repr(task).replace(__file__, "FILE"))


async def main():
    tasks = [asyncio.create_task(c()) for c in (text, numbers, big, fail)]
    slow = asyncio.create_task(text())
    await asyncio.sleep(0)
    slow.cancel()
    await asyncio.gather(*tasks, slow, return_exceptions=True)
    for t in tasks + [slow]:
        show(t)


asyncio.run(main())
