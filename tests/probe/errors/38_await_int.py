# awaiting something that is not awaitable
import asyncio


def get_number():
    return 5


async def main():
    value = await get_number()
    print(value)


asyncio.run(main())
