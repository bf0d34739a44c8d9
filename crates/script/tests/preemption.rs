//! A long loop in a coroutine hands control to the host every
//! `preempt_every` steps, without letting another task run first: the
//! output order stays CPython's (checked with python3 3.11: "spun 300000"
//! then "other runs").

use looplab_script::{run, Limits, Options};

const PROGRAM: &str = "import asyncio\nasync def spin():\n    n = 0\n    while n < 300000:\n        n += 1\n    print('spun', n)\nasync def other():\n    print('other runs')\nasync def main():\n    await asyncio.gather(spin(), other())\nasyncio.run(main())\n";

/// Runs `source` traced, pausing for the host every 50,000 steps: its
/// stdout, and how many times a task paused.
fn run_preempted(source: &str) -> (String, usize) {
    let opts = Options {
        trace: true,
        limits: Limits {
            preempt_every: 50_000,
            ..Limits::default()
        },
        ..Options::default()
    };
    let out = run(source, &opts);
    let yields = out
        .trace_lines
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("\"task_waiting\"") && l.contains("\"yield\""))
        .count();
    (out.stdout, yields)
}

#[test]
fn a_long_loop_yields_to_the_host_without_reordering_tasks() {
    let (stdout, yields) = run_preempted(PROGRAM);
    assert_eq!(stdout, "spun 300000\nother runs\n");
    // ~1.2M steps at one preemption per 50k steps.
    assert!(
        yields >= 10,
        "expected the loop to hand control back, saw {yields} yields"
    );
}

#[test]
fn a_plain_function_never_yields_so_it_stays_synchronous() {
    let src = "def spin():\n    n = 0\n    while n < 200000:\n        n += 1\n    return n\nprint(spin())\n";
    let opts = Options {
        limits: Limits {
            preempt_every: 1_000,
            ..Limits::default()
        },
        ..Options::default()
    };
    let out = run(src, &opts);
    assert_eq!(out.stdout, "200000\n");
    assert!(out.error.is_none());
}

#[test]
fn a_plain_function_called_by_a_coroutine_yields_to_the_host_too() {
    // Its frame runs on the coroutine's own frame stack, so its loop can
    // hand control back like the coroutine's (CPython 3.11 prints "spun
    // 300000" then "other runs").
    let src = "import asyncio\ndef count(limit):\n    n = 0\n    while n < limit:\n        n += 1\n    return n\nasync def spin():\n    print('spun', count(300000))\nasync def other():\n    print('other runs')\nasync def main():\n    await asyncio.gather(spin(), other())\nasyncio.run(main())\n";
    let (stdout, yields) = run_preempted(src);
    assert_eq!(stdout, "spun 300000\nother runs\n");
    assert!(
        yields >= 10,
        "expected the plain loop to hand control back, saw {yields} yields"
    );
}
