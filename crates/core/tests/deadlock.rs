//! Deadlock detection: when nothing can run and no timer is pending while
//! the main task has not finished, `block_on` returns
//! `RunError::Deadlock` listing every stuck task, its name and what it
//! waits on; the trace gets a deadlock warning.
//!
//! CPython has no deadlock detection (`asyncio.run` on these programs hangs
//! forever); the expected lists follow the documented contract.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::trace::{EventKind, WaitKind, Warning};
use looplab_core::{
    gather, sleep, spawn_named, Error, Event, Lock, Queue, RunError, Runtime, Semaphore,
};
use std::time::Duration;

/// (task id, name, wait kind, resource id, awaited task id)
type Stuck = (u64, String, WaitKind, Option<u64>, Option<u64>);

fn stuck_list(e: &RunError) -> Vec<Stuck> {
    match e {
        RunError::Deadlock(stuck) => stuck
            .iter()
            .map(|s| {
                (
                    s.task.get(),
                    s.name.to_string(),
                    s.on.kind,
                    s.on.resource.map(|r| r.get()),
                    s.on.task.map(|t| t.get()),
                )
            })
            .collect(),
        other => panic!("expected a deadlock, got {other:?}"),
    }
}

/// Two tasks each wait for the other's event; main waits for both.
#[test]
fn two_tasks_waiting_on_each_others_events() {
    let rt = Runtime::new_virtual();
    let err = rt
        .block_on(async {
            let a_done = Event::named("a_done");
            let b_done = Event::named("b_done");
            let (a1, b1) = (a_done.clone(), b_done.clone());
            let alice = spawn_named("alice", async move {
                b1.wait().await?;
                a1.set();
                Ok::<_, Error>(())
            });
            let (a2, b2) = (a_done.clone(), b_done.clone());
            let bob = spawn_named("bob", async move {
                a2.wait().await?;
                b2.set();
                Ok::<_, Error>(())
            });
            gather(vec![alice, bob]).await?;
            Ok::<_, Error>(())
        })
        .unwrap_err();
    // Tasks: main #1, alice #2, bob #3. Resources: a_done r1, b_done r2.
    assert_eq!(
        stuck_list(&err),
        vec![
            (1, "main".to_string(), WaitKind::Gather, None, None),
            (2, "alice".to_string(), WaitKind::Event, Some(2), None),
            (3, "bob".to_string(), WaitKind::Event, Some(1), None),
        ]
    );
    let text = err.to_string();
    assert!(text.starts_with("deadlock"), "{text}");
    for name in [
        "'main'",
        "'alice'",
        "'bob'",
        "event wait r1",
        "event wait r2",
    ] {
        assert!(text.contains(name), "{name} missing from: {text}");
    }
    assert_eq!(
        text,
        "deadlock: no task can run and no timer is pending; \
         task #1 'main' waits on gather; \
         task #2 'alice' waits on event wait r2; \
         task #3 'bob' waits on event wait r1"
    );
    // The trace carries the same list as a warning, at the time it was found.
    let trace = rt.trace();
    let warning = trace
        .events()
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            EventKind::Warning(Warning::Deadlock { stuck }) => Some(stuck.clone()),
            _ => None,
        })
        .expect("a deadlock warning in the trace");
    assert_eq!(Err(RunError::Deadlock(warning)), Err::<(), _>(err));
}

/// `queue.get()` with no producer: main alone is stuck, on the queue.
#[test]
fn a_get_on_a_queue_with_no_producer() {
    let rt = Runtime::new_virtual();
    let err = rt
        .block_on(async {
            let q: Queue<u32> = Queue::named("jobs", 0);
            let item = q.get().await.map_err(|e| Error::msg(e.to_string()))?;
            Ok::<_, Error>(item)
        })
        .unwrap_err();
    assert_eq!(
        stuck_list(&err),
        vec![(1, "main".to_string(), WaitKind::QueueGet, Some(1), None)]
    );
    assert!(err
        .to_string()
        .contains("task #1 'main' waits on queue get r1"));
}

/// The deadlock is found only once time has run out: tasks that sleep
/// first are not stuck until their timers have fired. Here the consumer
/// gets one item at 1.0 and is stuck on the second; the virtual clock
/// stops at 1.0.
#[test]
fn a_deadlock_is_found_after_the_last_timer() {
    let rt = Runtime::new_virtual();
    let err = rt
        .block_on(async {
            let q: Queue<u32> = Queue::new(0);
            let p = q.clone();
            let _producer = spawn_named("producer", async move {
                sleep(Duration::from_secs(1)).await?;
                p.try_put(1).map_err(|e| Error::msg(e.to_string()))?;
                Ok::<_, Error>(())
            });
            let c = q.clone();
            let consumer = spawn_named("consumer", async move {
                for _ in 0..2 {
                    c.get().await.map_err(|e| Error::msg(e.to_string()))?;
                }
                Ok::<_, Error>(())
            });
            consumer.await?;
            Ok::<_, Error>(())
        })
        .unwrap_err();
    assert_eq!(
        stuck_list(&err),
        vec![
            (1, "main".to_string(), WaitKind::Task, None, Some(3)),
            (3, "consumer".to_string(), WaitKind::QueueGet, Some(1), None),
        ]
    );
    assert_eq!(rt.now().as_secs_f64(), 1.0);
}

