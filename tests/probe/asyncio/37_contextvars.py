# a context variable per task
import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="none")


def log(msg):
    print(f"[{request_id.get()}] {msg}")


async def handle(rid, delay):
    request_id.set(rid)
    log("start")
    await asyncio.sleep(delay)
    log("end")


async def main():
    log("main before")
    await asyncio.gather(handle("req-1", 2), handle("req-2", 1))
    log("main after")
    token = request_id.set("main")
    log("set in main")
    request_id.reset(token)
    log("reset")


asyncio.run(main())
