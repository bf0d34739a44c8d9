//! The task table and tree: one row per task in spawn order, with its
//! state, times, step count, busy time, outcome, who cancelled it, and its
//! place in the tree; and the counts by state.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod scenario;

use looplab_core::trace::{EventKind, Outcome, WaitKind};
use looplab_core::{gather, sleep, spawn_named, Error, Handle};
use looplab_view::{Counts, MarkerKind, State};
use scenario::{at, rid, run, secs, tid, Hand};
use std::time::Duration;

/// Three tasks sleeping 1, 2 and 3 s, gathered by main: as under asyncio,
/// they start at 0 and finish at 1, 2 and 3 s, after two steps each and no
/// time running; main finishes with the last.
#[test]
fn three_sleepers_finish_at_one_two_and_three_seconds() {
    let (_rt, m) = run(async {
        let hs: Vec<_> = (1..=3u64)
            .map(|i| {
                spawn_named(format!("sleep-{i}"), async move {
                    sleep(secs(i as f64)).await?;
                    Ok::<_, Error>(i * 10)
                })
            })
            .collect();
        gather(hs).await?;
        Ok(())
    });
    let names: Vec<&str> = m.tasks().iter().map(|t| &*t.name).collect();
    assert_eq!(names, ["main", "sleep-1", "sleep-2", "sleep-3"]);
    for i in 1..=3u64 {
        let t = m.task(tid(i + 1)).unwrap();
        assert_eq!(t.state, State::Done);
        assert_eq!(t.spawned_at, at(0.0));
        assert_eq!(t.started_at, Some(at(0.0)));
        assert_eq!(t.finished_at, Some(at(i as f64)));
        assert_eq!(t.polls, 2);
        assert_eq!(t.busy, Duration::ZERO);
        assert_eq!(t.outcome_text(), Some((i * 10).to_string().as_str()));
        assert_eq!(t.elapsed(at(10.0)), secs(i as f64));
        assert_eq!(t.waiting_on, None);
        assert!(!t.partial);
    }
    let main = m.task(tid(1)).unwrap();
    assert_eq!(main.finished_at, Some(at(3.0)));
    assert_eq!(main.outcome_text(), Some("()"));
    assert_eq!(
        m.counts(),
        Counts {
            done: 4,
            ..Counts::default()
        }
    );
    assert_eq!(m.end(), at(3.0));
}

/// A task's tree: main spawns `a` and `b`, `a` spawns two children. The
/// roots and every children list are in spawn order.
#[test]
fn the_tree_follows_who_spawned_whom() {
    let (_rt, m) = run(async {
        let a = spawn_named("a", async {
            let kids: Vec<_> = ["a1", "a2"]
                .into_iter()
                .map(|n| spawn_named(n, async { Ok::<_, Error>(()) }))
                .collect();
            gather(kids).await?;
            Ok::<_, Error>(())
        });
        let b = spawn_named("b", async { Ok::<_, Error>(()) });
        a.await?;
        b.await?;
        Ok(())
    });
    // main #1 spawns a #2 and b #3 before either runs; a spawns #4, #5.
    assert_eq!(m.roots(), [tid(1)]);
    let children = |n: u64| m.task(tid(n)).unwrap().children.clone();
    assert_eq!(children(1), [tid(2), tid(3)]);
    assert_eq!(children(2), [tid(4), tid(5)]);
    assert!(children(3).is_empty());
    assert_eq!(m.task(tid(5)).unwrap().parent, Some(tid(2)));
    assert_eq!(&*m.task(tid(5)).unwrap().name, "a2");
    assert_eq!(m.task_index(tid(3)), Some(2));
}

