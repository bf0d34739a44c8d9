# asyncio.Runner runs several coroutines on one loop
import asyncio


async def step(name):
    await asyncio.sleep(1)
    return f"{name} at {asyncio.get_running_loop().time():.2f}"


with asyncio.Runner() as runner:
    print(runner.run(step("first")))
    print(runner.run(step("second")))
    loop = runner.get_loop()
    print(loop.is_closed())
print(loop.is_closed())
