# an exception raised in a to_thread function reaches the awaiting task
import asyncio


def read_config(path):
    raise FileNotFoundError(f"no such file: {path}")


async def main():
    try:
        await asyncio.to_thread(read_config, "settings.ini")
    except FileNotFoundError as e:
        print("caught:", e)
    squares = await asyncio.gather(*(asyncio.to_thread(pow, n, 2) for n in range(4)))
    print(squares)


asyncio.run(main())
