# loop.run_in_executor with the default executor
import asyncio


def parse(text):
    return text.upper().split()


async def main():
    loop = asyncio.get_running_loop()
    words = await loop.run_in_executor(None, parse, "hello async world")
    print(words)


asyncio.run(main())
