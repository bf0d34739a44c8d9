use super::Traced;
use crate::error::Cancelled;
use crate::trace::{ResourceKind, ResourceState, WaitKind, WaitOn};
use crate::waitlist::{Abandoned, WaitList, Waiter};
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// asyncio's `Semaphore` and `BoundedSemaphore`: a count of permits with a
/// strict FIFO of waiters.
///
/// A released permit is handed to the oldest waiter, and a task arriving
/// while others wait queues behind them even if a permit is free at that
/// moment. A waiter that is cancelled after being handed a permit gives it
/// back, so cancellation never leaks or consumes a permit.
///
/// ```
/// # use looplab_core::{Runtime, Semaphore, Error};
/// let rt = Runtime::new_virtual();
/// rt.block_on(async {
///     let sem = Semaphore::new(1);
///     let permit = sem.acquire().await?;
///     assert!(sem.locked());
///     drop(permit);
///     assert_eq!(sem.available_permits(), 1);
///     Ok::<_, Error>(())
/// }).unwrap().unwrap();
/// ```
#[derive(Clone)]
pub struct Semaphore {
    inner: Rc<Inner>,
}

struct Inner {
    state: RefCell<State>,
    traced: Traced,
}

struct State {
    value: usize,
    bound: Option<usize>,
    waiters: WaitList,
    /// Permits handed to woken waiters that have not run yet.
    handed_off: usize,
}

/// Releasing a `BoundedSemaphore` more often than it was acquired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReleaseError;

impl fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BoundedSemaphore released too many times")
    }
}

impl std::error::Error for ReleaseError {}

impl fmt::Debug for Semaphore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.inner.state.borrow();
        f.debug_struct("Semaphore")
            .field("value", &st.value)
            .field("waiters", &st.waiters.len())
            .finish()
    }
}

impl Semaphore {
    /// A semaphore with `permits` permits.
    pub fn new(permits: usize) -> Semaphore {
        Semaphore::build(permits, None, ResourceKind::Semaphore, None)
    }

    /// A named semaphore (the name shows in the trace).
    pub fn named(name: impl Into<Rc<str>>, permits: usize) -> Semaphore {
        Semaphore::build(permits, None, ResourceKind::Semaphore, Some(name.into()))
    }

    /// A `BoundedSemaphore`: releasing beyond `permits` is an error.
    pub fn bounded(permits: usize) -> Semaphore {
        Semaphore::build(permits, Some(permits), ResourceKind::BoundedSemaphore, None)
    }

    /// A named `BoundedSemaphore`.
    pub fn bounded_named(name: impl Into<Rc<str>>, permits: usize) -> Semaphore {
        Semaphore::build(
            permits,
            Some(permits),
            ResourceKind::BoundedSemaphore,
            Some(name.into()),
        )
    }

    fn build(
        permits: usize,
        bound: Option<usize>,
        kind: ResourceKind,
        name: Option<Rc<str>>,
    ) -> Semaphore {
        let sem = Semaphore {
            inner: Rc::new(Inner {
                state: RefCell::new(State {
                    value: permits,
                    bound,
                    waiters: WaitList::default(),
                    handed_off: 0,
                }),
                traced: Traced::new(kind, name, Some(permits as u64)),
            }),
        };
        sem.trace_state();
        sem
    }

    /// Free permits now.
    pub fn available_permits(&self) -> usize {
        self.inner.state.borrow().value
    }

    /// Tasks waiting for a permit.
    pub fn waiters(&self) -> usize {
        self.inner.state.borrow().waiters.len()
    }

    /// asyncio's `locked()`: whether `acquire` would wait.
    pub fn locked(&self) -> bool {
        let st = self.inner.state.borrow();
        st.value == 0 || !st.waiters.is_empty() || st.handed_off > 0
    }

    /// Waits for a permit, FIFO.
    ///
    /// # Cancel safety
    ///
    /// A cancelled waiter leaves the queue; if it had already been handed a
    /// permit, the permit goes to the next waiter.
    ///
    /// # Errors
    ///
    /// [`Cancelled`] if the task is cancelled while waiting.
    pub fn acquire(&self) -> Acquire {
        Acquire {
            sem: self.clone(),
            waiter: Waiter::default(),
            started: false,
        }
    }

