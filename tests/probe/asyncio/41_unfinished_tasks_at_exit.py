# asyncio.run cancels tasks still running when main returns
import asyncio


async def forever(name):
    try:
        while True:
            await asyncio.sleep(1)
            print(f"{asyncio.get_running_loop().time():.2f} {name} tick")
    except asyncio.CancelledError:
        print(f"{name} cancelled at shutdown")
        raise


async def main():
    asyncio.create_task(forever("bg"))
    await asyncio.sleep(2.5)
    print("main done")


asyncio.run(main())
print("program end")
