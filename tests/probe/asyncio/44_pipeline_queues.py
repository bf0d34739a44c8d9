# a three-stage pipeline connected by queues
import asyncio


async def fetch(out):
    for url in ["a", "b", "c"]:
        await asyncio.sleep(0.5)
        await out.put(url)
    await out.put(None)


async def parse(inp, out):
    while (url := await inp.get()) is not None:
        await asyncio.sleep(0.25)
        await out.put(url.upper())
    await out.put(None)


async def store(inp, saved):
    while (item := await inp.get()) is not None:
        saved.append(item)
        print(f"{asyncio.get_running_loop().time():.2f} stored {item}")


async def main():
    q1, q2, saved = asyncio.Queue(), asyncio.Queue(), []
    await asyncio.gather(fetch(q1), parse(q1, q2), store(q2, saved))
    print(saved)


asyncio.run(main())
