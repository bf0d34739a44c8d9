# call_soon and call_later ordering
import asyncio


def say(msg):
    print(f"{asyncio.get_running_loop().time():.2f} {msg}")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(2, say, "later 2")
    loop.call_later(1, say, "later 1")
    loop.call_soon(say, "soon A")
    loop.call_soon(say, "soon B")
    handle = loop.call_later(1.5, say, "cancelled one")
    handle.cancel()
    loop.call_at(loop.time() + 0.5, say, "at +0.5")
    say("main before sleep")
    await asyncio.sleep(3)
    say("main end")


asyncio.run(main())
