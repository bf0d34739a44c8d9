//! A big run: 10,000 tasks through a semaphore of 100, each holding it for
//! a second. asyncio's FIFO semaphore lets them through in spawn order, a
//! hundred a second, so task `i` (0-based) waits until `i / 100` s and
//! ends a second later. No timings are asserted.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod scenario;

use looplab_core::trace::{WaitKind, WaitOn};
use looplab_core::{gather, sleep, spawn, Error, Semaphore};
use looplab_view::{Counts, Model, State};
use scenario::{at, secs, tid};

const TASKS: u64 = 10_000;
const PERMITS: u64 = 100;

#[test]
fn ten_thousand_tasks_through_a_semaphore() {
    let rt = looplab_core::Runtime::new_virtual();
    rt.block_on(async {
        let sem = Semaphore::named("gate", PERMITS as usize);
        let hs: Vec<_> = (0..TASKS)
            .map(|i| {
                let sem = sem.clone();
                spawn(async move {
                    let _p = sem.acquire().await?;
                    sleep(secs(1.0)).await?;
                    Ok::<_, Error>(i)
                })
            })
            .collect();
        gather(hs).await?;
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let mut m = Model::new();
    // Fed in batches, as a live view drains the trace.
    for batch in rt.trace().events().chunks(4096) {
        m.extend(batch);
    }
    assert_eq!(m.tasks().len() as u64, TASKS + 1);
    assert_eq!(
        m.counts(),
        Counts {
            done: TASKS as usize + 1,
            ..Counts::default()
        }
    );
    assert_eq!(m.end(), at((TASKS / PERMITS) as f64));
    assert_eq!(m.roots(), [tid(1)]);
    assert_eq!(m.task(tid(1)).unwrap().children.len() as u64, TASKS);

    let gate = &m.resources()[0];
    let on_gate = WaitOn::resource(WaitKind::Semaphore, Some(gate.id));
    assert_eq!(gate.acquisitions, TASKS);
    assert!(gate.holders.is_empty() && gate.waiters.is_empty());
    assert_eq!(gate.state.permits, Some(PERMITS));

    for i in [0, 99, 100, 150, 5_000, 9_999] {
        // Task i is the (i + 2)th: main is #1.
        let t = m.task(tid(i + 2)).unwrap();
        let round = (i / PERMITS) as f64;
        assert_eq!(t.state, State::Done, "task {i}");
        assert_eq!(t.outcome_text(), Some(i.to_string().as_str()));
        assert_eq!(t.finished_at, Some(at(round + 1.0)), "task {i}");
        assert!(t.held.is_empty());
        let sleeping = WaitOn {
            until: Some(at(round + 1.0)),
            ..WaitOn::new(WaitKind::Sleep)
        };
        assert_eq!(
            t.state_at(at(round + 0.5)),
            Some((State::Waiting, Some(sleeping)))
        );
        if round > 0.0 {
            assert_eq!(
                t.state_at(at(round - 0.5)),
                Some((State::Waiting, Some(on_gate)))
            );
        }
    }
    // While scrubbing: at 49.5 s, round 49 sleeps holding the gate, the
    // 4,900 before it are done, the rest (and main) wait.
    assert_eq!(
        m.counts_at(at(49.5)),
        Counts {
            done: 4_900,
            waiting: TASKS as usize + 1 - 4_900,
            ..Counts::default()
        }
    );
    assert_eq!(
        m.resource_state_at(gate.id, at(49.5))
            .map(|s| (s.permits, s.waiters)),
        Some((Some(0), TASKS - 5_000))
    );
    assert_eq!(m.next_switch(at(49.5)).map(|s| s.at), Some(at(50.0)));
}
