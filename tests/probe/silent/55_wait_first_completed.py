# asyncio.wait FIRST_COMPLETED, reading the sets without relying on their order
import asyncio


async def racer(name, t):
    await asyncio.sleep(t)
    return name


async def main():
    tasks = [asyncio.create_task(racer(n, t)) for n, t in [("tortoise", 3), ("hare", 1), ("snail", 5)]]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("winner:", [t.result() for t in done])
    print("still running:", len(pending))
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    print([t.cancelled() for t in tasks])


asyncio.run(main())
