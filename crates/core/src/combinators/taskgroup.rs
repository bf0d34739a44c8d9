use crate::error::{Cancelled, TaskError};
use crate::runtime::{self, current_task, Handle};
use crate::task::JoinHandle;
use crate::trace::{TaskId, WaitKind, WaitOn};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::rc::Rc;
use std::task::{Poll, Waker};

/// asyncio's `TaskGroup` (Python 3.12 semantics), as an explicit
/// enter/spawn/exit object so that an interpreter's `async with` maps onto
/// it directly; Rust code usually calls [`task_group`].
///
/// - The first child to fail cancels every other child and the body (the
///   task that entered the group), unless that task is already being
///   cancelled from outside.
/// - [`exit`](TaskGroup::exit) waits for every child, then reports all
///   errors together (body error last), or the cancellation if the group's
///   task was cancelled from outside and nothing failed.
/// - Spawning fails once the group is shutting down or finished.
pub struct TaskGroup<T: 'static, E: TaskError> {
    state: Rc<RefCell<State<T, E>>>,
}

impl<T, E: TaskError> Clone for TaskGroup<T, E> {
    fn clone(&self) -> Self {
        TaskGroup {
            state: self.state.clone(),
        }
    }
}

struct State<T: 'static, E: TaskError> {
    parent: Option<TaskId>,
    entered: bool,
    exiting: bool,
    aborting: bool,
    parent_cancel_requested: bool,
    /// The children still running, by id: spawn order, and a finished
    /// one leaves in O(log n) (a `Vec` made 100,000 children quadratic).
    tasks: BTreeMap<TaskId, JoinHandle<T, E>>,
    errors: Vec<E>,
    waker: Option<Waker>,
}

/// How a task group ended, when it did not end well.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskGroupError<E> {
    /// The group's task was cancelled from outside; nothing failed.
    Cancelled(E),
    /// Children (or the body) failed: every error, in the order they
    /// happened, body error last (asyncio's `ExceptionGroup`).
    Failed(Vec<E>),
    /// `spawn` before entering, after finishing, or while shutting down.
    State(&'static str),
}

impl<E: fmt::Display> fmt::Display for TaskGroupError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskGroupError::Cancelled(e) => e.fmt(f),
            TaskGroupError::Failed(errors) => {
                write!(
                    f,
                    "unhandled errors in a TaskGroup ({} sub-exception{})",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" }
                )
            }
            TaskGroupError::State(s) => f.write_str(s),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for TaskGroupError<E> {}

impl<T, E: TaskError> fmt::Debug for TaskGroup<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.state.borrow();
        f.debug_struct("TaskGroup")
            .field("tasks", &st.tasks.len())
            .field("aborting", &st.aborting)
            .finish()
    }
}

impl<T: Clone + fmt::Debug + 'static, E: TaskError> Default for TaskGroup<T, E> {
    fn default() -> Self {
        TaskGroup::new()
    }
}

