# gathering gathers
import asyncio


async def leaf(n):
    await asyncio.sleep(n)
    return n


async def branch(*ns):
    return await asyncio.gather(*(leaf(n) for n in ns))


async def main():
    print(await asyncio.gather(branch(1, 2), branch(3), leaf(0.5)))
    print(await asyncio.gather())
    print(f"{asyncio.get_running_loop().time():.2f}")


asyncio.run(main())
