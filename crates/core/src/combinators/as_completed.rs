use crate::error::{Cancelled, Elapsed, TaskError};
use crate::runtime::{self, try_current, TimerAction};
use crate::task::JoinHandle;
use crate::time::Instant;
use crate::trace::{WaitKind, WaitOn};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::Duration;

/// Why [`AsCompleted::next`] or [`wait`] stopped early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AsCompletedError {
    /// The overall timeout passed (asyncio's `TimeoutError`). The tasks not
    /// yet finished are not cancelled.
    Elapsed(Elapsed),
    /// The waiting task was cancelled.
    Cancelled(Cancelled),
}

impl fmt::Display for AsCompletedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AsCompletedError::Elapsed(e) => e.fmt(f),
            AsCompletedError::Cancelled(c) => c.fmt(f),
        }
    }
}

impl std::error::Error for AsCompletedError {}

struct Shared {
    finished: VecDeque<usize>,
    waker: Option<Waker>,
    timed_out: bool,
    timer: Option<(Instant, u64)>,
}

/// Tasks' outcomes in the order they finish, as `asyncio.as_completed`.
///
/// ```
/// # use looplab_core::{Runtime, as_completed, sleep, spawn, Error};
/// # use std::time::Duration;
/// let rt = Runtime::new_virtual();
/// let order = rt.block_on(async {
///     let tasks = [3u64, 1, 2].map(|s| spawn(async move { sleep(Duration::from_secs(s)).await?; Ok::<_, Error>(s) }));
///     let mut done = as_completed(tasks.to_vec(), None);
///     let mut order = vec![];
///     while let Some(r) = done.next().await.map_err(|e| Error::msg(e.to_string()))? {
///         order.push(r?);
///     }
///     Ok::<_, Error>(order)
/// }).unwrap().unwrap();
/// assert_eq!(order, vec![1, 2, 3]);
/// ```
pub struct AsCompleted<T: 'static, E: TaskError> {
    tasks: Vec<JoinHandle<T, E>>,
    shared: Rc<RefCell<Shared>>,
    yielded: usize,
}

impl<T, E: TaskError> fmt::Debug for AsCompleted<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsCompleted")
            .field("tasks", &self.tasks.len())
            .field("yielded", &self.yielded)
            .finish()
    }
}

/// Yields each task's outcome as it finishes; with a timeout, fails with
/// [`AsCompletedError::Elapsed`] once it passes.
pub fn as_completed<T: Clone + 'static, E: TaskError>(
    tasks: Vec<JoinHandle<T, E>>,
    timeout: Option<Duration>,
) -> AsCompleted<T, E> {
    let shared = Rc::new(RefCell::new(Shared {
        finished: VecDeque::new(),
        waker: None,
        timed_out: false,
        timer: None,
    }));
    for (i, t) in tasks.iter().enumerate() {
        let shared = shared.clone();
        t.add_done_callback(move || {
            let mut s = shared.borrow_mut();
            s.finished.push_back(i);
            if let Some(w) = s.waker.take() {
                w.wake();
            }
        });
    }
    if let (Some(d), Some(rt)) = (timeout, try_current()) {
        let at = rt.now() + d;
        let s = shared.clone();
        let seq = rt.add_timer_action(
            at,
            TimerAction::Call(Box::new(move || {
                let mut s = s.borrow_mut();
                s.timed_out = true;
                s.timer = None;
                if let Some(w) = s.waker.take() {
                    w.wake();
                }
            })),
        );
        shared.borrow_mut().timer = Some((at, seq));
    }
    AsCompleted {
        tasks,
        shared,
        yielded: 0,
    }
}

