# asyncio.Runner keeps one context across its run() calls
import asyncio
import contextvars

user = contextvars.ContextVar("user", default="nobody")
hits = contextvars.ContextVar("hits", default=0)


async def login(name):
    user.set(name)
    hits.set(hits.get() + 1)
    return f"logged in {name}"


async def whoami():
    hits.set(hits.get() + 1)
    return user.get(), hits.get()


user.set("outside")
with asyncio.Runner() as runner:
    print(runner.run(login("ada")))
    print(runner.run(whoami()))
    print(runner.run(whoami()))
print("outside the runner:", user.get(), hits.get())

print(asyncio.run(whoami()))
print(asyncio.run(login("bob")), user.get())
