//! `Handle::run_nested`: driving the loop from synchronous code inside a
//! task, as a nested `loop.run_until_complete(...)` does.

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
