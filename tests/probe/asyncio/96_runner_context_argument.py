# Runner.run with its own context=, and tasks created inside a run
import asyncio
import contextvars

color = contextvars.ContextVar("color", default="none")


async def paint(c):
    color.set(c)
    await asyncio.sleep(0.1)
    return color.get()


async def look():
    task = asyncio.create_task(asyncio.sleep(0, result=color.get()))
    return await task


with asyncio.Runner() as runner:
    print(runner.run(paint("red")))
    print(runner.run(look()))
    ctx = contextvars.copy_context()
    print(runner.run(paint("blue"), context=ctx))
    print(runner.run(look()))
    print(ctx[color], ctx.get(color))
print(color.get())
