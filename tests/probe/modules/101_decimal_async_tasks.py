# each asyncio task works at its own Decimal precision
import asyncio
from decimal import Decimal, getcontext, localcontext


async def divide(name, prec, delay):
    with localcontext() as ctx:
        ctx.prec = prec
        await asyncio.sleep(delay)
        result = Decimal(1) / Decimal(7)
        await asyncio.sleep(delay)
        print(f"{name}: prec={getcontext().prec} 1/7={result} 2/3={Decimal(2) / 3}")
        return result


async def main():
    print("main prec", getcontext().prec)
    results = await asyncio.gather(divide("a", 5, 0.2), divide("b", 12, 0.1), divide("c", 30, 0.3))
    print([str(r) for r in results])
    print("main prec after", getcontext().prec, Decimal(1) / 7)
    loop = asyncio.get_running_loop()
    print(round(loop.time(), 2))


asyncio.run(main())
