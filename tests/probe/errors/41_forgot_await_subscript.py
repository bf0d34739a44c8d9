# forgetting await, then indexing the result
import asyncio


async def load_profile():
    await asyncio.sleep(1)
    return {"name": "Jo"}


async def main():
    profile = load_profile()
    print(profile["name"])


asyncio.run(main())
