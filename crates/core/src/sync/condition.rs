use super::lock::Lock;
use super::Traced;
use crate::error::Cancelled;
use crate::trace::{ResourceKind, ResourceState, WaitKind, WaitOn};
use crate::waitlist::{WaitList, Waiter};
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// asyncio's `Condition`: tasks wait (releasing a lock) until notified.
///
/// Use it as asyncio does: take the lock with [`Condition::acquire`], then
/// [`wait`](Condition::wait) releases it, waits for a notification and takes
/// it again before returning — even when cancelled, in which case the
/// cancellation is returned once the lock is held again.
#[derive(Clone)]
pub struct Condition {
    inner: Rc<Inner>,
}

struct Inner {
    lock: Lock,
    waiters: RefCell<WaitList>,
    traced: Traced,
}

/// Errors of [`Condition::wait`] and [`Condition::notify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConditionError {
    /// The lock was not held (asyncio: `cannot wait on un-acquired lock`).
    NotAcquired,
    /// The task was cancelled while waiting; the lock is held again.
    Cancelled(Cancelled),
}

impl ConditionError {
    /// Whether this is a cancellation.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, ConditionError::Cancelled(_))
    }
}

impl fmt::Display for ConditionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConditionError::NotAcquired => f.write_str("lock is not acquired"),
            ConditionError::Cancelled(c) => c.fmt(f),
        }
    }
}

impl std::error::Error for ConditionError {}

impl From<Cancelled> for ConditionError {
    fn from(c: Cancelled) -> Self {
        ConditionError::Cancelled(c)
    }
}

impl fmt::Debug for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Condition")
            .field("waiters", &self.waiters())
            .finish()
    }
}

impl Default for Condition {
    fn default() -> Condition {
        Condition::new()
    }
}

impl Condition {
    /// A condition with a lock of its own.
    pub fn new() -> Condition {
        Condition::with_lock(Lock::new())
    }

    /// A condition over an existing lock.
    pub fn with_lock(lock: Lock) -> Condition {
        Condition::build(lock, None)
    }

    /// A named condition with its own lock.
    pub fn named(name: impl Into<Rc<str>>) -> Condition {
        Condition::build(Lock::new(), Some(name.into()))
    }

    fn build(lock: Lock, name: Option<Rc<str>>) -> Condition {
        Condition {
            inner: Rc::new(Inner {
                lock,
                waiters: RefCell::new(WaitList::default()),
                traced: Traced::new(ResourceKind::Condition, name, None),
            }),
        }
    }

    /// The underlying lock.
    pub fn lock(&self) -> &Lock {
        &self.inner.lock
    }

    /// Takes the underlying lock. See [`Lock::acquire`].
    pub fn acquire(&self) -> super::lock::Acquire {
        self.inner.lock.acquire()
    }

    /// Releases the underlying lock.
    ///
    /// # Errors
    ///
    /// [`NotLocked`](super::NotLocked) if it is not held.
    pub fn release(&self) -> Result<(), super::NotLocked> {
        self.inner.lock.release()
    }

    /// Whether the underlying lock is held.
    pub fn locked(&self) -> bool {
        self.inner.lock.locked()
    }

    /// Tasks waiting to be notified.
    pub fn waiters(&self) -> usize {
        self.inner.waiters.borrow().len()
    }

    /// Releases the lock, waits to be notified, and takes the lock again.
    ///
    /// # Cancel safety
    ///
    /// On cancellation the lock is still taken again before the
    /// cancellation is returned, as in asyncio.
    ///
    /// # Errors
    ///
    /// [`ConditionError::NotAcquired`] if the lock is not held;
    /// [`ConditionError::Cancelled`] if cancelled while waiting.
    pub async fn wait(&self) -> Result<(), ConditionError> {
        if !self.locked() {
            return Err(ConditionError::NotAcquired);
        }
        let _ = self.inner.lock.release();
        let waited = NotifyWait {
            cond: self.clone(),
            waiter: Waiter::default(),
            started: false,
        }
        .await;
        let mut cancelled = waited.err();
        loop {
            match self.inner.lock.acquire().await {
                Ok(guard) => {
                    guard.forget();
                    break;
                }
                Err(c) => cancelled = Some(c),
            }
        }
        match cancelled {
            Some(c) => {
                // This task may have been notified before the cancellation
                // won: notify another waiter instead (a spurious wake-up at
                // worst), as Python 3.13 does (gh-112202) — a cancelled
                // waiter never swallows a notification.
                self.notify_unchecked(1);
                Err(ConditionError::Cancelled(c))
            }
            None => Ok(()),
        }
    }

    /// Waits until `predicate` returns true, re-checking after each
    /// notification, as `Condition.wait_for`.
    ///
    /// # Errors
    ///
    /// As [`Condition::wait`].
    pub async fn wait_for(
        &self,
        mut predicate: impl FnMut() -> bool,
    ) -> Result<(), ConditionError> {
        while !predicate() {
            self.wait().await?;
        }
        Ok(())
    }

    /// Wakes up to `n` waiters.
    ///
    /// # Errors
    ///
    /// [`ConditionError::NotAcquired`] if the lock is not held.
    pub fn notify(&self, n: usize) -> Result<(), ConditionError> {
        if !self.locked() {
            return Err(ConditionError::NotAcquired);
        }
        self.notify_unchecked(n);
        Ok(())
    }

    fn notify_unchecked(&self, n: usize) {
        {
            let mut w = self.inner.waiters.borrow_mut();
            for _ in 0..n {
                if !w.notify_one() {
                    break;
                }
            }
        }
        self.trace_state();
    }

    /// Wakes every waiter.
    ///
    /// # Errors
    ///
    /// [`ConditionError::NotAcquired`] if the lock is not held.
    pub fn notify_all(&self) -> Result<(), ConditionError> {
        self.notify(usize::MAX)
    }

    fn trace_state(&self) {
        self.inner.traced.state(|| ResourceState {
            waiters: self.inner.waiters.borrow().len() as u64,
            holder: self.inner.lock.holder(),
            ..Default::default()
        });
    }
}

struct NotifyWait {
    cond: Condition,
    waiter: Waiter,
    started: bool,
}

impl Future for NotifyWait {
    type Output = Result<(), Cancelled>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let on = WaitOn::resource(WaitKind::Condition, this.cond.inner.traced.id());
        if !this.started {
            this.started = true;
            this.waiter
                .enqueue(&mut this.cond.inner.waiters.borrow_mut(), cx, on);
            this.cond.trace_state();
            return Poll::Pending;
        }
        let polled = this
            .waiter
            .poll(&mut this.cond.inner.waiters.borrow_mut(), cx, on);
        match polled {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(())) => Poll::Ready(Ok(())),
            Poll::Ready(Err((c, _))) => Poll::Ready(Err(c)),
        }
    }
}

impl Drop for NotifyWait {
    fn drop(&mut self) {
        if self.waiter.is_queued() {
            self.waiter
                .abandon(&mut self.cond.inner.waiters.borrow_mut());
        }
    }
}
