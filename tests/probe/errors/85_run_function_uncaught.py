# asyncio.run given the coroutine function itself, not caught
import asyncio


class Service:
    async def start(self):
        print("started")


service = Service()
print("about to run")
asyncio.run(service.start)
