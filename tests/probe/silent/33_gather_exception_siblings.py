# gather without return_exceptions: the others keep running
import asyncio


async def step(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise RuntimeError(f"{name} failed")
    print(f"{asyncio.get_running_loop().time():.2f} {name} finished")
    return name


async def main():
    try:
        await asyncio.gather(step("a", 1), step("b", 2, fail=True), step("c", 3))
    except RuntimeError as e:
        print(f"{asyncio.get_running_loop().time():.2f} caught: {e}")
    await asyncio.sleep(2)
    print(f"{asyncio.get_running_loop().time():.2f} main done")


asyncio.run(main())
