//! Task handles: awaitable, clonable, cancellable.

use crate::error::TaskError;
use crate::runtime::{self, Handle, Inner, Key, TaskState};
use crate::trace::{EventKind, TaskId, WaitKind, WaitOn, Warning};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

pub(crate) enum OnDone {
    Wake(Waker),
    Call(Box<dyn FnOnce()>),
}

/// Where a task's result lands, shared by the task and its handles.
pub(crate) struct TaskCell<T, E: TaskError> {
    rt: Weak<Inner>,
    key: Key,
    id: TaskId,
    result: RefCell<Option<Result<T, E>>>,
    /// Awaiting tasks and done callbacks, in the order they were added:
    /// asyncio schedules them all, in that order, when the task finishes
    /// (an awaiting task is just a done callback that wakes it).
    on_done: RefCell<Vec<OnDone>>,
    retrieved: Cell<bool>,
    final_cancelling: Cell<u32>,
    /// Called with the error when the warning for a never retrieved error
    /// is given (see [`JoinHandle::on_error_never_retrieved`]).
    on_unretrieved: RefCell<Option<OnUnretrieved<E>>>,
}

/// What [`JoinHandle::on_error_never_retrieved`] registers.
type OnUnretrieved<E> = Box<dyn FnOnce(&E)>;

impl<T: Clone, E: TaskError> TaskCell<T, E> {
    /// The runtime the task runs on, while it exists.
    pub(crate) fn runtime(&self) -> Option<Rc<Inner>> {
        self.rt.upgrade()
    }

    pub(crate) fn set_final_cancelling(&self, n: u32) {
        self.final_cancelling.set(n);
    }

    pub(crate) fn new(rt: Weak<Inner>, key: Key) -> TaskCell<T, E> {
        TaskCell {
            rt,
            key,
            id: key.id,
            result: RefCell::new(None),
            on_done: RefCell::new(Vec::new()),
            retrieved: Cell::new(false),
            final_cancelling: Cell::new(0),
            on_unretrieved: RefCell::new(None),
        }
    }

    pub(crate) fn complete(&self, result: Result<T, E>) {
        *self.result.borrow_mut() = Some(result);
        let on_done = std::mem::take(&mut *self.on_done.borrow_mut());
        if on_done.is_empty() {
            return;
        }
        let rt = self.rt.upgrade();
        for entry in on_done {
            match (entry, &rt) {
                (OnDone::Wake(w), _) => w.wake(),
                (OnDone::Call(cb), Some(rt)) => rt.call_soon(cb),
                (OnDone::Call(cb), None) => cb(),
            }
        }
    }
}

impl<T, E: TaskError> Drop for TaskCell<T, E> {
    fn drop(&mut self) {
        if self.retrieved.get() {
            return;
        }
        if let Some(Err(e)) = self.result.get_mut() {
            if !e.is_cancelled() {
                if let Some(rt) = self.rt.upgrade() {
                    rt.record(EventKind::Warning(Warning::ErrorNeverRetrieved {
                        task: self.id,
                        message: e.to_string(),
                    }));
                }
                if let Some(f) = self.on_unretrieved.get_mut().take() {
                    f(e);
                }
            }
        }
    }
}

/// A handle to a spawned task: await it for the task's outcome.
///
/// Awaiting gives `Ok(value)`, the task's error, or — if the task ended
/// cancelled — its error type made from [`Cancelled`](crate::Cancelled).
/// Handles are cheap to clone; every clone sees the same outcome. Dropping a
/// handle does not cancel the task (as in asyncio, a task runs until it
/// finishes).
///
/// # Cancel safety
///
/// If the task awaiting a handle is cancelled, the cancellation is forwarded
/// to the awaited task (as asyncio does when a task awaits a task): the
/// awaiting task sees the awaited task's outcome, which is normally the
/// cancellation. If the awaited task swallows it, the awaiting task gets
/// its value and is not cancelled.
#[must_use = "a task runs whether or not its handle is kept, but its outcome is only seen through the handle"]
pub struct JoinHandle<T, E: TaskError = crate::Error> {
    id: TaskId,
    cell: Rc<TaskCell<T, E>>,
    suspended: bool,
}

impl<T, E: TaskError> Clone for JoinHandle<T, E> {
    fn clone(&self) -> Self {
        JoinHandle {
            id: self.id,
            cell: self.cell.clone(),
            suspended: false,
        }
    }
}

