# contextvars in worker threads: to_thread copies the caller's context, run_in_executor starts empty
import asyncio
import contextvars
import time

request = contextvars.ContextVar("request", default="-")


def blocking(tag):
    seen = request.get()
    time.sleep(0.5)
    request.set(f"thread-{tag}")
    return f"{tag} saw {seen}, then {request.get()}"


async def handler(rid):
    request.set(rid)
    result = await asyncio.to_thread(blocking, rid)
    print(result, "| handler still", request.get())


async def main():
    request.set("main")
    await asyncio.gather(handler("r1"), handler("r2"))
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, blocking, "pool"))
    print("main still", request.get())
    ctx = contextvars.copy_context()
    print(await asyncio.to_thread(ctx.run, request.get))


asyncio.run(main())
