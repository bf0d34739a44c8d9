//! `asyncio.iscoroutine` is true for asyncio's own awaitables as for
//! `async def`'s coroutines, and false for futures and plain values.
//! Expected output from CPython 3.11:
//! `python3 -c "import asyncio; c = asyncio.sleep(0); print(asyncio.iscoroutine(c)); ..."`.

use looplab_script::{run, Options};

#[test]
fn asyncios_awaitables_are_coroutines() {
    let source = r#"import asyncio

async def f():
    pass

async def main():
    s = asyncio.sleep(0)
    q = asyncio.Queue()
    g = q.get()
    x = f()
    fut = asyncio.get_running_loop().create_future()
    print(asyncio.iscoroutine(s), asyncio.iscoroutine(g), asyncio.iscoroutine(x))
    print(asyncio.iscoroutine(fut), asyncio.iscoroutine(1))
    await s
    await q.put(1)
    await g
    await x

asyncio.run(main())
"#;
    let out = run(source, &Options::default());
    assert!(out.error.is_none(), "{}", out.stderr);
    assert_eq!(out.stdout, "True True True\nFalse False\n");
}

/// `asyncio.run` and `loop.create_task` take them too (CPython 3.11 prints
/// `3`, `x`, `7` for this program).
#[test]
fn asyncio_run_and_loop_create_task_take_asyncios_awaitables() {
    let source = r#"import asyncio
print(asyncio.run(asyncio.sleep(1.25, result=3)))
loop = asyncio.new_event_loop()
t = loop.create_task(asyncio.sleep(0.5, result="x"))
print(loop.run_until_complete(t))
loop.close()
async def main():
    return await asyncio.wait_for(asyncio.sleep(0.1, result=7), 1)
print(asyncio.run(main()))
"#;
    let out = run(source, &Options::default());
    assert!(out.error.is_none(), "{}", out.stderr);
    assert_eq!(out.stdout, "3\nx\n7\n");
}

/// An object whose `__await__` returns a coroutine's `__await__()` is
/// awaitable (CPython 3.11 prints `5` then `1`).
#[test]
fn an_await_method_returning_a_coroutines_await_is_awaited() {
    let source = r#"import asyncio
class R:
    def __init__(self):
        self.x = 1
    async def _go(self):
        await asyncio.sleep(0.1)
        return 5
    def __await__(self):
        return self._go().__await__()
async def main():
    print(await R())
    print(R().x)
asyncio.run(main())
"#;
    let out = run(source, &Options::default());
    assert!(out.error.is_none(), "{}", out.stderr);
    assert_eq!(out.stdout, "5\n1\n");
}
