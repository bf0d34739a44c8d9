//! Async constructs used on the wrong objects raise CPython's `TypeError`s
//! (the learner's classic mix-ups: `async for` over a list, `for` over a
//! coroutine or an async generator, `with` on an asyncio lock, `await` on
//! a list), and the coroutine left behind is warned about. Expected output
//! from CPython 3.11 (`cd /tmp && python3 main.py`).

use looplab_script::{run, Options};

#[test]
fn async_constructs_on_the_wrong_objects_say_what_is_wrong() {
    let source = r#"import asyncio
async def main():
    try:
        async for x in [1, 2]:
            pass
    except TypeError as e:
        print(e)
    class Plain:
        pass
    try:
        async with Plain():
            pass
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
    try:
        await [1]
    except TypeError as e:
        print(e)
    try:
        for x in asyncio.sleep(0):
            pass
    except TypeError as e:
        print(e)
    async def agen():
        yield 1
    try:
        for x in agen():
            pass
    except TypeError as e:
        print(e)
    try:
        with asyncio.Lock():
            pass
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
asyncio.run(main())
"#;
    let out = run(source, &Options::default());
    assert!(out.error.is_none(), "{}", out.stderr);
    assert_eq!(out.stdout, "'async for' requires an object with __aiter__ method, got list\nTypeError 'Plain' object does not support the asynchronous context manager protocol\nobject list can't be used in 'await' expression\n'coroutine' object is not iterable\n'async_generator' object is not iterable\nTypeError 'Lock' object does not support the context manager protocol\n");
    assert_eq!(out.stderr, "main.py:20: RuntimeWarning: coroutine 'sleep' was never awaited\n  for x in asyncio.sleep(0):\nRuntimeWarning: Enable tracemalloc to get the object allocation traceback\n");
}
