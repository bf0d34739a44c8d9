"""Async generators: paging through an API
An async generator can await between yields, so async for fetches the next page only when the loop asks for it.
Watch the page fetches in the timeline: stopping early at the user we want means the later pages are never requested."""
import asyncio
from contextlib import aclosing

PAGE_SIZE = 4
LATENCY = 0.3
TARGET = 6

USERS = [f"user-{n:02d}" for n in range(1, 11)]

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


async def fetch_page(cursor):
    """Pretend API: one page of users and the cursor of the next page (None at the end)."""
    await asyncio.sleep(LATENCY)
    end = cursor + PAGE_SIZE
    return USERS[cursor:end], (end if end < len(USERS) else None)


async def all_users():
    pages = 0
    cursor = 0
    try:
        while cursor is not None:
            page, cursor = await fetch_page(cursor)
            pages += 1
            print(f"{elapsed()} fetched page {pages}: {page[0]} .. {page[-1]}")
            for user in page:
                yield user
    finally:
        print(f"{elapsed()} paginator closed after {pages} pages")


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()

    everyone = [user async for user in all_users()]
    print(f"{elapsed()} read all {len(everyone)} users")

    wanted = f"user-{TARGET:02d}"
    async with aclosing(all_users()) as users:  # closes the generator when we break out
        async for user in users:
            if user == wanted:
                print(f"{elapsed()} found {wanted}, stopping early")
                break
        else:
            print(f"{elapsed()} {wanted} does not exist")


asyncio.run(main())
