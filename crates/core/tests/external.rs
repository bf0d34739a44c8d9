//! `external`: work the host does outside the runtime (a network request),
//! driven the way an event-driven host drives it, with `tick`.

use looplab_core::trace::{EventKind, WaitKind};
use looplab_core::{external, spawn_named, Error, RunError, Runtime, TaskError, Tick};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// A one-shot the test completes from "outside", as a host callback would.
#[derive(Default)]
struct Slot {
    value: Option<u32>,
    waker: Option<Waker>,
    dropped: bool,
}

struct Recv(Rc<RefCell<Slot>>);

impl Future for Recv {
    type Output = u32;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let mut s = self.0.borrow_mut();
        match s.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl Drop for Recv {
    fn drop(&mut self) {
        self.0.borrow_mut().dropped = true;
    }
}

fn complete(slot: &Rc<RefCell<Slot>>, v: u32) {
    let waker = {
        let mut s = slot.borrow_mut();
        s.value = Some(v);
        s.waker.take()
    };
    if let Some(w) = waker {
        w.wake();
    }
}

#[test]
fn a_task_awaiting_external_work_waits_on_external_and_is_not_a_deadlock() {
    let rt = Runtime::new_virtual();
    let slot = Rc::new(RefCell::new(Slot::default()));
    let s = slot.clone();
    let task = rt.spawn_named("fetch", async move {
        let v = external(Recv(s)).await?;
        Ok::<_, Error>(v * 2)
    });
    assert_eq!(rt.tick(100), Tick::Idle);
    assert_eq!(rt.pending_external(), 1);
    let waiting = rt.trace().events().iter().any(
        |e| matches!(&e.kind, EventKind::TaskWaiting { on, .. } if on.kind == WaitKind::External),
    );
    assert!(waiting, "the task shows as waiting on external work");

    complete(&slot, 21);
    assert_eq!(rt.tick(100), Tick::Idle);
    assert_eq!(task.result(), Some(Ok(42)));
    assert_eq!(rt.pending_external(), 0);
}

#[test]
fn cancelling_a_task_drops_its_external_work_and_stops_counting_it() {
    let rt = Runtime::new_virtual();
    let slot = Rc::new(RefCell::new(Slot::default()));
    let s = slot.clone();
    let task = rt.spawn_named("fetch", async move {
        let v = external(Recv(s)).await?;
        Ok::<_, Error>(v)
    });
    rt.tick(100);
    assert_eq!(rt.pending_external(), 1);
    task.cancel(None);
    rt.tick(100);
    assert!(
        slot.borrow().dropped,
        "the host's work was dropped (aborted)"
    );
    assert_eq!(rt.pending_external(), 0);
    assert!(matches!(task.result(), Some(Err(e)) if e.is_cancelled()));
}

#[test]
fn an_idle_runtime_with_nothing_external_reports_who_is_stuck() {
    let rt = Runtime::new_virtual();
    let never = looplab_core::Event::new();
    let n = never.clone();
    let _t = spawn_named_on(&rt, n);
    assert_eq!(rt.tick(100), Tick::Idle);
    assert_eq!(rt.pending_external(), 0);
    match rt.deadlock() {
        RunError::Deadlock(stuck) => {
            assert_eq!(stuck.len(), 1);
            assert_eq!(&*stuck[0].name, "waiter");
            assert_eq!(stuck[0].on.kind, WaitKind::Event);
        }
        other => panic!("expected a deadlock, got {other:?}"),
    }
    let warned = rt
        .trace()
        .events()
        .iter()
        .any(|e| matches!(e.kind, EventKind::Warning(_)));
    assert!(warned, "the deadlock is in the trace");
}

fn spawn_named_on(rt: &Runtime, ev: looplab_core::Event) -> looplab_core::JoinHandle<(), Error> {
    rt.block_on(async move {
        Ok::<_, Error>(spawn_named("waiter", async move {
            ev.wait().await?;
            Ok::<_, Error>(())
        }))
    })
    .ok()
    .and_then(|r| r.ok())
    .unwrap_or_else(|| panic!("spawning failed"))
}
