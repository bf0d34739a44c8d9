//! The page's panels as plain data (`looplab::rows`), from a real run of
//! a semaphore program: two jobs hold the permits while the third waits,
//! as CPython 3.11 runs it (it prints `done 0`, `done 1` at 1 s and
//! `done 2` at 2 s).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab::rows;
use looplab_core::trace::Event;
use looplab_core::Instant;
use looplab_view::{Model, State};

const PROGRAM: &str = "import asyncio\n\nasync def job(i, sem):\n    async with sem:\n        await asyncio.sleep(1)\n        print(\"done\", i)\n\nasync def main():\n    sem = asyncio.Semaphore(2)\n    await asyncio.gather(*(job(i, sem) for i in range(3)))\n\nasyncio.run(main())\n";

fn model() -> Model {
    let opts = looplab_script::Options {
        trace: true,
        ..Default::default()
    };
    let out = looplab_script::run(PROGRAM, &opts);
    assert!(out.error.is_none(), "{:?}", out.error);
    let mut m = Model::new();
    for line in out.trace_lines.unwrap().lines() {
        let e: Event = serde_json::from_str(line).unwrap();
        m.apply(&e);
    }
    m
}

fn secs(s: f64) -> Instant {
    Instant::from_secs_f64(s)
}

#[test]
fn mid_run_two_jobs_sleep_holding_permits_and_the_third_waits() {
    let m = model();
    let rows = rows::task_rows(&m, secs(0.5), false, 0, 100);
    let jobs: Vec<_> = rows.iter().filter(|r| r.parent == "Task-1").collect();
    assert_eq!(jobs.len(), 3, "{rows:?}");
    assert!(jobs.iter().all(|r| r.state == State::Waiting));
    assert!(
        jobs[0].awaiting.starts_with("sleep"),
        "{}",
        jobs[0].awaiting
    );
    assert!(
        jobs[1].awaiting.starts_with("sleep"),
        "{}",
        jobs[1].awaiting
    );
    assert!(
        jobs[2].awaiting.contains("semaphore"),
        "{}",
        jobs[2].awaiting
    );
    assert_eq!(jobs[2].elapsed, "500ms");
    let cards = rows::resource_cards(&m, secs(0.5), Some(jobs[2].id));
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].kind, "Semaphore");
    assert_eq!(cards[0].facts, "0/2 free · 1 waiting");
    // The third job waits on the semaphore at 0.5 s, the first holds it.
    assert!(cards[0].involved);
    assert!(rows::resource_cards(&m, secs(0.5), Some(jobs[0].id))[0].involved);
    // At the end neither holds or waits on it any more.
    assert!(!rows::resource_cards(&m, m.end(), Some(jobs[2].id))[0].involved);
    assert!(!rows::resource_cards(&m, m.end(), Some(jobs[0].id))[0].involved);
    assert_eq!(cards[0].cursor, 50.0);
}

