# the old style: a loop you create and close yourself
import asyncio


async def hello(n):
    await asyncio.sleep(n)
    return f"hello after {n}"


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print(loop.run_until_complete(hello(1)))
print(loop.run_until_complete(asyncio.gather(hello(1), hello(2))))
print(f"{loop.time():.2f}")
loop.close()
print(loop.is_closed())
