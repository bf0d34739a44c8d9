# processing results as they arrive
import asyncio


async def ping(host, ms):
    await asyncio.sleep(ms / 1000)
    return host, ms


async def main():
    loop = asyncio.get_running_loop()
    hosts = {"alpha": 300, "beta": 100, "gamma": 200}
    for coro in asyncio.as_completed([ping(h, ms) for h, ms in hosts.items()]):
        host, ms = await coro
        print(f"{loop.time():.2f} {host} answered in {ms}ms")


asyncio.run(main())
