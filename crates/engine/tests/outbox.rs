//! The engine's plain parts, natively: batching and flow control, output
//! collected up to its cap, and a whole run on the virtual clock as the
//! npm package's `run()` does it in Node (expected output from CPython
//! 3.11).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::trace::{Event, Stream};
use looplab_core::wire;
use looplab_engine::outbox::{Collected, Outbox};
use looplab_engine::run_virtual;
use looplab_protocol::{RunError, TraceMode, MAX_COLLECTED, MAX_UNACKED};

fn events(n: u64) -> Vec<Event> {
    (0..n)
        .map(|i| {
            serde_json::from_value(serde_json::json!({
                "seq": i, "at": i * 10, "type": "output", "stream": "stdout", "text": format!("line {i}")
            }))
            .unwrap()
        })
        .collect()
}

#[test]
fn batches_are_numbered_and_carry_the_events_in_order() {
    let mut ob = Outbox::new(TraceMode::Events);
    assert!(ob.take_batch().is_none());
    ob.push(events(3));
    assert!(ob.has_pending());
    let (n, bytes) = ob.take_batch().unwrap();
    assert_eq!(n, 0);
    assert_eq!(wire::decode_events(&bytes).unwrap(), events(3));
    assert!(!ob.has_pending());
    ob.push(events(1));
    assert_eq!(ob.take_batch().unwrap().0, 1);
    let s = ob.summary().unwrap();
    assert_eq!((s.events, s.lines, s.tasks), (4, 4, 0));
}

#[test]
fn the_run_holds_while_too_many_batches_are_unacknowledged() {
    let mut ob = Outbox::new(TraceMode::Events);
    for i in 0..MAX_UNACKED {
        assert!(!ob.should_hold(), "after {i} batches");
        ob.push(events(1));
        ob.take_batch().unwrap();
    }
    assert!(ob.should_hold());
    ob.ack(0);
    assert!(!ob.should_hold());
    // An acknowledgement of a batch never sent changes nothing more.
    ob.ack(1_000);
    ob.push(events(1));
    ob.take_batch().unwrap();
    ob.push(events(1));
    ob.take_batch().unwrap();
    ob.push(events(1));
    ob.take_batch().unwrap();
    assert!(ob.should_hold());
}

#[test]
fn summary_mode_counts_without_sending_and_none_counts_nothing() {
    let mut ob = Outbox::new(TraceMode::Summary);
    ob.push(events(5));
    assert!(ob.take_batch().is_none());
    assert_eq!(ob.summary().unwrap().lines, 5);
    let mut none = Outbox::new(TraceMode::None);
    none.push(events(5));
    assert!(none.take_batch().is_none());
    assert_eq!(none.summary(), None);
}

#[test]
fn collected_output_stops_at_the_cap_and_counts_the_rest() {
    let mut c = Collected::default();
    let chunk = "é".repeat(1 << 20); // 2 MiB of two-byte characters
    for _ in 0..9 {
        c.write(Stream::Stdout, &chunk);
    }
    assert!(c.stdout.len() <= MAX_COLLECTED);
    assert_eq!(c.stdout.len() as u64 + c.cut, 9 * (2 << 20));
    c.write(Stream::Stderr, "oops\n");
    assert_eq!(c.stderr, "oops\n");
}

const GATHER: &str = "import asyncio\n\nasync def job(i):\n    await asyncio.sleep(0.1 * i)\n    print(\"job\", i)\n    return i\n\nasync def main():\n    r = await asyncio.gather(*(job(i) for i in range(3)))\n    print(r)\n\nasyncio.run(main())\n";

#[test]
fn a_whole_run_prints_what_cpython_prints() {
    let (end, events) = run_virtual(GATHER, 0, TraceMode::Summary);
    // python3 (3.11) prints exactly this for the program.
    assert_eq!(end.stdout, "job 0\njob 1\njob 2\n[0, 1, 2]\n");
    assert_eq!(end.error, None);
    assert!((end.elapsed - 0.2).abs() < 1e-9, "{}", end.elapsed);
    assert!(events.is_empty());
    let s = end.summary.unwrap();
    // The module body's task, plus the 4 CPython makes (main and 3 jobs).
    assert_eq!(s.tasks, 5);
    assert_eq!(s.lines, 4);
}

#[test]
fn events_mode_returns_the_trace() {
    let (end, events) = run_virtual(GATHER, 0, TraceMode::Events);
    assert_eq!(end.summary.unwrap().events, events.len() as u64);
    assert!(events.windows(2).all(|w| w[0].seq < w[1].seq));
    let (none, ev) = run_virtual(GATHER, 0, TraceMode::None);
    assert!(ev.is_empty());
    assert_eq!(none.summary, None);
    assert_eq!(none.stdout, end.stdout);
}

#[test]
fn an_uncaught_exception_ends_with_its_line_and_traceback() {
    let (end, _) = run_virtual(
        "x = 1\nprint(\"before\")\nraise ValueError(\"boom\")\n",
        0,
        TraceMode::None,
    );
    assert_eq!(end.stdout, "before\n");
    match end.error {
        Some(RunError::Uncaught {
            summary,
            traceback,
            line,
        }) => {
            assert_eq!(summary, "ValueError: boom");
            assert_eq!(line, Some(3));
            assert!(traceback.ends_with("ValueError: boom\n"), "{traceback}");
            assert!(
                end.stderr.contains("raise ValueError(\"boom\")"),
                "{}",
                end.stderr
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_syntax_error_names_its_line() {
    let (end, _) = run_virtual("def f(:\n    pass\n", 0, TraceMode::None);
    assert!(
        matches!(end.error, Some(RunError::Syntax { line: 1, .. })),
        "{:?}",
        end.error
    );
}