/// How tasks end: a value, an error, cancelled by a task with a message,
/// and cancelled from outside any task (`asyncio.run` cancelling a
/// leftover at the end, with no message).
#[test]
fn outcomes_and_who_asked_for_cancellation() {
    let (_rt, m) = run(async {
        let value = spawn_named("value", async { Ok::<_, Error>("hi") });
        let failure = spawn_named("failure", async {
            sleep(secs(0.5)).await?;
            Err::<&str, _>(Error::msg("ValueError: boom"))
        });
        let victim = spawn_named("victim", async {
            sleep(secs(10.0)).await?;
            Ok::<_, Error>("late")
        });
        let _leftover = spawn_named("leftover", async {
            sleep(secs(100.0)).await?;
            Ok::<_, Error>("never")
        });
        sleep(secs(1.0)).await?;
        victim.cancel(Some("stop"));
        let _ = value.await;
        let _ = failure.await;
        let _ = victim.await;
        Ok(())
    });
    let row = |n: u64| m.task(tid(n)).unwrap();
    let value = row(2);
    assert_eq!(value.state, State::Done);
    assert_eq!(value.outcome_text(), Some("\"hi\""));
    assert_eq!(value.finished_at, Some(at(0.0)));

    let failure = row(3);
    assert_eq!(failure.state, State::Failed);
    assert_eq!(failure.outcome_text(), Some("ValueError: boom"));
    assert_eq!(failure.finished_at, Some(at(0.5)));
    assert_eq!(
        failure.markers.last().map(|mk| (mk.at, mk.kind)),
        Some((at(0.5), MarkerKind::Error))
    );

    let victim = row(4);
    assert_eq!(victim.state, State::Cancelled);
    assert_eq!(victim.cancel_requested_by, Some(Some(tid(1))));
    assert_eq!(victim.cancel_message.as_deref(), Some("stop"));
    assert_eq!(victim.cancel_requests, 1);
    assert_eq!(victim.outcome_text(), Some("stop"));
    assert_eq!(victim.finished_at, Some(at(1.0)));
    let marks: Vec<_> = victim.markers.iter().map(|mk| (mk.at, mk.kind)).collect();
    assert_eq!(
        marks,
        [
            (at(0.0), MarkerKind::Spawn),
            (at(1.0), MarkerKind::CancelRequested { by: Some(tid(1)) }),
            (at(1.0), MarkerKind::Cancelled),
        ]
    );

    let leftover = row(5);
    assert_eq!(leftover.state, State::Cancelled);
    assert_eq!(leftover.cancel_requested_by, Some(None));
    assert_eq!(leftover.cancel_message, None);
    assert_eq!(leftover.outcome_text(), None);
    assert_eq!(leftover.outcome, Some(Outcome::Cancelled { message: None }));

    assert_eq!(
        m.counts(),
        Counts {
            done: 2,
            failed: 1,
            cancelled: 2,
            ..Counts::default()
        }
    );
}

/// Busy time adds up the steps: a task that blocks the loop for 250 ms,
/// sleeps 1 s and blocks 100 ms more has run 350 ms in two steps and ends
/// at 1.35 s.
#[test]
fn busy_time_adds_up_the_steps() {
    let (_rt, m) = run(async {
        let hog = spawn_named("hog", async {
            Handle::current().block_for(Duration::from_millis(250));
            sleep(secs(1.0)).await?;
            Handle::current().block_for(Duration::from_millis(100));
            Ok::<_, Error>(())
        });
        hog.await?;
        Ok(())
    });
    let hog = m.task(tid(2)).unwrap();
    assert_eq!(hog.polls, 2);
    assert_eq!(hog.busy, Duration::from_millis(350));
    assert_eq!(hog.finished_at, Some(at(1.35)));
    assert_eq!(hog.busy_at(at(5.0)), Duration::from_millis(350));
}

