# gather returns results in argument order, not finishing order
import asyncio


async def brew(drink, minutes):
    await asyncio.sleep(minutes)
    print(f"{asyncio.get_running_loop().time():.2f} {drink} ready")
    return drink


async def main():
    drinks = await asyncio.gather(brew("tea", 3), brew("coffee", 1), brew("juice", 2))
    print(drinks)


asyncio.run(main())
