"""asyncio.timeout and timeout_at: expiry, when(), reschedule, expired(), nesting, timeout(None)."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1.0) as cm:
            print(now(), "deadline at", f"{cm.when():.2f}")
            await asyncio.sleep(5)
    except TimeoutError as e:
        print(now(), "timeout fired:", repr(e), "expired:", cm.expired())
    async with asyncio.timeout(2) as cm:
        await asyncio.sleep(0.5)
    print(now(), "finished in time, expired:", cm.expired())
    try:
        async with asyncio.timeout_at(loop.time() + 0.75):
            await asyncio.sleep(1)
    except TimeoutError:
        print(now(), "timeout_at fired")
    try:
        async with asyncio.timeout(None) as cm:
            print(now(), "no deadline:", cm.when())
            await asyncio.sleep(0.2)
            cm.reschedule(loop.time() + 0.3)
            print(now(), "rescheduled to", f"{cm.when():.2f}")
            await asyncio.sleep(10)
    except TimeoutError:
        print(now(), "rescheduled timeout fired")
    try:
        async with asyncio.timeout(3):
            try:
                async with asyncio.timeout(1):
                    await asyncio.sleep(2)
            except TimeoutError:
                print(now(), "inner timeout")
            await asyncio.sleep(5)
    except TimeoutError:
        print(now(), "outer timeout")
    try:
        async with asyncio.timeout(-1):
            await asyncio.sleep(0)
    except TimeoutError:
        print(now(), "past deadline expires at first await")


asyncio.run(main())
