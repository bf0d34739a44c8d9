# forgetting await, then doing arithmetic with the result
import asyncio


async def get_price():
    await asyncio.sleep(0.1)
    return 10


async def main():
    price = await get_price()
    print("price", price)
    price = get_price()
    print(type(price).__name__)
    print(price + 1)


asyncio.run(main())