impl<T, E: TaskError> fmt::Debug for JoinHandle<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinHandle")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl<T: Clone, E: TaskError> JoinHandle<T, E> {
    pub(crate) fn new(id: TaskId, cell: Rc<TaskCell<T, E>>) -> JoinHandle<T, E> {
        JoinHandle {
            id,
            cell,
            suspended: false,
        }
    }

    /// The task's id.
    pub fn id(&self) -> TaskId {
        self.id
    }

    fn handle(&self) -> Option<Handle> {
        self.cell.rt.upgrade().map(|inner| Handle { inner })
    }

    /// The task's name, while it runs.
    pub fn name(&self) -> Option<Rc<str>> {
        self.handle().and_then(|h| h.task(self.id)).map(|t| t.name)
    }

    /// Whether the task has finished (value, error or cancelled).
    pub fn is_finished(&self) -> bool {
        self.cell.result.borrow().is_some()
    }

    /// Whether the task ended cancelled.
    pub fn is_cancelled(&self) -> bool {
        matches!(&*self.cell.result.borrow(), Some(Err(e)) if e.is_cancelled())
    }

    /// The task's state: running states while it runs, then how it ended.
    pub fn state(&self) -> TaskState {
        match &*self.cell.result.borrow() {
            Some(Ok(_)) => TaskState::Done,
            Some(Err(e)) if e.is_cancelled() => TaskState::Cancelled,
            Some(Err(_)) => TaskState::Failed,
            None => self
                .handle()
                .and_then(|h| h.task(self.id))
                .map(|t| t.state)
                .unwrap_or(TaskState::Ready),
        }
    }

    /// The outcome, if the task has finished; marks an error as retrieved.
    pub fn result(&self) -> Option<Result<T, E>> {
        let r = self.cell.result.borrow().clone();
        if r.is_some() {
            self.cell.retrieved.set(true);
        }
        r
    }

    /// Takes the outcome out, if finished.
    pub(crate) fn take_result(&self) -> Option<Result<T, E>> {
        let r = self.cell.result.borrow_mut().take();
        if r.is_some() {
            self.cell.retrieved.set(true);
        }
        r
    }

    /// Runs `f` with the task's error if the task fails (not cancelled) and
    /// nobody looks at the error: when its last handle is dropped, as the
    /// `ErrorNeverRetrieved` warning is recorded (asyncio's "Task exception
    /// was never retrieved"). Replaces an earlier `f`.
    pub fn on_error_never_retrieved(&self, f: impl FnOnce(&E) + 'static) {
        *self.cell.on_unretrieved.borrow_mut() = Some(Box::new(f));
    }

    /// Asks the task to cancel, as asyncio's `Task.cancel(msg)`. Returns
    /// `false` if it has already finished. See [`Handle::cancel`].
    pub fn cancel(&self, message: Option<&str>) -> bool {
        match self.cell.rt.upgrade() {
            Some(rt) => rt.cancel(self.cell.key, message.map(Rc::from)),
            None => false,
        }
    }

    /// Cancels the task on behalf of the loop rather than of the running
    /// task: the trace says nobody asked (`by: None`), as for the tasks
    /// `asyncio.run` cancels when its main coroutine has returned.
    pub fn cancel_from_loop(&self, message: Option<&str>) -> bool {
        match self.cell.rt.upgrade() {
            Some(rt) => rt.cancel_by(self.cell.key, message.map(Rc::from), None),
            None => false,
        }
    }

    /// asyncio's `Task.cancelling()`.
    pub fn cancelling(&self) -> u32 {
        if self.is_finished() {
            return self.cell.final_cancelling.get();
        }
        self.handle().map(|h| h.cancelling(self.id)).unwrap_or(0)
    }

    /// asyncio's `Task.uncancel()`.
    pub fn uncancel(&self) -> u32 {
        if self.is_finished() {
            let n = self.cell.final_cancelling.get().saturating_sub(1);
            self.cell.final_cancelling.set(n);
            return n;
        }
        self.handle().map(|h| h.uncancel(self.id)).unwrap_or(0)
    }

    /// Runs `f` soon after the task finishes (at once if it has), as
    /// `add_done_callback`.
    pub fn add_done_callback(&self, f: impl FnOnce() + 'static) {
        if self.is_finished() {
            match self.cell.rt.upgrade() {
                Some(rt) => rt.call_soon(Box::new(f)),
                None => f(),
            }
        } else {
            self.cell
                .on_done
                .borrow_mut()
                .push(OnDone::Call(Box::new(f)));
        }
    }

    /// Registers `waker` to be woken when the task finishes.
    pub(crate) fn register(&self, waker: &Waker) {
        let mut on_done = self.cell.on_done.borrow_mut();
        if !on_done
            .iter()
            .any(|e| matches!(e, OnDone::Wake(w) if w.will_wake(waker)))
        {
            on_done.push(OnDone::Wake(waker.clone()));
        }
    }
}

impl<T: Clone, E: TaskError> Future for JoinHandle<T, E> {
    type Output = Result<T, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T, E>> {
        if self.suspended {
            if let Some(c) = runtime::take_cancel() {
                self.suspended = false;
                return Poll::Ready(Err(E::from(c)));
            }
        }
        if let Some(r) = self.result() {
            self.suspended = false;
            return Poll::Ready(r);
        }
        if !self.suspended {
            self.suspended = true;
            if let Some(c) = runtime::take_cancel() {
                // Cancelled before suspending: cancel what we await instead.
                if !self.cancel(c.message()) {
                    runtime::restore_cancel(c);
                }
            }
        }
        self.register(cx.waker());
        runtime::set_waiting(WaitOn {
            kind: WaitKind::Task,
            resource: None,
            task: Some(self.id),
            until: None,
        });
        runtime::set_cancel_hook(runtime::CancelHook::Task(
            self.cell.rt.clone(),
            self.cell.key,
        ));
        Poll::Pending
    }
}
