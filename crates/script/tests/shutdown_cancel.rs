//! Who cancelled a task: a task that calls `cancel()` is named in the
//! trace; the tasks `asyncio.run` cancels when its main coroutine has
//! returned are cancelled by the loop, not by a task. Output from CPython
//! 3.11: `cleaned up a`, then `cleaned up b` at shutdown.

use looplab_script::{run, Options};
use serde_json::Value;

#[test]
fn tasks_left_at_shutdown_are_cancelled_by_the_loop() {
    let source = r#"import asyncio

async def forever(name):
    try:
        await asyncio.sleep(10)
    finally:
        print("cleaned up", name)

async def main():
    a = asyncio.create_task(forever("a"))
    asyncio.create_task(forever("b"))
    await asyncio.sleep(0)
    a.cancel()
    await asyncio.sleep(0)

asyncio.run(main())
"#;
    let out = run(
        source,
        &Options {
            trace: true,
            ..Options::default()
        },
    );
    assert!(out.error.is_none(), "{}", out.stderr);
    assert_eq!(out.stdout, "cleaned up a\ncleaned up b\n");
    let cancels: Vec<(u64, Option<u64>)> = out
        .trace_lines
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|e| e["type"] == "cancel_requested")
        .map(|e| (e["task"].as_u64().unwrap_or(0), e["by"].as_u64()))
        .collect();
    // Task 3 (a) by main() (task 2); task 4 (b) by the loop.
    assert_eq!(cancels, vec![(3, Some(2)), (4, None)]);
}
