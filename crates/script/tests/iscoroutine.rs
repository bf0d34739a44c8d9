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
