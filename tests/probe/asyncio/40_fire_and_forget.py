# background tasks keep running while main continues
import asyncio

background = set()


async def send_email(to):
    await asyncio.sleep(2)
    print(f"{asyncio.get_running_loop().time():.2f} email sent to {to}")


async def main():
    for who in ["a@x.com", "b@x.com"]:
        t = asyncio.create_task(send_email(who))
        background.add(t)
        t.add_done_callback(background.discard)
    print("request handled")
    await asyncio.sleep(3)
    print("pending:", len(background))


asyncio.run(main())
