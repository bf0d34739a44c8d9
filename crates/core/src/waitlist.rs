//! The one FIFO wait list under every waiting primitive.
//!
//! Semaphore, Lock, Event, Condition, Queue, RateLimiter and Pool each keep
//! their own state and one or more `WaitList`s; this module owns the part
//! they share: who waits, in what order, who has been notified, and what
//! happens when a waiter is cancelled or dropped.
//!
//! # Invariants
//!
//! - The list holds its waiters in state `Waiting`, oldest first, among
//!   nodes of waits that ended without being notified (left in place, and
//!   squeezed out once they outnumber the waiting ones). Notifying removes
//!   the front waiting node from the list and marks it `Notified`.
//! - A [`Waiter`] that is dropped or cancelled while still `Waiting` leaves
//!   the list's count and marks its node done. One that had been `Notified` but never took what
//!   it was woken for reports that (`Abandoned::Notified`) so the primitive
//!   can pass the wake-up on: a cancelled waiter never consumes a permit.
//! - Cancellation is delivered only to a waiter that has suspended, and it
//!   wins over a notification that arrived in the same iteration, exactly as
//!   in asyncio, where the `CancelledError` is thrown at the `await` even if
//!   the awaited future already has a result.
//! - A waiter whose task is cancelled is marked `Cancelled` at once (through
//!   the task's cancel hook), before its task runs again, as asyncio cancels
//!   the waiter's future inside `Task.cancel()`. A cancelled waiter is no
//!   longer counted and is skipped by `notify_one`, so a release never hands
//!   a permit or lock to a task that is on its way out.
//! - A list keeps a few nodes of finished waits that nothing else refers to
//!   (with no waker left in them) and reuses them for new waiters.

use crate::error::Cancelled;
use crate::runtime;
use crate::trace::WaitOn;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NodeState {
    Waiting,
    Notified,
    Cancelled,
    Done,
}

#[derive(Debug)]
pub(crate) struct Node {
    state: Cell<NodeState>,
    waker: RefCell<Waker>,
    /// The list's count of live (not cancelled) waiters.
    live: Rc<Cell<usize>>,
}

impl Node {
    /// Marks a waiting node cancelled; returns whether it was waiting.
    pub(crate) fn cancel(&self) -> bool {
        if self.state.get() == NodeState::Waiting {
            self.state.set(NodeState::Cancelled);
            self.live.set(self.live.get() - 1);
            true
        } else {
            false
        }
    }
}

/// A FIFO of suspended waiters.
#[derive(Debug, Default)]
pub(crate) struct WaitList {
    queue: VecDeque<Rc<Node>>,
    live: Rc<Cell<usize>>,
    /// Nodes of finished waits that nothing else refers to, for reuse.
    spare: Vec<Rc<Node>>,
}

/// Finished nodes a list keeps for reuse.
const SPARE_NODES: usize = 16;

/// What became of a waiter that stopped waiting without completing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Abandoned {
    /// It was still queued; it has left the list.
    Queued,
    /// It had been notified and the wake-up is unused: pass it on.
    Notified,
    /// Nothing to undo.
    Nothing,
}

impl WaitList {
    /// Waiters still queued and not cancelled.
    pub(crate) fn len(&self) -> usize {
        self.live.get()
    }

    /// Whether no live waiter is queued.
    pub(crate) fn is_empty(&self) -> bool {
        self.live.get() == 0
    }

    /// Wakes the oldest live waiter. Returns whether there was one.
    pub(crate) fn notify_one(&mut self) -> bool {
        while let Some(node) = self.queue.pop_front() {
            if node.state.get() == NodeState::Waiting {
                node.state.set(NodeState::Notified);
                self.live.set(self.live.get() - 1);
                node.waker.borrow().wake_by_ref();
                return true;
            }
        }
        false
    }

    /// Wakes every queued waiter, oldest first. Returns how many.
    pub(crate) fn notify_all(&mut self) -> usize {
        let mut n = 0;
        while self.notify_one() {
            n += 1;
        }
        n
    }

