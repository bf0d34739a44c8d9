# cancelling a gather cancels its children
import asyncio


async def child(n):
    try:
        await asyncio.sleep(n)
        return n
    except asyncio.CancelledError:
        print(f"child {n} cancelled")
        raise


async def main():
    g = asyncio.gather(child(1), child(5), child(6))
    await asyncio.sleep(2)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print(f"{asyncio.get_running_loop().time():.2f} gather cancelled")


asyncio.run(main())
