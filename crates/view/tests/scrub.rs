//! Scrubbing back in time: a task's state and wait at any instant, every
//! task's state then, the counts then, and stepping from task switch to
//! task switch.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod scenario;

use looplab_core::trace::TaskId;
use looplab_core::trace::{WaitKind, WaitOn};
use looplab_core::Instant;
use looplab_core::{gather, sleep, spawn_named, Error, Semaphore};
use looplab_view::{Counts, Model, Moment, State};
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
/// wakes. Stepping walks every switch, the four at 0 one by one, and at
/// each the task that just started is the only one running.
#[test]
fn stepping_from_switch_to_switch() {
    let m = three_sleepers();
    let first: Vec<(Instant, TaskId)> = m
        .switches()
        .iter()
        .take(4)
        .map(|s| (s.at, s.task))
        .collect();
    assert_eq!(
        first,
        (1..=4).map(|n| (at(0.0), tid(n))).collect::<Vec<_>>()
    );
    // Next from the first event walks every switch in trace order.
    let mut here = Moment {
        at: at(0.0),
        event: 0,
    };
    let mut walked = Vec::new();
    while let Some(s) = m.next_switch(here) {
        assert!(s.moment() > here);
        walked.push(s);
        here = s.moment();
    }
    assert_eq!(walked, m.switches());
    // Prev walks them back.
    let mut back = Vec::new();
    here = m.last_moment();
    while let Some(s) = m.prev_switch(here) {
        back.push(s);
        here = s.moment();
    }
    back.reverse();
    assert_eq!(back, m.switches());
    for s in m.switches() {
        assert_eq!(m.running_at(s.moment()), Some(s.task));
        assert_eq!(m.counts_at(s.moment()).running, 1, "at {s:?}");
    }
    // At the third switch at 0 (sleep-2 starts), sleep-1 has paused on
    // its sleep and sleep-3 is still only scheduled.
    let third = m.switches()[2].moment();
    assert_eq!(m.state_at(tid(2), third).map(|s| s.0), Some(State::Waiting));
    assert_eq!(m.state_at(tid(3), third).map(|s| s.0), Some(State::Running));
    assert_eq!(m.state_at(tid(4), third).map(|s| s.0), Some(State::Pending));
    // From a scrubbed instant, Next goes to the next instant's first
    // switch and Prev to the last switch at or before it.
    assert_eq!(
        m.next_switch(at(0.0)).map(|s| (s.at, s.task)),
        Some((at(1.0), tid(2)))
    );
    assert_eq!(m.next_switch(at(2.5)).map(|s| s.at), Some(at(3.0)));
    assert_eq!(
        m.prev_switch(at(0.5)).map(|s| (s.at, s.task)),
        Some((at(0.0), tid(4)))
    );
    assert_eq!(m.prev_switch(m.switches()[0].moment()), None);
    assert_eq!(m.next_switch(m.last_moment()), None);
    assert_eq!(m.switches_by(at(0.0)), 4);
    assert_eq!(m.switches_by(m.last_moment()), m.switches().len());
    // Each sleeper ran twice; main at least at 0 and at the end.
    for n in 2..=4 {
        assert_eq!(m.switches().iter().filter(|s| s.task == tid(n)).count(), 2);
    }
    assert_eq!(
        m.switches().last().map(|s| (s.at, s.task)),
        Some((at(3.0), tid(1)))
    );
}

/// Who holds the semaphore and who waits on it, at any moment: w1 holds
/// it from its first step, w2 waits from its first step until 1.0, then
/// holds it until 2.0.
#[test]
fn holders_and_waiters_at_a_moment() {
    let m = two_through_a_semaphore();
    let sem = &m.resources()[0];
    assert_eq!(sem.holders_at(at(0.5)), vec![tid(2)]);
    assert_eq!(sem.waiters_at(at(0.5)), vec![tid(3)]);
    assert_eq!(sem.holders_at(at(1.5)), vec![tid(3)]);
    assert!(sem.waiters_at(at(1.5)).is_empty());
    assert!(sem.holders_at(at(2.0)).is_empty());
    // At w2's first switch (0 s) w1 holds it and nobody waits yet; once
    // w2 paused, it waits.
    let w2 = m
        .switches()
        .iter()
        .find(|s| s.task == tid(3))
        .map(|s| s.moment())
        .unwrap();
    assert_eq!(sem.holders_at(w2), vec![tid(2)]);
    assert!(sem.waiters_at(w2).is_empty());
    assert_eq!(sem.waiters_at(at(0.0)), vec![tid(3)]);
    // The lists now are the lists at the last moment.
    assert_eq!(
        sem.holders_at(m.last_moment()),
        Vec::from(sem.holders.clone())
    );
}
