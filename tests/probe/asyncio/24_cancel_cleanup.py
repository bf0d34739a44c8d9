# cleanup code in finally runs on cancel
import asyncio


async def server():
    print("server starting")
    try:
        while True:
            await asyncio.sleep(1)
            print(f"{asyncio.get_running_loop().time():.2f} serving")
    finally:
        print(f"{asyncio.get_running_loop().time():.2f} server closing connections")


async def main():
    t = asyncio.create_task(server())
    await asyncio.sleep(2.5)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("server stopped")


asyncio.run(main())
