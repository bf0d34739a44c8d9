# contextvars across tasks, TaskGroup, callbacks, Context.run and the errors
import asyncio
import contextvars

user = contextvars.ContextVar("user", default="anon")
depth = contextvars.ContextVar("depth")


async def child(tag):
    print(tag, "child sees", user.get())
    user.set(tag)
    await asyncio.sleep(0.5)
    print(tag, "child after sleep", user.get())
    return user.get()


async def nested():
    user.set("outer")
    t = asyncio.create_task(child("inner"))
    user.set("outer-changed")
    await t
    print("nested keeps", user.get())


def callback(label):
    print("callback", label, user.get(), depth.get("no depth"))
    user.set("set-in-callback")


async def main():
    print("start", user.get(), depth.get(None))
    user.set("alice")
    results = await asyncio.gather(child("a"), child("b"))
    print("gather results", results, "main still", user.get())

    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(child("tg1"))
        user.set("bob")
        t2 = tg.create_task(child("tg2"))
    print("taskgroup", t1.result(), t2.result(), user.get())

    await nested()
    print("after nested", user.get())

    loop = asyncio.get_running_loop()
    depth.set(1)
    loop.call_soon(callback, "soon")
    depth.set(2)
    loop.call_later(0.1, callback, "later")
    await asyncio.sleep(0.2)
    print("main after callbacks", user.get(), depth.get())

    # a task started in an explicit context
    ctx = contextvars.copy_context()
    user.set("carol")
    t = asyncio.create_task(child("ctx-task"), context=ctx)
    await t
    print("ctx after task", ctx[user], ctx.get(depth), user.get())

    # Context.run and the mapping methods
    def work(x):
        user.set(f"run-{x}")
        return user.get()

    ctx2 = contextvars.copy_context()
    print("run gives", ctx2.run(work, 7), "outside", user.get(), "inside", ctx2[user])
    print(len(ctx2) >= 2, user in ctx2, sorted(v.name for v in ctx2))
    print(sorted((k.name, v) for k, v in ctx2.items()))
    print(sorted(map(str, ctx2.values())))
    empty = contextvars.Context()
    print(len(empty), list(empty), empty.get(user), empty.get(user, "dflt"))
    print(empty.run(user.get), empty.run(depth.get, "none here"))

    # tokens
    tok = user.set("temp")
    print(tok.var is user, tok.old_value)
    user.reset(tok)
    print("after reset", user.get())
    tok2 = depth.set(10)
    tok3 = depth.set(11)
    depth.reset(tok3)
    depth.reset(tok2)
    print("depth back", depth.get(), tok2.old_value)
    fresh = contextvars.ContextVar("fresh")
    tok4 = fresh.set(1)
    print(tok4.old_value is contextvars.Token.MISSING)
    fresh.reset(tok4)
    try:
        fresh.get()
    except LookupError as e:
        print("LookupError after reset", type(e).__name__)
    for bad in [lambda: fresh.reset(tok4), lambda: user.reset(tok2), lambda: user.reset(depth.set(3)),
                lambda: user.reset("x"), lambda: contextvars.ContextVar(5),
                lambda: ctx2[5], lambda: ctx2[contextvars.ContextVar("q")]]:
        try:
            bad()
        except (RuntimeError, ValueError, TypeError, KeyError) as e:
            msg = str(e)
            print(type(e).__name__, msg[msg.rfind(">") + 1:].strip() or "(repr)")

    tok5 = user.set("in-main")

    async def other():
        try:
            user.reset(tok5)
        except ValueError as e:
            print("other task:", str(e).split("> ")[-1])

    await asyncio.create_task(other())

    def reenter():
        ctx2.run(print, "never")

    try:
        ctx2.run(reenter)
    except RuntimeError as e:
        print("RuntimeError", str(e).split(":")[0])
    print(user.name, depth.name, type(user).__name__, type(tok).__name__, type(ctx2).__name__)


asyncio.run(main())
print("top level", user.get())