    /// Takes a permit if one is free and nobody waits.
    pub fn try_acquire(&self) -> Option<SemaphorePermit> {
        if self.locked() {
            return None;
        }
        self.inner.state.borrow_mut().value -= 1;
        self.inner.traced.acquired();
        self.trace_state();
        Some(SemaphorePermit {
            sem: Some(self.clone()),
        })
    }

    /// Adds a permit, waking the oldest waiter, as asyncio's `release()`.
    ///
    /// # Errors
    ///
    /// [`ReleaseError`] for a bounded semaphore already at its bound.
    pub fn release(&self) -> Result<(), ReleaseError> {
        {
            let mut st = self.inner.state.borrow_mut();
            if let Some(bound) = st.bound {
                if st.value >= bound {
                    return Err(ReleaseError);
                }
            }
            st.value += 1;
            wake_up_next(&mut st);
        }
        self.inner.traced.released();
        self.trace_state();
        Ok(())
    }

    fn trace_state(&self) {
        self.inner.traced.state(|| {
            let st = self.inner.state.borrow();
            ResourceState {
                permits: Some(st.value as u64),
                waiters: st.waiters.len() as u64,
                ..Default::default()
            }
        });
    }

    fn wait_on(&self) -> WaitOn {
        WaitOn::resource(WaitKind::Semaphore, self.inner.traced.id())
    }

    /// A waiter left without taking a permit. A permit it had been handed
    /// goes back; then, as in asyncio's `finally` clause, free permits are
    /// handed to the waiters still queued.
    fn after_abandon(&self, abandoned: Abandoned) {
        let mut st = self.inner.state.borrow_mut();
        if abandoned == Abandoned::Notified {
            st.handed_off -= 1;
            st.value += 1;
        }
        while st.value > 0 && wake_up_next(&mut st) {}
    }
}

fn wake_up_next(st: &mut State) -> bool {
    if st.waiters.notify_one() {
        st.value -= 1;
        st.handed_off += 1;
        true
    } else {
        false
    }
}

/// The future of [`Semaphore::acquire`].
#[must_use = "futures do nothing unless awaited"]
pub struct Acquire {
    sem: Semaphore,
    waiter: Waiter,
    started: bool,
}

impl fmt::Debug for Acquire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Acquire")
            .field("queued", &self.waiter.is_queued())
            .finish()
    }
}

impl Future for Acquire {
    type Output = Result<SemaphorePermit, Cancelled>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let on = this.sem.wait_on();
        if !this.started {
            this.started = true;
            if let Some(p) = this.sem.try_acquire() {
                return Poll::Ready(Ok(p));
            }
            this.waiter
                .enqueue(&mut this.sem.inner.state.borrow_mut().waiters, cx, on);
            this.sem.trace_state();
            return Poll::Pending;
        }
        let polled = this
            .waiter
            .poll(&mut this.sem.inner.state.borrow_mut().waiters, cx, on);
        match polled {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(())) => {
                {
                    let mut st = this.sem.inner.state.borrow_mut();
                    st.handed_off -= 1;
                    // New waiters may have queued behind us while a permit
                    // was free (FIFO): wake as many as the count allows.
                    while st.value > 0 && wake_up_next(&mut st) {}
                }
                this.sem.inner.traced.acquired();
                this.sem.trace_state();
                Poll::Ready(Ok(SemaphorePermit {
                    sem: Some(this.sem.clone()),
                }))
            }
            Poll::Ready(Err((c, abandoned))) => {
                this.sem.after_abandon(abandoned);
                this.sem.trace_state();
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
                .abandon(&mut self.sem.inner.state.borrow_mut().waiters);
            self.sem.after_abandon(abandoned);
            self.sem.trace_state();
        }
    }
}

/// A held permit; dropping it releases the permit.
#[must_use = "dropping a permit releases it at once"]
pub struct SemaphorePermit {
    sem: Option<Semaphore>,
}

impl fmt::Debug for SemaphorePermit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SemaphorePermit").finish_non_exhaustive()
    }
}

impl SemaphorePermit {
    /// Keeps the permit taken without releasing it on drop (for code that
    /// calls `release` itself, as Python's `acquire()`/`release()` pairs do).
    pub fn forget(mut self) {
        self.sem = None;
    }
}

impl Drop for SemaphorePermit {
    fn drop(&mut self) {
        if let Some(sem) = self.sem.take() {
            // A permit's own release can never exceed the bound.
            let _ = sem.release();
        }
    }
}
