# shield keeps the inner work running when the outer wait is cancelled
import asyncio


async def save_to_db():
    await asyncio.sleep(2)
    print(f"{asyncio.get_running_loop().time():.2f} saved")
    return "saved"


async def main():
    inner = asyncio.create_task(save_to_db())
    try:
        await asyncio.wait_for(asyncio.shield(inner), timeout=1)
    except TimeoutError:
        print(f"{asyncio.get_running_loop().time():.2f} stopped waiting; inner cancelled? {inner.cancelled()}")
    print(await inner)


asyncio.run(main())
