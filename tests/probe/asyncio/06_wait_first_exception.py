# asyncio.wait FIRST_EXCEPTION
import asyncio


async def ok(n):
    await asyncio.sleep(n)
    return n


async def bad():
    await asyncio.sleep(1.5)
    raise ValueError("bad data")


async def main():
    tasks = [asyncio.create_task(ok(1)), asyncio.create_task(bad()), asyncio.create_task(ok(3))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print(f"{asyncio.get_running_loop().time():.2f}", len(done), len(pending))
    for t in tasks:
        if t in done:
            print("done:", t.exception() or t.result())
    for t in pending:
        t.cancel()


asyncio.run(main())
