"""Fire-and-forget: the error nobody sees
A task that is created and never awaited fails silently: asyncio only logs "Task exception was never retrieved".
Watch the email tasks end in error in the task table while main carries on; a done callback reports the kept task's error."""
import asyncio

SIGNUPS = 2
SEND_TIME = 0.3

background = set()  # strong references to running background tasks

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


async def send_welcome(user):
    await asyncio.sleep(SEND_TIME)
    raise ConnectionError(f"mail server refused the message to {user}")


async def careless_signup(user):
    asyncio.create_task(send_welcome(user), name=f"email-{user}")  # started, then forgotten
    print(f"{elapsed()} {user} signed up (email 'sent')")


def report(task):
    """Done callback: look at the result, so a failure is never silent."""
    if not task.cancelled() and task.exception() is not None:
        print(f"{elapsed()} {task.get_name()} failed: {task.exception()}")


async def careful_signup(user):
    task = asyncio.create_task(send_welcome(user), name=f"email-{user}")
    background.add(task)
    task.add_done_callback(background.discard)
    task.add_done_callback(report)
    print(f"{elapsed()} {user} signed up (email on its way, being watched)")


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()
    for n in range(1, SIGNUPS + 1):
        await careless_signup(f"user{n}")
    await asyncio.sleep(SEND_TIME + 0.1)
    print(f"{elapsed()} main: everything looks fine... but every email failed")

    await careful_signup("ada")
    await asyncio.sleep(SEND_TIME + 0.1)
    print(f"{elapsed()} main: this time the failure was reported")


asyncio.run(main())
