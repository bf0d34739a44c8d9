//! Scrubbing back in time: a task's state and wait at any instant, every
//! task's state then, the counts then, and stepping from task switch to
//! task switch.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod scenario;

use looplab_core::trace::{WaitKind, WaitOn};
use looplab_core::{gather, sleep, spawn_named, Error, Semaphore};
use looplab_view::{Counts, Model, State, Switch};
use scenario::{at, run, secs, tid, Hand};

/// Main gathers three tasks sleeping 1, 2 and 3 s.
fn three_sleepers() -> Model {
    run(async {
        let hs: Vec<_> = (1..=3u64)
            .map(|i| {
                spawn_named(format!("sleep-{i}"), async move {
                    sleep(secs(i as f64)).await?;
                    Ok::<_, Error>(i)
                })
            })
            .collect();
        gather(hs).await?;
        Ok(())
    })
    .1
}

/// Two tasks through a semaphore of one, each holding it for 1 s.
fn two_through_a_semaphore() -> Model {
    run(async {
        let sem = Semaphore::named("db", 1);
        let hs: Vec<_> = ["w1", "w2"]
            .into_iter()
            .map(|name| {
                let sem = sem.clone();
                spawn_named(name, async move {
                    let _permit = sem.acquire().await?;
                    sleep(secs(1.0)).await?;
                    Ok::<_, Error>(())
                })
            })
            .collect();
        gather(hs).await?;
        Ok(())
    })
    .1
}

/// The second task waits on the semaphore from 0 to 1.0, then sleeps
/// until 2.0. A state at an instant is the state after every event then.
#[test]
fn the_state_of_a_task_at_any_time() {
    let m = two_through_a_semaphore();
    let sem = m.resources()[0].id;
    let w2 = tid(3);
    let on_sem = WaitOn::resource(WaitKind::Semaphore, Some(sem));
    let sleep_until_2 = WaitOn {
        until: Some(at(2.0)),
        ..WaitOn::new(WaitKind::Sleep)
    };
    assert_eq!(
        m.state_at(w2, at(0.0)),
        Some((State::Waiting, Some(on_sem)))
    );
    assert_eq!(
        m.state_at(w2, at(0.999)),
        Some((State::Waiting, Some(on_sem)))
    );
    assert_eq!(
        m.state_at(w2, at(1.0)),
        Some((State::Waiting, Some(sleep_until_2)))
    );
    assert_eq!(m.state_at(w2, at(2.0)), Some((State::Done, None)));
    assert_eq!(m.state_at(w2, at(50.0)), Some((State::Done, None)));
    assert_eq!(
        m.state_at(tid(2), at(0.5)).map(|s| s.0),
        Some(State::Waiting)
    );
    assert_eq!(m.state_at(tid(99), at(0.5)), None);
    assert_eq!(
        m.describe_wait_at(&on_sem, at(0.5)),
        "semaphore 'db' (0 permits free)"
    );
    assert_eq!(m.describe_wait(&on_sem), "semaphore 'db' (1 permit free)");
}

/// Before its spawn a task has no state; between its spawn and its first
/// step it is pending.
#[test]
fn before_its_spawn_a_task_has_no_state() {
    let mut h = Hand::new();
    h.spawn(1, "main", None)
        .running(1)
        .sleeping(1, 1.0)
        .at(1.0)
        .ready(1)
        .running(1)
        .spawn(2, "late", Some(1))
        .sleeping(1, 2.0)
        .at(1.5)
        .running(2);
    let m = h.model();
    assert_eq!(m.state_at(tid(2), at(0.5)), None);
    assert_eq!(m.state_at(tid(2), at(1.2)), Some((State::Pending, None)));
    assert_eq!(m.state_at(tid(2), at(1.5)), Some((State::Running, None)));
    let at_1_2: Vec<(u64, State)> = m
        .tasks_at(at(1.2))
        .map(|(t, s, _)| (t.id.get(), s))
        .collect();
    assert_eq!(at_1_2, [(1, State::Waiting), (2, State::Pending)]);
    assert_eq!(m.tasks_at(at(0.5)).count(), 1);
}

/// The summary bar while scrubbing.
#[test]
fn counts_at_a_time() {
    let m = three_sleepers();
    assert_eq!(
        m.counts_at(at(0.0)),
        Counts {
            waiting: 4,
            ..Counts::default()
        }
    );
    assert_eq!(
        m.counts_at(at(1.5)),
        Counts {
            waiting: 3,
            done: 1,
            ..Counts::default()
        }
    );
    assert_eq!(
        m.counts_at(at(3.0)),
        Counts {
            done: 4,
            ..Counts::default()
        }
    );
    assert_eq!(m.counts_at(m.end()), m.counts());
}

/// Task switches: every task starts at 0, each sleeper runs again when it
/// wakes; the step buttons go from instant to instant.
#[test]
fn stepping_from_switch_to_switch() {
    let m = three_sleepers();
    let first: Vec<Switch> = m.switches().iter().take(4).copied().collect();
    assert_eq!(
        first,
        (1..=4)
            .map(|n| Switch {
                at: at(0.0),
                task: tid(n)
            })
            .collect::<Vec<_>>()
    );
    assert_eq!(m.next_switch_after(at(0.0)), Some(at(1.0)));
    assert_eq!(m.next_switch_after(at(1.0)), Some(at(2.0)));
    assert_eq!(m.next_switch_after(at(2.5)), Some(at(3.0)));
    assert_eq!(m.next_switch_after(at(3.0)), None);
    assert_eq!(m.prev_switch_before(at(2.5)), Some(at(2.0)));
    assert_eq!(m.prev_switch_before(at(1.0)), Some(at(0.0)));
    assert_eq!(m.prev_switch_before(at(0.0)), None);
    // Each sleeper ran twice; main at least at 0 and at the end.
    for n in 2..=4 {
        assert_eq!(m.switches().iter().filter(|s| s.task == tid(n)).count(), 2);
    }
    assert_eq!(
        m.switches().last().map(|s| (s.at, s.task)),
        Some((at(3.0), tid(1)))
    );
}
