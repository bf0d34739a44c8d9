//! Each wait in the trace says on which line of the program the task
//! paused: the `await` in the task's own code, also when the wait happens
//! inside a helper coroutine, an `async with` or a loop; the line numbers
//! are those of the program below.

use looplab_script::{run, Options};
use serde_json::Value;

const PROGRAM: &str = r#"import asyncio

async def helper():
    await asyncio.sleep(0.5)
    await asyncio.sleep(0.5)

async def worker(lock, n):
    async with lock:
        await asyncio.sleep(1)
    await helper()
    return n

async def main():
    lock = asyncio.Lock()
    results = await asyncio.gather(worker(lock, 1), worker(lock, 2))
    for i in range(3):
        await asyncio.sleep(0)
    print(results)

asyncio.run(main())
"#;

/// `(task, line)` of every wait, in trace order.
fn pauses(source: &str) -> Vec<(u64, Option<u64>)> {
    let out = run(
        source,
        &Options {
            trace: true,
            ..Options::default()
        },
    );
    assert!(out.error.is_none(), "{}", out.stderr);
    out.trace_lines
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|e| e["type"] == "task_waiting")
        .map(|e| (e["task"].as_u64().unwrap_or(0), e["line"].as_u64()))
        .collect()
}

#[test]
fn every_wait_names_the_line_it_paused_on() {
    let p = pauses(PROGRAM);
    let of = |task: u64| -> Vec<Option<u64>> {
        p.iter()
            .filter(|(t, _)| *t == task)
            .map(|(_, l)| *l)
            .collect()
    };
    // Task 1 is asyncio.run's own task (the module waits on main there).
    assert_eq!(of(1), vec![Some(20)]);
    // main: the gather, woken when one worker ends and again when both
    // have, then three yields in the loop.
    assert_eq!(
        of(2),
        vec![Some(15), Some(15), Some(17), Some(17), Some(17)]
    );
    // The first worker sleeps holding the lock, then in the helper.
    assert_eq!(of(3), vec![Some(9), Some(4), Some(5)]);
    // The second waits for the lock first.
    assert_eq!(of(4), vec![Some(8), Some(9), Some(4), Some(5)]);
}
