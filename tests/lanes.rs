//! What the timeline shows, natively: zooming keeps the time under the
//! pointer in place and never leaves the run, panning stops at its edges,
//! and the words under the pointer, for runs of real programs (starved
//! sleeps and a deadlock, as CPython 3.11 runs them: the ticker's first
//! tick comes at 0.5 s, after `time.sleep(0.5)`; the two transfers each
//! wait forever for the other's lock).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab::lanes::{self, Geometry, AXIS_H, LABEL_W, LANE_H};
use looplab_core::trace::Event;
use looplab_core::Instant;
use looplab_view::Model;
use std::collections::HashSet;

fn model(program: &str) -> Model {
    let opts = looplab_script::Options {
        trace: true,
        ..Default::default()
    };
    let out = looplab_script::run(program, &opts);
    let mut m = Model::new();
    for line in out.trace_lines.unwrap().lines() {
        let e: Event = serde_json::from_str(line).unwrap();
        m.apply(&e);
    }
    m
}

const STARVED: &str = "import asyncio, time\n\nasync def ticker():\n    for i in range(3):\n        await asyncio.sleep(0.1)\n\nasync def hog():\n    time.sleep(0.5)\n\nasync def main():\n    await asyncio.gather(ticker(), hog())\n\nasyncio.run(main())\n";

const DEADLOCK: &str = "import asyncio\n\nasync def transfer(first, second):\n    async with first:\n        await asyncio.sleep(0.1)\n        async with second:\n            print('moved')\n\nasync def main():\n    a, b = asyncio.Lock(), asyncio.Lock()\n    await asyncio.gather(transfer(a, b), transfer(b, a))\n\nasyncio.run(main())\n";

const W: f64 = 1000.0;

fn lane(row: usize) -> f64 {
    AXIS_H + row as f64 * LANE_H + LANE_H / 2.0
}

#[test]
fn zooming_keeps_the_time_under_the_pointer_and_stays_in_the_run() {
    let m = model(STARVED);
    let end = m.end().as_nanos();
    assert_eq!(end, 700_000_000);
    let g = Geometry::new(&m, W, &HashSet::new(), None);
    let x = g.x_of(Instant::from_secs_f64(0.3));
    let z = lanes::zoom(&m, W, None, x, 0.5).unwrap();
    assert_eq!(z.1 - z.0, end / 2);
    let gz = Geometry::new(&m, W, &HashSet::new(), Some(z));
    assert!((gz.t_of(x) as i64 - 300_000_000).abs() < 1_000_000, "{z:?}");
    // Zooming out past the whole run shows the whole run.
    assert_eq!(lanes::zoom(&m, W, Some(z), x, 4.0), None);
    // Zoomed in as far as it goes: a microsecond.
    let mut w = Some(z);
    for _ in 0..60 {
        w = lanes::zoom(&m, W, w, x, 0.5);
    }
    let (a, b) = w.unwrap();
    assert_eq!(b - a, 1_000);
    // Panning stops at either edge of the run.
    let left = lanes::pan(&m, W, Some(z), -1e9).unwrap();
    assert_eq!(left, (0, end / 2));
    let right = lanes::pan(&m, W, Some(z), 1e9).unwrap();
    assert_eq!(right, (end / 2, end));
    assert_eq!(lanes::pan(&m, W, None, 50.0), None);
    assert_eq!(lanes::clamp_window(Some((900, 100)), 0), (0, 0));
}

#[test]
fn a_sleep_overrun_by_a_blocked_loop_says_it_was_starved() {
    let m = model(STARVED);
    let g = Geometry::new(&m, W, &HashSet::new(), None);
    let x = g.x_of(Instant::from_secs_f64(0.3));
    // Lanes: main, Task-1 (main()), Task-2 (ticker), Task-3 (hog).
    let text = lanes::describe(&m, W, 0, None, x, lane(2)).unwrap();
    assert_eq!(
        text,
        "Task-2 · ticker(): waited 500ms on sleep until 0.100s — starved 400ms past its deadline \
         (the loop was busy) · line 5 (from 0.000s to 0.500s)"
    );
    let hog = lanes::describe(&m, W, 0, None, x, lane(3)).unwrap();
    assert_eq!(hog, "Task-3 · hog(): ran for 500ms (from 0.000s to 0.500s)");
    assert_eq!(
        lanes::describe(&m, W, 0, None, 10.0, lane(3)).unwrap(),
        "Task-3 · hog() (#4)"
    );
    assert_eq!(lanes::describe(&m, W, 0, None, x, 5.0), None);
    assert_eq!(lanes::describe(&m, W, 0, None, x, lane(9)), None);
}

#[test]
fn a_deadlocked_run_ends_with_its_stuck_tasks_blocked_forever() {
    let m = model(DEADLOCK);
    let stuck = lanes::stuck_tasks(&m);
    assert_eq!(
        stuck.len(),
        4,
        "main, main(), and both transfers wait forever"
    );
    let g = Geometry::new(&m, W, &stuck, None);
    assert_eq!(g.forever, lanes::FOREVER_W);
    let past_end = W - 20.0;
    assert!(g.in_forever(past_end));
    let text = lanes::describe(&m, W, 0, None, past_end, lane(3)).unwrap();
    assert_eq!(
        text,
        "Task-3 · transfer(): blocked forever (deadlock) on lock 'Lock-1' (held by 'Task-2')"
    );
    // Zoomed in before the end, there is no forever zone.
    let early = Geometry::new(&m, W, &stuck, Some((0, 50_000_000)));
    assert_eq!(early.forever, 0.0);
    assert!(LABEL_W < past_end);
}
