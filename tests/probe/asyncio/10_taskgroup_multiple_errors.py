# several failures inside a TaskGroup, handled with except*
import asyncio


async def check(name, delay, exc=None):
    await asyncio.sleep(delay)
    if exc:
        raise exc
    return name


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(check("a", 1, ValueError("bad a")))
            tg.create_task(check("b", 1, KeyError("b")))
            tg.create_task(check("c", 1, ValueError("bad c")))
    except* ValueError as eg:
        print("value errors:", sorted(str(e) for e in eg.exceptions))
    except* KeyError as eg:
        print("key errors:", [repr(e) for e in eg.exceptions])


asyncio.run(main())
