# waiting for an event with a timeout
import asyncio


async def main():
    ev = asyncio.Event()
    try:
        await asyncio.wait_for(ev.wait(), timeout=1)
    except TimeoutError:
        print(f"{asyncio.get_running_loop().time():.2f} no signal")
    asyncio.get_running_loop().call_later(0.5, ev.set)
    print(await asyncio.wait_for(ev.wait(), timeout=1))
    print(f"{asyncio.get_running_loop().time():.2f} signalled")


asyncio.run(main())
