//! `Handle::run_nested`: driving the loop from synchronous code inside a
//! task, as a nested `loop.run_until_complete(...)` does.

#![allow(clippy::unwrap_used)]

use looplab_core::{sleep, spawn, Error, Handle, RunError, Runtime};
use std::time::Duration;

#[test]
fn a_nested_run_drives_other_tasks_and_the_clock_until_done() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let child = spawn(async {
            sleep(Duration::from_millis(1500)).await?;
            Ok::<_, Error>(7)
        });
        // Synchronous code: no await between here and the result.
        let h = Handle::current();
        let c = child.clone();
        h.run_nested(move || c.is_finished())
            .map_err(|e| Error::msg(e.to_string()))?;
        let at = looplab_core::now().as_nanos();
        Ok::<_, Error>((child.result(), at))
    });
    assert_eq!(out, Ok(Ok((Some(Ok(7)), 1_500_000_000))));
}

#[test]
fn a_nested_run_that_can_never_finish_reports_a_deadlock() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let never = looplab_core::Event::new();
        let n = never.clone();
        let waiter = spawn(async move {
            n.wait().await?;
            Ok::<_, Error>(())
        });
        let r = Handle::current().run_nested(|| waiter.is_finished());
        Ok::<_, Error>(matches!(r, Err(RunError::Deadlock(_))))
    });
    assert_eq!(out, Ok(Ok(true)));
}

/// A preempted task keeps its turn: the host gets control back (the tick
/// reports `Busy`) but no other task runs before the preempted one resumes.
#[test]
fn preemption_returns_to_the_host_without_reordering_tasks() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let rt = Runtime::new_virtual();
    let log = Rc::new(RefCell::new(Vec::<&str>::new()));
    let (a, b) = (log.clone(), log.clone());
    let _first = rt.spawn(async move {
        a.borrow_mut().push("a1");
        looplab_core::preempt().await;
        a.borrow_mut().push("a2");
        Ok::<_, Error>(())
    });
    let _second = rt.spawn(async move {
        b.borrow_mut().push("b");
        Ok::<_, Error>(())
    });
    // The first tick stops at the preemption, with work left.
    assert_eq!(rt.tick(usize::MAX), looplab_core::Tick::Busy);
    assert_eq!(*log.borrow(), vec!["a1"]);
    // The next one resumes the preempted task before anything else.
    rt.tick(usize::MAX);
    assert_eq!(*log.borrow(), vec!["a1", "a2", "b"]);
}

/// A step that runs a nested loop (as `asyncio.run` called from plain code
/// does) is not blocking the loop for the nested run's time: no
/// `LoopBlocked` warning for it. A task blocking inside the nested run is
/// still reported, as is the outer step's own blocking.
#[test]
fn a_nested_run_is_not_a_blocked_loop_but_blocking_inside_it_is() {
    use looplab_core::trace::{EventKind, Warning};
    use looplab_core::{spawn_named, Config, VirtualClock};
    let rt = Runtime::with_config(
        std::rc::Rc::new(VirtualClock::new()),
        Config {
            trace: true,
            ..Config::default()
        },
    );
    rt.block_on(async {
        let child = spawn_named("sleeper", async {
            sleep(Duration::from_secs(5)).await?;
            Handle::current().block_for(Duration::from_millis(300));
            Ok::<_, Error>(())
        });
        let h = Handle::current();
        let c = child.clone();
        h.run_nested(move || c.is_finished())
            .map_err(|e| Error::msg(e.to_string()))?;
        h.block_for(Duration::from_millis(200));
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let blocked: Vec<(u64, f64)> = rt
        .trace()
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Warning(Warning::LoopBlocked { task, millis }) => {
                Some((task.get(), millis.round()))
            }
            _ => None,
        })
        .collect();
    // The sleeper (#2) blocked 300 ms inside the nested run; the outer
    // task (#1) blocked 200 ms of its own, not the 5.3 s of the nested run.
    assert_eq!(blocked, vec![(2, 300.0), (1, 200.0)]);
}
