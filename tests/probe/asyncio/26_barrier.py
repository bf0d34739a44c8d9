# asyncio.Barrier: everyone waits for the slowest
import asyncio


async def player(barrier, name, delay):
    await asyncio.sleep(delay)
    print(f"{asyncio.get_running_loop().time():.2f} {name} arrived")
    pos = await barrier.wait()
    print(f"{asyncio.get_running_loop().time():.2f} {name} goes (pos {pos})")


async def main():
    barrier = asyncio.Barrier(3)
    await asyncio.gather(player(barrier, "a", 1), player(barrier, "b", 2), player(barrier, "c", 3))
    print(barrier.parties, barrier.n_waiting, barrier.broken)


asyncio.run(main())
