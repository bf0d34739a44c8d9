# asyncio.run twice in one program
import asyncio


async def stage(name, t):
    await asyncio.sleep(t)
    return f"{name} ended at {asyncio.get_running_loop().time():.2f}"


print(asyncio.run(stage("first", 1)))
print(asyncio.run(stage("second", 2)))
try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print("RuntimeError:", e)
