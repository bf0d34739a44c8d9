# runners wait for the starting pistol
import asyncio


async def runner(name, event, speed):
    await event.wait()
    await asyncio.sleep(speed)
    print(f"{asyncio.get_running_loop().time():.2f} {name} finished")


async def main():
    go = asyncio.Event()
    tasks = [asyncio.create_task(runner(n, go, s)) for n, s in [("ann", 2), ("bo", 1)]]
    await asyncio.sleep(3)
    print("ready... go!", go.is_set())
    go.set()
    await asyncio.gather(*tasks)
    go.clear()
    print("cleared:", go.is_set())


asyncio.run(main())