impl<T: Clone + fmt::Debug + 'static, E: TaskError> TaskGroup<T, E> {
    /// A group not yet entered.
    pub fn new() -> TaskGroup<T, E> {
        TaskGroup {
            state: Rc::new(RefCell::new(State {
                parent: None,
                entered: false,
                exiting: false,
                aborting: false,
                parent_cancel_requested: false,
                tasks: BTreeMap::new(),
                errors: Vec::new(),
                waker: None,
            })),
        }
    }

    /// Enters the group from the current task (`__aenter__`).
    ///
    /// # Errors
    ///
    /// [`TaskGroupError::State`] if already entered or outside a task.
    pub fn enter(&self) -> Result<(), TaskGroupError<E>> {
        let mut st = self.state.borrow_mut();
        if st.entered {
            return Err(TaskGroupError::State("TaskGroup has already been entered"));
        }
        st.parent = Some(current_task().ok_or(TaskGroupError::State(
            "TaskGroup must be entered inside a task",
        ))?);
        st.entered = true;
        Ok(())
    }

    /// Spawns a child task in the group (`create_task`).
    ///
    /// # Errors
    ///
    /// [`TaskGroupError::State`] if the group was not entered, is finished,
    /// or is shutting down after a failure.
    pub fn spawn<F>(&self, fut: F) -> Result<JoinHandle<T, E>, TaskGroupError<E>>
    where
        F: Future<Output = Result<T, E>> + 'static,
    {
        self.spawn_inner(None, fut)
    }

    /// Spawns a named child task. See [`TaskGroup::spawn`].
    ///
    /// # Errors
    ///
    /// As [`TaskGroup::spawn`].
    pub fn spawn_named<F>(
        &self,
        name: impl Into<Rc<str>>,
        fut: F,
    ) -> Result<JoinHandle<T, E>, TaskGroupError<E>>
    where
        F: Future<Output = Result<T, E>> + 'static,
    {
        self.spawn_inner(Some(name.into()), fut)
    }

    fn spawn_inner<F>(
        &self,
        name: Option<Rc<str>>,
        fut: F,
    ) -> Result<JoinHandle<T, E>, TaskGroupError<E>>
    where
        F: Future<Output = Result<T, E>> + 'static,
    {
        {
            let st = self.state.borrow();
            if !st.entered {
                return Err(TaskGroupError::State("TaskGroup has not been entered"));
            }
            if st.exiting && st.tasks.is_empty() {
                return Err(TaskGroupError::State("TaskGroup is finished"));
            }
            if st.aborting {
                return Err(TaskGroupError::State("TaskGroup is shutting down"));
            }
        }
        let rt = Handle::try_current()
            .ok_or(TaskGroupError::State("TaskGroup used outside a runtime"))?;
        let handle = match name {
            Some(n) => rt.spawn_named(n, fut),
            None => rt.spawn(fut),
        };
        self.state
            .borrow_mut()
            .tasks
            .insert(handle.id(), handle.clone());
        let group = self.clone();
        let done = handle.clone();
        handle.add_done_callback(move || group.on_task_done(&done));
        Ok(handle)
    }

    fn abort(&self) {
        let tasks: Vec<JoinHandle<T, E>> = {
            let mut st = self.state.borrow_mut();
            st.aborting = true;
            st.tasks.values().cloned().collect()
        };
        for t in tasks {
            if !t.is_finished() {
                t.cancel(None);
            }
        }
    }

    fn on_task_done(&self, task: &JoinHandle<T, E>) {
        let (err, parent) = {
            let mut st = self.state.borrow_mut();
            st.tasks.remove(&task.id());
            if st.tasks.is_empty() {
                if let Some(w) = st.waker.take() {
                    w.wake();
                }
            }
            let err = match task.result() {
                Some(Err(e)) if !e.is_cancelled() => e,
                _ => return,
            };
            st.errors.push(err.clone());
            let abort = !st.aborting && !st.parent_cancel_requested;
            (abort.then_some(err), st.parent)
        };
        if err.is_some() {
            self.abort();
            self.state.borrow_mut().parent_cancel_requested = true;
            if let (Some(parent), Some(rt)) = (parent, Handle::try_current()) {
                rt.cancel(parent, None);
            }
        }
    }

    /// Leaves the group (`__aexit__`): given how the body ended, waits for
    /// every child and reports the group's outcome.
    ///
    /// # Cancel safety
    ///
    /// Cancelling the task while it waits here cancels the children; the
    /// wait goes on until all have finished.
    ///
    /// # Errors
    ///
    /// [`TaskGroupError::Failed`] with every error (children first, then
    /// the body's), or [`TaskGroupError::Cancelled`] if the group's task was
    /// cancelled from outside and nothing failed.
    pub async fn exit(&self, body: Result<(), E>) -> Result<(), TaskGroupError<E>> {
        self.state.borrow_mut().exiting = true;
        let mut propagate_cancel: Option<E> = match &body {
            Err(e) if e.is_cancelled() => Some(e.clone()),
            _ => None,
        };
        if body.is_err() && !self.state.borrow().aborting {
            self.abort();
        }
        while !self.state.borrow().tasks.is_empty() {
            if let Err(c) = (ChildrenDone {
                group: self.clone(),
                started: false,
            })
            .await
            {
                if !self.state.borrow().aborting {
                    propagate_cancel = Some(E::from(c));
                    self.abort();
                }
            }
        }
        let (parent, parent_cancel_requested) = {
            let st = self.state.borrow();
            (st.parent, st.parent_cancel_requested)
        };
        if parent_cancel_requested {
            if let (Some(parent), Some(rt)) = (parent, Handle::try_current()) {
                if rt.uncancel(parent) == 0 {
                    propagate_cancel = None;
                }
            }
        }
        let mut errors = std::mem::take(&mut self.state.borrow_mut().errors);
        if let Some(c) = propagate_cancel {
            if errors.is_empty() {
                return Err(TaskGroupError::Cancelled(c));
            }
        }
        if let Err(e) = body {
            if !e.is_cancelled() {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(TaskGroupError::Failed(errors))
        }
    }
}

/// Waits until the group has no unfinished children.
struct ChildrenDone<T: 'static, E: TaskError> {
    group: TaskGroup<T, E>,
    started: bool,
}

impl<T: 'static, E: TaskError> Future for ChildrenDone<T, E> {
    type Output = Result<(), Cancelled>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<Self::Output> {
        if self.started {
            if let Some(c) = runtime::take_cancel() {
                return Poll::Ready(Err(c));
            }
        }
        self.started = true;
        let mut st = self.group.state.borrow_mut();
        if st.tasks.is_empty() {
            return Poll::Ready(Ok(()));
        }
        st.waker = Some(cx.waker().clone());
        runtime::set_waiting(WaitOn::new(WaitKind::TaskGroup));
        Poll::Pending
    }
}

impl<T: 'static, E: TaskError> Unpin for ChildrenDone<T, E> {}

/// Runs `body` inside a new task group and exits it, as
/// `async with asyncio.TaskGroup() as tg: ...`.
///
/// ```
/// # use looplab_core::{Runtime, task_group, sleep, Error, TaskGroupError};
/// # use std::time::Duration;
/// let rt = Runtime::new_virtual();
/// let out = rt.block_on(async {
///     let r = task_group(|tg| async move {
///         tg.spawn(async { sleep(Duration::from_secs(1)).await?; Ok(()) }).ok();
///         tg.spawn(async { Err::<(), _>(Error::msg("boom")) }).ok();
///         Ok::<_, Error>(())
///     }).await;
///     Ok::<_, Error>(r)
/// }).unwrap().unwrap();
/// assert_eq!(out, Err(TaskGroupError::Failed(vec![Error::msg("boom")])));
/// ```
///
/// # Errors
///
/// As [`TaskGroup::exit`].
pub async fn task_group<T, E, F, Fut>(body: F) -> Result<(), TaskGroupError<E>>
where
    T: Clone + fmt::Debug + 'static,
    E: TaskError,
    F: FnOnce(TaskGroup<T, E>) -> Fut,
    Fut: Future<Output = Result<(), E>>,
{
    let tg = TaskGroup::new();
    tg.enter()?;
    let result = body(tg.clone()).await;
    tg.exit(result).await
}
