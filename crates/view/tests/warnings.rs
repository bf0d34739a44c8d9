//! Warnings in plain English, naming tasks and resources, and marked on
//! the timelines of the tasks they name.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod scenario;

use looplab_core::trace::{EventKind, Warning};
use looplab_core::{gather, sleep, spawn_named, Error, Event, Handle, Lock};
use looplab_view::MarkerKind;
use scenario::{at, run, secs, tid, Hand};
use std::time::Duration;

/// Two tasks each waiting for the other's event, main gathering both.
#[test]
fn a_deadlock_on_events_names_every_stuck_task() {
    let (_rt, m) = run(async {
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
        Ok(())
    });
    assert_eq!(m.warnings().len(), 1);
    let (when, w) = &m.warnings()[0];
    assert_eq!(*when, at(0.0));
    assert_eq!(
        m.describe_warning(w),
        "Deadlock: task 'main' waits on gather; task 'alice' waits on event 'b_done'; \
         task 'bob' waits on event 'a_done'"
    );
    for n in 1..=3 {
        assert!(m
            .task(tid(n))
            .unwrap()
            .markers
            .iter()
            .any(|mk| mk.kind == MarkerKind::Warning(0)));
    }
}

/// The classic lock-order deadlock: each task holds one lock and waits for
/// the other; the text says who holds what.
#[test]
fn a_lock_order_deadlock_says_who_holds_what() {
    let (_rt, m) = run(async {
        let (l1, l2) = (Lock::named("l1"), Lock::named("l2"));
        let (a1, a2) = (l1.clone(), l2.clone());
        let a = spawn_named("a", async move {
            let _g1 = a1.acquire().await?;
            sleep(secs(0.1)).await?;
            let _g2 = a2.acquire().await?;
            Ok::<_, Error>(())
        });
        let b = spawn_named("b", async move {
            let _g2 = l2.acquire().await?;
            sleep(secs(0.1)).await?;
            let _g1 = l1.acquire().await?;
            Ok::<_, Error>(())
        });
        gather(vec![a, b]).await?;
        Ok(())
    });
    let (when, w) = m.warnings().first().unwrap();
    assert_eq!(*when, at(0.1));
    assert_eq!(
        m.describe_warning(w),
        "Deadlock: task 'main' waits on gather; task 'a' waits on lock 'l2' (held by 'b'); \
         task 'b' waits on lock 'l1' (held by 'a')"
    );
}

/// A failed task whose error nobody looked at (CPython: "Task exception
/// was never retrieved").
#[test]
fn an_unretrieved_error_names_the_task_and_the_error() {
    let (_rt, m) = run(async {
        drop(spawn_named("doomed", async {
            sleep(secs(0.5)).await?;
            Err::<(), _>(Error::msg("ValueError: boom"))
        }));
        sleep(secs(1.0)).await?;
        Ok(())
    });
    let texts: Vec<String> = m
        .warnings()
        .iter()
        .map(|(_, w)| m.describe_warning(w))
        .collect();
    assert_eq!(
        texts,
        ["Task 'doomed' failed with ValueError: boom and nobody retrieved the error"]
    );
    let doomed = m.task(tid(2)).unwrap();
    assert!(doomed
        .markers
        .iter()
        .any(|mk| mk.kind == MarkerKind::Warning(0)));
}

/// A step that holds the loop past the threshold (CPython debug mode:
/// "Executing <Task ...> took 0.250 seconds").
#[test]
fn a_blocked_loop_names_the_task_and_how_long() {
    let (_rt, m) = run(async {
        spawn_named("hog", async {
            Handle::current().block_for(Duration::from_millis(250));
            Ok::<_, Error>(())
        })
        .await?;
        Ok(())
    });
    let (when, w) = m.warnings().first().unwrap();
    assert_eq!(*when, at(0.25));
    assert_eq!(
        m.describe_warning(w),
        "Task 'hog' blocked the loop for 250 ms"
    );
    let hog = m.task(tid(2)).unwrap();
    assert_eq!(
        hog.markers
            .iter()
            .find(|mk| mk.kind == MarkerKind::Warning(0))
            .map(|mk| mk.at),
        Some(at(0.25))
    );
}

/// Fractions of a millisecond keep one decimal; a task never seen is
/// named by its id.
#[test]
fn odd_numbers_and_unknown_tasks() {
    let mut h = Hand::new();
    h.spawn(1, "main", None);
    let m = h.model();
    let blocked = |millis| Warning::LoopBlocked {
        task: tid(1),
        millis,
    };
    assert_eq!(
        m.describe_warning(&blocked(12.34)),
        "Task 'main' blocked the loop for 12.3 ms"
    );
    assert_eq!(
        m.describe_warning(&blocked(99.96)),
        "Task 'main' blocked the loop for 100 ms"
    );
    assert_eq!(
        m.describe_warning(&Warning::ErrorNeverRetrieved {
            task: tid(9),
            message: "oops".into()
        }),
        "Task '#9' failed with oops and nobody retrieved the error"
    );
    assert_eq!(
        m.describe_warning(&Warning::Deadlock { stuck: vec![] }),
        "Deadlock: no task can run"
    );
    // A warning about a task never seen makes its placeholder row.
    h.push(EventKind::Warning(Warning::LoopBlocked {
        task: tid(4),
        millis: 150.0,
    }));
    let m = h.model();
    assert!(m.task(tid(4)).unwrap().partial);
}

/// A blocked loop says what blocked it when the program named it just
/// before blocking (the interpreter's `time.sleep` does); a note from
/// before the block does not count.
#[test]
fn a_blocked_loop_names_the_time_sleep_that_blocked_it() {
    let (_rt, m) = run(async {
        let h = Handle::current();
        let task = looplab_core::current_task().unwrap();
        h.record(EventKind::TaskNote {
            task,
            text: "read app.log".into(),
        });
        sleep(secs(1.0)).await?;
        h.record(EventKind::TaskNote {
            task,
            text: "time.sleep(0.25) on line 7".into(),
        });
        h.block_for(Duration::from_millis(250));
        sleep(secs(1.0)).await?;
        h.block_for(Duration::from_millis(300));
        Ok(())
    });
    let described: Vec<String> = m
        .warnings()
        .iter()
        .map(|(when, w)| m.describe_warning_at(w, *when))
        .collect();
    assert_eq!(
        described,
        vec![
            "Task 'main' blocked the loop for 250 ms: time.sleep(0.25) on line 7 — use `await asyncio.sleep(…)` so that other tasks run meanwhile".to_string(),
            "Task 'main' blocked the loop for 300 ms".to_string(),
        ]
    );
}