/// A lock held by a task stuck on a semaphore nobody releases, with a
/// second task queued for the lock: every kind is named.
#[test]
fn a_chain_of_lock_and_semaphore_waits() {
    let rt = Runtime::new_virtual();
    let err = rt
        .block_on(async {
            let lock = Lock::named("db");
            let sem = Semaphore::named("slots", 0);
            let (l1, s1) = (lock.clone(), sem.clone());
            let holder = spawn_named("holder", async move {
                let _g = l1.acquire().await?;
                let _p = s1.acquire().await?;
                Ok::<_, Error>(())
            });
            let l2 = lock.clone();
            let queued = spawn_named("queued", async move {
                sleep(Duration::from_millis(10)).await?;
                let _g = l2.acquire().await?;
                Ok::<_, Error>(())
            });
            gather(vec![holder, queued]).await?;
            Ok::<_, Error>(())
        })
        .unwrap_err();
    // Lock "db" is r1, semaphore "slots" r2.
    assert_eq!(
        stuck_list(&err),
        vec![
            (1, "main".to_string(), WaitKind::Gather, None, None),
            (2, "holder".to_string(), WaitKind::Semaphore, Some(2), None),
            (3, "queued".to_string(), WaitKind::Lock, Some(1), None),
        ]
    );
    let text = err.to_string();
    assert!(
        text.contains("'holder' waits on semaphore acquire r2"),
        "{text}"
    );
    assert!(text.contains("'queued' waits on lock acquire r1"), "{text}");
}

/// A task stuck forever that main does not wait for is no deadlock:
/// `block_on` returns main's value. `run` then cancels it at shutdown,
/// which ends it.
#[test]
fn a_stuck_task_that_main_does_not_await_is_not_a_deadlock() {
    let rt = Runtime::new_virtual();
    let out = rt.run(async {
        let ev = Event::new();
        let _forever = spawn_named("forever", async move {
            ev.wait().await?;
            Ok::<_, Error>(())
        });
        sleep(Duration::from_secs(1)).await?;
        Ok::<_, Error>(7)
    });
    assert_eq!(out, Ok(Ok(7)));
    assert!(rt.tasks().is_empty());
}

/// A leftover task whose cleanup waits for something nobody will give it
/// makes `run`'s final shutdown deadlock; that is reported too.
#[test]
fn a_deadlock_during_shutdown_is_reported() {
    let rt = Runtime::new_virtual();
    let out = rt.run(async {
        let never = Event::named("never");
        let _stubborn = spawn_named("stubborn", async move {
            if sleep(Duration::from_secs(100)).await.is_err() {
                // Cleanup that waits for an event nobody sets.
                never.wait().await?;
            }
            Ok::<_, Error>(())
        });
        sleep(Duration::from_secs(1)).await?;
        Ok::<_, Error>(())
    });
    let err = out.unwrap_err();
    assert_eq!(
        stuck_list(&err),
        vec![(2, "stubborn".to_string(), WaitKind::Event, Some(1), None)]
    );
    assert!(err
        .to_string()
        .contains("'stubborn' waits on event wait r1"));
}

/// A task awaiting itself-in-a-cycle: `a` awaits `b`'s handle and `b`
/// awaits `a`'s. Each is listed as waiting on the other task.
#[test]
fn two_tasks_awaiting_each_other() {
    let rt = Runtime::new_virtual();
    let err = rt
        .block_on(async {
            let slot: std::rc::Rc<std::cell::RefCell<Option<looplab_core::JoinHandle<(), Error>>>> =
                Default::default();
            let s = slot.clone();
            let a = spawn_named("a", async move {
                sleep(Duration::from_millis(1)).await?;
                let b = s.borrow().clone().unwrap();
                b.await
            });
            let a2 = a.clone();
            let b = spawn_named("b", a2);
            *slot.borrow_mut() = Some(b.clone());
            b.await
        })
        .unwrap_err();
    assert_eq!(
        stuck_list(&err),
        vec![
            (1, "main".to_string(), WaitKind::Task, None, Some(3)),
            (2, "a".to_string(), WaitKind::Task, None, Some(3)),
            (3, "b".to_string(), WaitKind::Task, None, Some(2)),
        ]
    );
    assert!(err.to_string().contains("task #2 'a' waits on task #3"));
}