    /// A node for a new waiter: a spare one, or a fresh one.
    fn node(&mut self, waker: &Waker) -> Rc<Node> {
        if let Some(mut node) = self.spare.pop() {
            if let Some(n) = Rc::get_mut(&mut node) {
                n.state.set(NodeState::Waiting);
                waker.clone_into(n.waker.get_mut());
                return node;
            }
        }
        Rc::new(Node {
            state: Cell::new(NodeState::Waiting),
            waker: RefCell::new(waker.clone()),
            live: self.live.clone(),
        })
    }

    /// Takes back the node of a finished wait, if nothing else refers to it.
    fn retire(&mut self, mut node: Rc<Node>) {
        if self.spare.len() < SPARE_NODES {
            if let Some(n) = Rc::get_mut(&mut node) {
                // Let go of the task's waker now.
                Waker::noop().clone_into(n.waker.get_mut());
                self.spare.push(node);
            }
        }
    }

    fn remove(&mut self, node: &Rc<Node>) {
        if node.state.get() == NodeState::Waiting {
            self.live.set(self.live.get() - 1);
        }
        // Left where it is: its waiter marks it done, and `notify_one`
        // skips what is not waiting. Looking for it would make cancelling
        // n waiters cost n² (a group's abort, timeouts on a busy lock).
        // The dead ones are squeezed out once they outnumber the living.
        if self.queue.len() > 2 * self.live.get() + 16 {
            self.queue
                .retain(|n| !Rc::ptr_eq(n, node) && n.state.get() == NodeState::Waiting);
        }
    }
}

/// One suspended wait on a [`WaitList`], owned by a primitive's future.
#[derive(Debug, Default)]
pub(crate) struct Waiter {
    node: Option<Rc<Node>>,
}

impl Waiter {
    /// Whether this waiter has joined a list (and not finished).
    pub(crate) fn is_queued(&self) -> bool {
        self.node
            .as_ref()
            .is_some_and(|n| n.state.get() != NodeState::Done)
    }

    /// Joins the back of `list`, recording what the current task waits on.
    pub(crate) fn enqueue(&mut self, list: &mut WaitList, cx: &Context<'_>, on: WaitOn) {
        let node = list.node(cx.waker());
        list.live.set(list.live.get() + 1);
        list.queue.push_back(node.clone());
        set_hook(&node);
        self.node = Some(node);
        runtime::set_waiting(on);
    }

    /// Polls a queued waiter.
    ///
    /// - `Ready(Ok(()))`: it was notified; the wake-up is now consumed.
    /// - `Ready(Err((cancelled, abandoned)))`: the task was cancelled; the
    ///   waiter has left the list and `abandoned` says whether an unused
    ///   wake-up must be passed on.
    /// - `Pending`: still waiting.
    pub(crate) fn poll(
        &mut self,
        list: &mut WaitList,
        cx: &Context<'_>,
        on: WaitOn,
    ) -> Poll<Result<(), (Cancelled, Abandoned)>> {
        let Some(node) = self.node.clone() else {
            return Poll::Ready(Ok(()));
        };
        if let Some(c) = runtime::take_cancel() {
            let abandoned = self.abandon(list);
            return Poll::Ready(Err((c, abandoned)));
        }
        match node.state.get() {
            NodeState::Notified => {
                node.state.set(NodeState::Done);
                self.node = None;
                list.retire(node);
                Poll::Ready(Ok(()))
            }
            NodeState::Done => Poll::Ready(Ok(())),
            NodeState::Waiting => {
                let mut w = node.waker.borrow_mut();
                if !w.will_wake(cx.waker()) {
                    *w = cx.waker().clone();
                }
                drop(w);
                set_hook(&node);
                runtime::set_waiting(on);
                Poll::Pending
            }
            NodeState::Cancelled => {
                // Marked by a cancel whose delivery is still pending (it was
                // taken above if it were here): treat as still waiting.
                runtime::set_waiting(on);
                Poll::Pending
            }
        }
    }

