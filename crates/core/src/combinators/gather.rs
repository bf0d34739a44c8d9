use crate::error::{Cancelled, TaskError};
use crate::runtime::{self, Handle};
use crate::task::JoinHandle;
use crate::trace::{WaitKind, WaitOn};
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Waits for every task, as `asyncio.gather(*tasks)`.
///
/// Resolves to the values in argument order. The first task to *fail*
/// (in completion order) makes the gather fail with its error at once; the
/// other tasks keep running. If a task is cancelled, the gather fails with
/// the cancellation. Cancelling the task that awaits the gather cancels
/// every unfinished child, and the gather then fails cancelled.
///
/// # Errors
///
/// The first child error, or a cancellation.
pub fn gather<T: Clone + 'static, E: TaskError>(
    tasks: Vec<JoinHandle<T, E>>,
) -> Gather<T, E, Vec<T>> {
    Gather::new(tasks, false)
}

/// Waits for every task and returns every outcome, as
/// `asyncio.gather(*tasks, return_exceptions=True)`.
///
/// # Errors
///
/// Only a cancellation of the gather itself: if the awaiting task is
/// cancelled, the children are cancelled and, once all have finished, the
/// gather fails cancelled — regardless of `return_exceptions`, as in asyncio.
pub fn gather_settled<T: Clone + 'static, E: TaskError>(
    tasks: Vec<JoinHandle<T, E>>,
) -> Gather<T, E, Vec<Result<T, E>>> {
    Gather::new(tasks, true)
}

struct Shared {
    /// Indices of children in the order they finished.
    finished: Vec<usize>,
    waker: Option<Waker>,
    /// Set when a cancel of the awaiting task reached a child, with its
    /// message.
    cancel_requested: Option<Cancelled>,
}

/// The future of [`gather`] and [`gather_settled`].
#[must_use = "futures do nothing unless awaited"]
pub struct Gather<T: 'static, E: TaskError, O> {
    children: Rc<Vec<JoinHandle<T, E>>>,
    settled: bool,
    shared: Rc<RefCell<Shared>>,
    seen: usize,
    started: bool,
    _out: std::marker::PhantomData<O>,
}

impl<T, E: TaskError, O> fmt::Debug for Gather<T, E, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gather")
            .field("children", &self.children.len())
            .finish_non_exhaustive()
    }
}

impl<T, E: TaskError, O> Unpin for Gather<T, E, O> {}

impl<T: Clone + 'static, E: TaskError, O> Gather<T, E, O> {
    fn new(children: Vec<JoinHandle<T, E>>, settled: bool) -> Self {
        Gather {
            children: Rc::new(children),
            settled,
            shared: Rc::new(RefCell::new(Shared {
                finished: Vec::new(),
                waker: None,
                cancel_requested: None,
            })),
            seen: 0,
            started: false,
            _out: std::marker::PhantomData,
        }
    }

    fn start(&mut self) {
        for (i, child) in self.children.iter().enumerate() {
            let shared = self.shared.clone();
            let handle = child.clone();
            child.add_done_callback(move || {
                // Looking at the outcome marks a child's error as retrieved.
                let _ = handle.result();
                let mut s = shared.borrow_mut();
                s.finished.push(i);
                if let Some(w) = s.waker.take() {
                    w.wake();
                }
            });
        }
    }

    fn cancel_hook(&self) -> Rc<dyn Fn(&Cancelled) -> bool> {
        let children = self.children.clone();
        let shared = self.shared.clone();
        Rc::new(move |c: &Cancelled| {
            let mut any = false;
            for child in children.iter() {
                if child.cancel(c.message()) {
                    any = true;
                }
            }
            if any {
                shared.borrow_mut().cancel_requested = Some(c.clone());
            }
            any
        })
    }

    /// Drives the gather; returns the ordered outcomes when all are done.
    fn poll_outcomes(&mut self, cx: &mut Context<'_>) -> Poll<Result<Vec<Result<T, E>>, E>> {
        if !self.started {
            self.started = true;
            if self.children.is_empty() {
                return Poll::Ready(Ok(Vec::new()));
            }
            self.start();
            if let Some(c) = runtime::take_cancel() {
                if !(self.cancel_hook())(&c) {
                    runtime::restore_cancel(c);
                }
            }
        } else if let Some(c) = runtime::take_cancel() {
            return Poll::Ready(Err(E::from(c)));
        }
        let finished: Vec<usize> = self.shared.borrow().finished[self.seen..].to_vec();
        for i in finished {
            self.seen += 1;
            if !self.settled {
                if let Some(Err(e)) = self.children[i].result() {
                    return Poll::Ready(Err(e));
                }
            }
        }
        if self.seen == self.children.len() {
            if let Some(c) = self.shared.borrow().cancel_requested.clone() {
                return Poll::Ready(Err(E::from(c)));
            }
            let outcomes = self
                .children
                .iter()
                .map(|c| {
                    c.result()
                        .unwrap_or_else(|| Err(E::from(Cancelled::default())))
                })
                .collect();
            return Poll::Ready(Ok(outcomes));
        }
        self.shared.borrow_mut().waker = Some(cx.waker().clone());
        runtime::set_waiting(WaitOn::new(WaitKind::Gather));
        runtime::set_cancel_hook(runtime::CancelHook::Custom(self.cancel_hook()));
        Poll::Pending
    }
}

impl<T: Clone + 'static, E: TaskError> Future for Gather<T, E, Vec<T>> {
    type Output = Result<Vec<T>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.poll_outcomes(cx)
            .map(|r| r.and_then(|v| v.into_iter().collect()))
    }
}

impl<T: Clone + 'static, E: TaskError> Future for Gather<T, E, Vec<Result<T, E>>> {
    type Output = Result<Vec<Result<T, E>>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.poll_outcomes(cx)
    }
}

/// Spawns each future as a task on the current runtime and returns the
/// handles, ready for [`gather`].
pub fn spawn_all<F, T, E>(futures: impl IntoIterator<Item = F>) -> Vec<JoinHandle<T, E>>
where
    F: Future<Output = Result<T, E>> + 'static,
    T: Clone + fmt::Debug + 'static,
    E: TaskError,
{
    let handle = Handle::current();
    futures.into_iter().map(|f| handle.spawn(f)).collect()
}