impl<T: Clone + 'static, E: TaskError> AsCompleted<T, E> {
    /// Tasks not yet yielded.
    pub fn remaining(&self) -> usize {
        self.tasks.len() - self.yielded
    }

    /// The next task to finish: `Ok(Some(outcome))`, or `Ok(None)` once
    /// every task has been yielded.
    ///
    /// # Errors
    ///
    /// [`AsCompletedError::Elapsed`] after the timeout;
    /// [`AsCompletedError::Cancelled`] if the waiting task is cancelled.
    pub async fn next(&mut self) -> Result<Option<Result<T, E>>, AsCompletedError> {
        if self.yielded == self.tasks.len() {
            return Ok(None);
        }
        let mut suspended = false;
        let idx = poll_fn(|cx| {
            if suspended {
                if let Some(c) = runtime::take_cancel() {
                    return Poll::Ready(Err(AsCompletedError::Cancelled(c)));
                }
            }
            let mut s = self.shared.borrow_mut();
            if let Some(i) = s.finished.pop_front() {
                return Poll::Ready(Ok(i));
            }
            if s.timed_out {
                return Poll::Ready(Err(AsCompletedError::Elapsed(Elapsed)));
            }
            suspended = true;
            s.waker = Some(cx.waker().clone());
            runtime::set_waiting(WaitOn::new(WaitKind::Gather));
            Poll::Pending
        })
        .await?;
        self.yielded += 1;
        Ok(self.tasks[idx].result())
    }
}

impl<T: 'static, E: TaskError> Drop for AsCompleted<T, E> {
    fn drop(&mut self) {
        if let (Some((at, seq)), Some(rt)) = (self.shared.borrow_mut().timer.take(), try_current())
        {
            rt.remove_timer(at, seq);
        }
    }
}

/// When [`wait`] returns, as asyncio's `return_when`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnWhen {
    /// When any task finishes.
    FirstCompleted,
    /// When any task fails (not counting cancellation), or all finish.
    FirstException,
    /// When all tasks finish.
    AllCompleted,
}

/// Waits for tasks as `asyncio.wait`: returns `(done, pending)` when the
/// condition holds or the timeout passes. Nothing is cancelled on timeout.
///
/// # Errors
///
/// [`Cancelled`] if the waiting task is cancelled.
pub async fn wait<T: Clone + 'static, E: TaskError>(
    tasks: Vec<JoinHandle<T, E>>,
    return_when: ReturnWhen,
    timeout: Option<Duration>,
) -> Result<(Vec<JoinHandle<T, E>>, Vec<JoinHandle<T, E>>), Cancelled> {
    let deadline = match (timeout, try_current()) {
        (Some(d), Some(rt)) => Some(rt.now() + d),
        _ => None,
    };
    let mut timer = deadline.map(crate::timer::sleep_until);
    let mut suspended = false;
    // Like asyncio.wait, resume through done callbacks (one loop hop after
    // a task finishes), not by waking on completion directly.
    let waker: Rc<RefCell<Option<Waker>>> = Rc::new(RefCell::new(None));
    for t in &tasks {
        let w = waker.clone();
        t.add_done_callback(move || {
            if let Some(w) = w.borrow_mut().take() {
                w.wake();
            }
        });
    }
    poll_fn(|cx| {
        if suspended {
            if let Some(c) = runtime::take_cancel() {
                return Poll::Ready(Err(c));
            }
        }
        let done = tasks.iter().filter(|t| t.is_finished()).count();
        let ready = match return_when {
            _ if tasks.is_empty() => true,
            ReturnWhen::AllCompleted => done == tasks.len(),
            ReturnWhen::FirstCompleted => done > 0,
            ReturnWhen::FirstException => {
                done == tasks.len()
                    || tasks
                        .iter()
                        .any(|t| matches!(t.result(), Some(Err(e)) if !e.is_cancelled()))
            }
        };
        if ready {
            return Poll::Ready(Ok(()));
        }
        if let Some(t) = timer.as_mut() {
            if std::pin::Pin::new(t).poll(cx).is_ready() {
                return Poll::Ready(Ok(()));
            }
        }
        suspended = true;
        *waker.borrow_mut() = Some(cx.waker().clone());
        runtime::set_waiting(WaitOn {
            kind: WaitKind::Gather,
            resource: None,
            task: None,
            until: deadline,
        });
        Poll::Pending
    })
    .await?;
    let (done, pending) = tasks.into_iter().partition(|t| t.is_finished());
    Ok((done, pending))
}

use std::future::Future as _;
