# polling with a per-attempt timeout
import asyncio


async def poll(i):
    await asyncio.sleep([3, 2, 0.5, 1][i])
    return f"reply {i}"


async def main():
    for i in range(4):
        try:
            r = await asyncio.wait_for(poll(i), timeout=1.5)
            print(f"{asyncio.get_running_loop().time():.2f} {r}")
            break
        except TimeoutError:
            print(f"{asyncio.get_running_loop().time():.2f} attempt {i} timed out")


asyncio.run(main())
