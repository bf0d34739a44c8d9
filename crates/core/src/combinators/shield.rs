use crate::error::TaskError;
use crate::runtime;
use crate::task::JoinHandle;
use crate::trace::{WaitKind, WaitOn};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Awaits a task without letting a cancellation of the awaiting task reach
/// it, as `asyncio.shield`.
///
/// If the awaiting task is cancelled, the shield fails with the
/// cancellation at once while the shielded task keeps running.
pub fn shield<T: Clone + 'static, E: TaskError>(task: JoinHandle<T, E>) -> Shield<T, E> {
    Shield {
        task,
        suspended: false,
    }
}

/// The future of [`shield`].
#[must_use = "futures do nothing unless awaited"]
pub struct Shield<T: 'static, E: TaskError> {
    task: JoinHandle<T, E>,
    suspended: bool,
}

impl<T, E: TaskError> fmt::Debug for Shield<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shield").field("task", &self.task).finish()
    }
}

impl<T, E: TaskError> Unpin for Shield<T, E> {}

impl<T: Clone + 'static, E: TaskError> Future for Shield<T, E> {
    type Output = Result<T, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.suspended {
            if let Some(c) = runtime::take_cancel() {
                return Poll::Ready(Err(E::from(c)));
            }
        }
        if let Some(r) = self.task.result() {
            return Poll::Ready(r);
        }
        self.suspended = true;
        self.task.register(cx.waker());
        runtime::set_waiting(WaitOn {
            kind: WaitKind::Task,
            resource: None,
            task: Some(self.task.id()),
            until: None,
        });
        Poll::Pending
    }
}