#[test]
fn at_the_end_every_job_is_done_and_the_last_took_two_seconds() {
    let m = model();
    let rows = rows::task_rows(&m, m.end(), true, 0, 100);
    assert!(rows.iter().all(|r| r.state == State::Done), "{rows:?}");
    let last = rows.iter().rfind(|r| r.parent == "Task-1").unwrap();
    assert_eq!(last.elapsed, "2.00s");
    assert_eq!(last.started, "0.000s");
    assert_eq!(last.awaiting, "→ None");
    // A window of the table.
    let window = rows::task_rows(&m, m.end(), true, 1, 2);
    assert_eq!(window.iter().map(|r| r.index).collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn output_lines_printed_after_the_instant_are_marked() {
    let m = model();
    let lines = rows::output_lines(&m, secs(1.5).as_nanos(), 0, 10);
    let texts: Vec<_> = lines
        .iter()
        .map(|l| (l.text.as_str(), l.time.as_str(), l.future))
        .collect();
    assert_eq!(
        texts,
        [
            ("done 0", "1.000s", false),
            ("done 1", "1.000s", false),
            ("done 2", "2.000s", true)
        ]
    );
    assert_eq!(rows::output_text(&m), "done 0\ndone 1\ndone 2\n");
    assert_eq!(rows::output_count(3, 3), "3 lines");
    assert_eq!(
        rows::output_count(10, 25),
        "25 lines · 15 earlier lines not shown"
    );
    assert_eq!(rows::output_count(0, 0), "");
}

#[test]
fn the_tree_nests_jobs_under_the_task_that_gathered_them() {
    let m = model();
    let (nodes, more) = rows::tree(&m, m.end(), 400);
    assert_eq!(more, 0);
    let depth = |name: &str| nodes.iter().find(|n| n.name == name).map(|n| n.depth);
    assert_eq!(depth("<module>"), Some(0));
    assert_eq!(depth("Task-1 · main()"), Some(1));
    assert!(
        nodes.iter().filter(|n| n.depth == 2).count() == 3,
        "{nodes:?}"
    );
    let (cut, more) = rows::tree(&m, m.end(), 2);
    assert_eq!((cut.len(), more), (2, 3));
    assert!(rows::warnings(&m).is_empty());
}

#[test]
fn times_and_durations_read_as_the_page_shows_them() {
    assert_eq!(rows::fmt_secs(secs(0.25)), "0.250s");
    assert_eq!(rows::fmt_secs(secs(12.5)), "12.50s");
    assert_eq!(
        rows::fmt_dur(std::time::Duration::from_millis(250)),
        "250ms"
    );
    assert_eq!(
        rows::fmt_dur(std::time::Duration::from_millis(1500)),
        "1.50s"
    );
}

/// At the first task switches only the tasks created by then have rows,
/// in the tree too; each names the coroutine it runs.
#[test]
fn tasks_created_later_are_not_shown_yet() {
    let m = model();
    let first = m.switches()[0].moment();
    assert_eq!(rows::task_count(&m, first, false), 1);
    let rows = rows::task_rows(&m, first, false, 0, 100);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "<module>");
    assert!(rows[0].now, "the module's task runs at the first switch");
    let (nodes, more) = rows::tree(&m, first, 400);
    assert_eq!((nodes.len(), more), (1, 0));
    // Once main() ran its gather, the three jobs exist (not started).
    let second = m.switches()[1].moment();
    assert_eq!(m.switches()[1].task, m.tasks()[1].id);
    let third = m.switches()[2].moment();
    let rows = rows::task_rows(&m, third, false, 0, 100);
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "<module>",
            "Task-1 · main()",
            "Task-2 · job()",
            "Task-3 · job()",
            "Task-4 · job()"
        ]
    );
    assert!(rows::task_count(&m, second, false) < 5);
    assert_eq!(rows[2].state, State::Running);
    assert!(rows[2].now && !rows[1].now);
    assert_eq!(rows[3].state, State::Pending);
}

/// Each card names who holds the semaphore and who waits on it, in order;
/// the task detail says where each job is paused and what it holds.
#[test]
fn holders_waiters_and_the_task_detail_at_a_moment() {
    let m = model();
    let cards = rows::resource_cards(&m, secs(0.5), None);
    assert_eq!(cards[0].holders, ["Task-2", "Task-3"]);
    assert_eq!(cards[0].waiters, ["Task-4"]);
    let end = rows::resource_cards(&m, m.end(), None);
    assert!(end[0].holders.is_empty() && end[0].waiters.is_empty());
    let id = |name: &str| {
        m.tasks()
            .iter()
            .find(|t| &*t.name == name)
            .unwrap()
            .id
            .get()
    };
    let third = rows::task_detail(&m, id("Task-4"), secs(0.5)).unwrap();
    assert_eq!(third.state, State::Waiting);
    assert!(
        third.awaiting.as_deref().unwrap().contains("semaphore"),
        "{third:?}"
    );
    // Waiting in `async with sem:` on line 4.
    assert_eq!(third.line, Some(4));
    assert_eq!(third.coroutine, Some((3, "job".to_string())));
    assert!(third.holds.is_empty());
    assert_eq!(third.parent.as_deref(), Some("Task-1"));
    assert_eq!(third.outcome, None);
    let first = rows::task_detail(&m, id("Task-2"), secs(0.5)).unwrap();
    assert_eq!(first.line, Some(5));
    assert_eq!(first.holds, [cards[0].name.clone()]);
    assert!(
        first.state_line.starts_with("waiting since 0.000s"),
        "{}",
        first.state_line
    );
    // At 1.5 s the third holds the permit and sleeps on line 5; the first
    // has returned None.
    let later = rows::task_detail(&m, id("Task-4"), secs(1.5)).unwrap();
    assert_eq!((later.line, later.holds.len()), (Some(5), 1));
    let done = rows::task_detail(&m, id("Task-2"), secs(1.5)).unwrap();
    assert_eq!(done.outcome.as_deref(), Some("returned None"));
    // main() created the three jobs.
    let main = rows::task_detail(&m, id("Task-1"), secs(0.5)).unwrap();
    assert_eq!(main.children.len(), 3);
    assert_eq!(main.line, Some(10));
    // Not created yet, or no such task.
    assert!(rows::task_detail(&m, 999, secs(0.5)).is_none());
}