    /// Leaves the list without completing (on cancel or drop).
    pub(crate) fn abandon(&mut self, list: &mut WaitList) -> Abandoned {
        let Some(node) = self.node.take() else {
            return Abandoned::Nothing;
        };
        let abandoned = match node.state.get() {
            NodeState::Waiting | NodeState::Cancelled => {
                list.remove(&node);
                Abandoned::Queued
            }
            NodeState::Notified => Abandoned::Notified,
            NodeState::Done => return Abandoned::Nothing,
        };
        node.state.set(NodeState::Done);
        list.retire(node);
        abandoned
    }
}

/// Lets a cancel of the current task mark `node` cancelled at once.
fn set_hook(node: &Rc<Node>) {
    // Not forwarded: the task still gets the cancellation delivered.
    runtime::set_cancel_hook(runtime::CancelHook::Waiter(node.clone()));
}

/// A primitive that owns a wait list, for the generic [`Turn`] future.
pub(crate) trait ListOwner {
    /// Runs `f` on the wait list.
    fn with_list<R>(&self, f: impl FnOnce(&mut WaitList) -> R) -> R;
    /// A waiter left after being notified without using its wake-up.
    fn pass_on(&self);
}

/// Waits in FIFO order until notified ("your turn"). Returns at once if
/// `wait` is false when first polled.
pub(crate) struct Turn<L: ListOwner> {
    owner: L,
    waiter: Waiter,
    on: WaitOn,
    started: bool,
}

impl<L: ListOwner> Turn<L> {
    pub(crate) fn new(owner: L, on: WaitOn) -> Turn<L> {
        Turn {
            owner,
            waiter: Waiter::default(),
            on,
            started: false,
        }
    }
}

impl<L: ListOwner + Unpin> std::future::Future for Turn<L> {
    type Output = Result<(), Cancelled>;

    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = std::pin::Pin::into_inner(self);
        let on = this.on;
        if !this.started {
            this.started = true;
            let waiter = &mut this.waiter;
            this.owner.with_list(|l| waiter.enqueue(l, cx, on));
            return Poll::Pending;
        }
        let waiter = &mut this.waiter;
        let polled = this.owner.with_list(|l| waiter.poll(l, cx, on));
        match polled {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(())) => Poll::Ready(Ok(())),
            Poll::Ready(Err((c, abandoned))) => {
                if abandoned == Abandoned::Notified {
                    this.owner.pass_on();
                }
                Poll::Ready(Err(c))
            }
        }
    }
}

impl<L: ListOwner> Drop for Turn<L> {
    fn drop(&mut self) {
        if self.waiter.is_queued() {
            let waiter = &mut self.waiter;
            let abandoned = self.owner.with_list(|l| waiter.abandon(l));
            if abandoned == Abandoned::Notified {
                self.owner.pass_on();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{WaitKind, WaitOn};

    /// Waits given up on (a timeout around `lock.acquire()` in a loop) leave
    /// their nodes in the list; the list must not grow with them, and the
    /// one still waiting must still be woken, once.
    #[test]
    fn abandoned_waits_do_not_pile_up() {
        let mut list = WaitList::default();
        let cx = Context::from_waker(Waker::noop());
        let on = WaitOn::new(WaitKind::TaskGroup);
        let mut first = Waiter::default();
        first.enqueue(&mut list, &cx, on);
        for _ in 0..1000 {
            let mut w = Waiter::default();
            w.enqueue(&mut list, &cx, on);
            assert_eq!(w.abandon(&mut list), Abandoned::Queued);
        }
        assert_eq!(list.len(), 1);
        assert!(
            list.queue.len() <= 2 * list.len() + 17,
            "{} nodes queued for one waiter",
            list.queue.len()
        );
        assert!(list.notify_one());
        assert!(!list.notify_one());
        assert!(first.is_queued());
    }
}