/// While a step runs, `busy_at(now)` counts it and `busy` does not yet;
/// counts follow each change of state.
#[test]
fn a_running_step_counts_up_to_now() {
    let mut h = Hand::new();
    h.spawn(1, "main", None).running(1);
    let m = h.model();
    assert_eq!(
        m.counts(),
        Counts {
            running: 1,
            ..Counts::default()
        }
    );
    h.sleeping(1, 2.0).at(2.0).ready(1).running(1);
    h.at(2.5);
    let m = h.model();
    let main = m.task(tid(1)).unwrap();
    assert_eq!(main.busy, Duration::ZERO);
    assert_eq!(main.busy_at(at(2.75)), Duration::from_millis(750));
    assert_eq!(main.polls, 2);
    h.spawn(2, "child", Some(1));
    let m = h.model();
    assert_eq!(
        m.counts(),
        Counts {
            pending: 1,
            running: 1,
            ..Counts::default()
        }
    );
    assert_eq!(m.counts().total(), 2);
    assert_eq!(m.counts().live(), 2);
}

/// An interpreter records where a task's code is.
#[test]
fn the_source_of_a_task_is_kept() {
    let mut h = Hand::new();
    h.spawn(1, "main", None).push(EventKind::TaskSource {
        task: tid(1),
        line: 12,
        function: "main".into(),
    });
    let m = h.model();
    let source = m.task(tid(1)).unwrap().source.clone().unwrap();
    assert_eq!((source.line, &*source.function), (12, "main"));
}

/// A trace that starts in the middle of a run: events about tasks and
/// resources never introduced make placeholder rows (named `#N` and `rN`,
/// marked partial) instead of panicking or being lost; an unknown parent
/// becomes a root placeholder before its child.
#[test]
fn a_trace_starting_mid_run_makes_placeholder_rows() {
    let mut h = Hand::new();
    h.at(5.0)
        .running(7)
        .push(EventKind::Acquired {
            resource: rid(9),
            task: Some(tid(7)),
        })
        .spawn(8, "late child", Some(3))
        .waiting(
            8,
            looplab_core::trace::WaitOn::resource(WaitKind::Semaphore, Some(rid(9))),
        );
    let m = h.model();
    let ids: Vec<u64> = m.tasks().iter().map(|t| t.id.get()).collect();
    assert_eq!(ids, [7, 3, 8]);
    assert_eq!(m.roots(), [tid(7), tid(3)]);
    let seven = m.task(tid(7)).unwrap();
    assert!(seven.partial);
    assert_eq!(&*seven.name, "#7");
    assert_eq!(seven.state, State::Running);
    assert_eq!(seven.held, [rid(9)]);
    assert_eq!(seven.spawned_at, at(5.0));
    assert_eq!(seven.state_at(at(4.0)), None);
    assert_eq!(m.task(tid(3)).unwrap().children, [tid(8)]);
    assert!(!m.task(tid(8)).unwrap().partial);
    let r9 = m.resource(rid(9)).unwrap();
    assert_eq!((r9.kind, &*r9.name), (None, "r9"));
    assert_eq!(r9.holders, [tid(7)]);
    assert_eq!(r9.waiters, [tid(8)]);
    assert_eq!(
        m.describe_wait(&m.task(tid(8)).unwrap().waiting_on.unwrap()),
        "semaphore 'r9'"
    );
    assert_eq!(
        m.counts(),
        Counts {
            pending: 1,
            running: 1,
            waiting: 1,
            ..Counts::default()
        }
    );

    // The spawn event arriving late fills in the guesses.
    h.spawn(7, "seven", Some(3));
    let m = h.model();
    let seven = m.task(tid(7)).unwrap();
    assert!(!seven.partial);
    assert_eq!((&*seven.name, seven.parent), ("seven", Some(tid(3))));
    assert_eq!(m.roots(), [tid(3)]);
    assert_eq!(m.task(tid(3)).unwrap().children, [tid(8), tid(7)]);
}

/// Times never go backwards in a model, even if a trace's do.
#[test]
fn a_time_going_backwards_is_clamped() {
    let mut h = Hand::new();
    h.at(2.0).spawn(1, "main", None).at(1.0).running(1);
    let m = h.model();
    assert_eq!(m.task(tid(1)).unwrap().started_at, Some(at(2.0)));
    assert_eq!(m.end(), at(2.0));
    assert_eq!(m.event_count(), 2);
}
