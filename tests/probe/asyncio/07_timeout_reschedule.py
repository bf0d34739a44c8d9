# extending an asyncio.timeout while running
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1) as cm:
            await asyncio.sleep(0.5)
            cm.reschedule(loop.time() + 2)
            print(f"{loop.time():.2f} extended deadline")
            await asyncio.sleep(1.5)
            print(f"{loop.time():.2f} still inside")
            await asyncio.sleep(5)
    except TimeoutError:
        print(f"{loop.time():.2f} timed out, expired={cm.expired()}")


asyncio.run(main())
