//! A coroutine that is never awaited gets CPython's `RuntimeWarning` on
//! stderr, where and when CPython prints it, and a trace warning naming it
//! and the line. Expected stderr from CPython 3.11 (`cd /tmp && python3
//! main.py`, the directory part of its paths left out: CPython prints the
//! script's path and its own asyncio's).

use looplab_script::{run, Options};

fn with_trace() -> Options {
    Options {
        trace: true,
        ..Options::default()
    }
}

#[test]
fn a_forgotten_await_is_warned_about_at_its_line() {
    let source = r#"import asyncio

async def save(x):
    await asyncio.sleep(0.1)
    return x

async def main():
    save(1)
    asyncio.sleep(1)
    print("done")
    r = save(2)
    print("later")
    q = asyncio.Queue()
    q.get()
    t = asyncio.create_task(save(3))
    print(type(r).__name__)

asyncio.run(main())
print("end")
"#;
    let out = run(source, &with_trace());
    assert!(out.error.is_none(), "{}", out.stderr);
    assert_eq!(out.stdout, "done\nlater\ncoroutine\nend\n");
    let tracemalloc = "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n";
    assert_eq!(
        out.stderr,
        format!(
            "main.py:8: RuntimeWarning: coroutine 'save' was never awaited\n  save(1)\n{tracemalloc}\
             main.py:9: RuntimeWarning: coroutine 'sleep' was never awaited\n  asyncio.sleep(1)\n{tracemalloc}\
             main.py:14: RuntimeWarning: coroutine 'Queue.get' was never awaited\n  q.get()\n{tracemalloc}\
             asyncio/events.py:80: RuntimeWarning: coroutine 'save' was never awaited\n  self._context.run(self._callback, *self._args)\n{tracemalloc}"
        )
    );
    // The trace names each one and its line (the last: a finished task's
    // frame, dropped by the loop, has none).
    let lines = out.trace_lines.unwrap_or_default();
    let warned: Vec<&str> = lines
        .lines()
        .filter(|l| l.contains("never_awaited"))
        .collect();
    assert_eq!(warned.len(), 4, "{warned:?}");
    assert!(warned[0].contains(r#""coroutine":"save""#) && warned[0].contains(r#""line":8"#));
    assert!(warned[2].contains(r#""coroutine":"Queue.get""#) && warned[2].contains(r#""line":14"#));
    assert!(!warned[3].contains(r#""line""#));
}

#[test]
fn a_coroutine_used_as_a_value_is_warned_about_at_exit() {
    let source = r#"import asyncio
async def work():
    return 41
async def main():
    result = work()
    print(result + 1)
asyncio.run(main())
"#;
    let out = run(source, &Options::default());
    // CPython's traceback lists asyncio's own frames too; the last lines
    // are these.
    assert!(
        out.stderr.ends_with(
            "TypeError: unsupported operand type(s) for +: 'coroutine' and 'int'\n\
             sys:1: RuntimeWarning: coroutine 'work' was never awaited\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn closed_awaited_and_scheduled_coroutines_are_not_warned_about() {
    let source = r#"import asyncio
async def work():
    return 1
async def main():
    c = work()
    c.close()
    await work()
    t = asyncio.create_task(work())
    await t
    await asyncio.gather(work(), asyncio.sleep(0))
    async with asyncio.Lock():
        pass
asyncio.run(main())
"#;
    let out = run(source, &Options::default());
    assert!(out.error.is_none(), "{}", out.stderr);
    assert_eq!(out.stderr, "");
}

/// `asyncio.run()` inside a running loop fails, and the coroutine it was
/// given is never awaited: CPython keeps it alive in the traceback and
/// warns at exit. Expected stderr from CPython 3.11 with the frames of its
/// own asyncio left out.
#[test]
fn asyncio_run_inside_a_running_loop_warns_at_exit() {
    let source = r#"import asyncio

async def inner():
    return 1

async def main():
    print("start")
    asyncio.run(inner())

asyncio.run(main())
"#;
    let out = run(source, &with_trace());
    assert_eq!(out.stdout, "start\n");
    assert_eq!(
        out.stderr,
        "Traceback (most recent call last):\n  File \"main.py\", line 10, in <module>\n    asyncio.run(main())\n  File \"main.py\", line 8, in main\n    asyncio.run(inner())\nRuntimeError: asyncio.run() cannot be called from a running event loop\nsys:1: RuntimeWarning: coroutine 'inner' was never awaited\n"
    );
}
