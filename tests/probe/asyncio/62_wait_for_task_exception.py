# wait_for re-raises the inner exception
import asyncio


async def fails():
    await asyncio.sleep(0.5)
    raise PermissionError("denied")


async def main():
    try:
        await asyncio.wait_for(fails(), timeout=2)
    except PermissionError as e:
        print(f"{asyncio.get_running_loop().time():.2f} caught:", e)


asyncio.run(main())
