# passing the function instead of calling it
import asyncio


async def main():
    print("hello")


try:
    asyncio.run(main)
except ValueError as e:
    print("ValueError:", str(e).split(" at ")[0])
asyncio.run(main())
