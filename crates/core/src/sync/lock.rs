use super::Traced;
use crate::error::Cancelled;
use crate::runtime::current_task;
use crate::trace::{ResourceKind, ResourceState, TaskId, WaitKind, WaitOn};
use crate::waitlist::{Abandoned, WaitList, Waiter};
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// asyncio's `Lock`: a mutual-exclusion lock with a FIFO of waiters.
///
/// Releasing wakes the oldest waiter, which takes the lock when it runs;
/// nobody can barge in between. As in asyncio the lock is not owned: any
/// task may release it.
#[derive(Clone)]
pub struct Lock {
    inner: Rc<Inner>,
}

struct Inner {
    state: RefCell<State>,
    traced: Traced,
}

struct State {
    locked: bool,
    holder: Option<TaskId>,
    waiters: WaitList,
    /// A woken waiter that has not run yet.
    woken: bool,
}

/// Releasing a lock that is not held (asyncio's `RuntimeError: Lock is not
/// acquired.`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotLocked;

impl fmt::Display for NotLocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("lock is not acquired")
    }
}

impl std::error::Error for NotLocked {}

impl fmt::Debug for Lock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.inner.state.borrow();
        f.debug_struct("Lock")
            .field("locked", &st.locked)
            .field("waiters", &st.waiters.len())
            .finish()
    }
}

impl Default for Lock {
    fn default() -> Lock {
        Lock::new()
    }
}

impl Lock {
    /// An unlocked lock.
    pub fn new() -> Lock {
        Lock::build(None)
    }

    /// A named lock (the name shows in the trace).
    pub fn named(name: impl Into<Rc<str>>) -> Lock {
        Lock::build(Some(name.into()))
    }

    fn build(name: Option<Rc<str>>) -> Lock {
        Lock {
            inner: Rc::new(Inner {
                state: RefCell::new(State {
                    locked: false,
                    holder: None,
                    waiters: WaitList::default(),
                    woken: false,
                }),
                traced: Traced::new(ResourceKind::Lock, name, Some(1)),
            }),
        }
    }

    /// Whether the lock is held.
    pub fn locked(&self) -> bool {
        self.inner.state.borrow().locked
    }

    /// The task that took the lock last, while it is held.
    pub fn holder(&self) -> Option<TaskId> {
        self.inner.state.borrow().holder
    }

    /// Tasks waiting for the lock.
    pub fn waiters(&self) -> usize {
        self.inner.state.borrow().waiters.len()
    }

    /// Waits for the lock; the guard releases it when dropped.
    ///
    /// # Cancel safety
    ///
    /// A cancelled waiter leaves the queue; if it had been woken, the next
    /// waiter is woken instead.
    ///
    /// # Errors
    ///
    /// [`Cancelled`] if the task is cancelled while waiting.
    pub fn acquire(&self) -> Acquire {
        Acquire {
            lock: self.clone(),
            waiter: Waiter::default(),
            started: false,
        }
    }

    /// Takes the lock if it is free and nobody waits.
    pub fn try_acquire(&self) -> Option<LockGuard> {
        {
            let mut st = self.inner.state.borrow_mut();
            if st.locked || !st.waiters.is_empty() || st.woken {
                return None;
            }
            st.locked = true;
            st.holder = current_task();
        }
        self.inner.traced.acquired();
        self.trace_state();
        Some(LockGuard {
            lock: Some(self.clone()),
        })
    }

    /// Releases the lock, waking the oldest waiter.
    ///
    /// # Errors
    ///
    /// [`NotLocked`] if the lock is not held.
    pub fn release(&self) -> Result<(), NotLocked> {
        {
            let mut st = self.inner.state.borrow_mut();
            if !st.locked {
                return Err(NotLocked);
            }
            st.locked = false;
            st.holder = None;
            wake_up_first(&mut st);
        }
        self.inner.traced.released();
        self.trace_state();
        Ok(())
    }

    fn trace_state(&self) {
        self.inner.traced.state(|| {
            let st = self.inner.state.borrow();
            ResourceState {
                waiters: st.waiters.len() as u64,
                holder: st.holder,
                flag: Some(st.locked),
                ..Default::default()
            }
        });
    }

    /// A waiter left without taking the lock. If it had been woken, the
    /// wake-up is free again; either way, if the lock is free, the first
    /// waiter is woken (asyncio's `_wake_up_first` in `acquire`'s handler).
    fn after_abandon(&self, abandoned: Abandoned) {
        let mut st = self.inner.state.borrow_mut();
        if abandoned == Abandoned::Notified {
            st.woken = false;
        }
        if !st.locked {
            wake_up_first(&mut st);
        }
    }
}

fn wake_up_first(st: &mut State) {
    if !st.woken && st.waiters.notify_one() {
        st.woken = true;
    }
}

/// The future of [`Lock::acquire`].
#[must_use = "futures do nothing unless awaited"]
pub struct Acquire {
    lock: Lock,
    waiter: Waiter,
    started: bool,
}

impl fmt::Debug for Acquire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("lock::Acquire")
            .field("queued", &self.waiter.is_queued())
            .finish()
    }
}

impl Future for Acquire {
    type Output = Result<LockGuard, Cancelled>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let on = WaitOn::resource(WaitKind::Lock, this.lock.inner.traced.id());
        if !this.started {
            this.started = true;
            if let Some(g) = this.lock.try_acquire() {
                return Poll::Ready(Ok(g));
            }
            this.waiter
                .enqueue(&mut this.lock.inner.state.borrow_mut().waiters, cx, on);
            this.lock.trace_state();
            return Poll::Pending;
        }
        let polled = this
            .waiter
            .poll(&mut this.lock.inner.state.borrow_mut().waiters, cx, on);
        match polled {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(())) => {
                {
                    let mut st = this.lock.inner.state.borrow_mut();
                    st.woken = false;
                    st.locked = true;
                    st.holder = current_task();
                }
                this.lock.inner.traced.acquired();
                this.lock.trace_state();
                Poll::Ready(Ok(LockGuard {
                    lock: Some(this.lock.clone()),
                }))
            }
            Poll::Ready(Err((c, abandoned))) => {
                this.lock.after_abandon(abandoned);
                this.lock.trace_state();
                Poll::Ready(Err(c))
            }
        }
    }
}

impl Drop for Acquire {
    fn drop(&mut self) {
        if self.waiter.is_queued() {
            let abandoned = self
                .waiter
                .abandon(&mut self.lock.inner.state.borrow_mut().waiters);
            self.lock.after_abandon(abandoned);
            self.lock.trace_state();
        }
    }
}

/// A held lock; dropping it releases the lock.
#[must_use = "dropping a guard releases the lock at once"]
pub struct LockGuard {
    lock: Option<Lock>,
}

impl fmt::Debug for LockGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LockGuard").finish_non_exhaustive()
    }
}

impl LockGuard {
    /// Keeps the lock held without releasing it on drop (for code that
    /// calls [`Lock::release`] itself).
    pub fn forget(mut self) {
        self.lock = None;
    }
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        if let Some(lock) = self.lock.take() {
            // Someone may have released it by hand already; that is fine.
            let _ = lock.release();
        }
    }
}
