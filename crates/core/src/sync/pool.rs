use super::Traced;
use crate::error::Cancelled;
use crate::trace::{ResourceKind, ResourceState, WaitKind, WaitOn};
use crate::waitlist::{ListOwner, Turn, WaitList};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::rc::Rc;

type Factory<R, E> = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Result<R, E>>>>>;

/// A pool of reusable resources (connections, workers) made by an async
/// factory: at most `max` exist at once, checkouts wait in FIFO order, and a
/// checked-out resource goes back to the pool when its guard is dropped.
///
/// ```
/// # use looplab_core::{Runtime, Pool, sleep, Error};
/// # use std::time::Duration;
/// let rt = Runtime::new_virtual();
/// rt.block_on(async {
///     let made = std::rc::Rc::new(std::cell::Cell::new(0));
///     let counter = made.clone();
///     let pool = Pool::new(0, 2, move || {
///         let counter = counter.clone();
///         async move {
///             sleep(Duration::from_millis(100)).await?;
///             counter.set(counter.get() + 1);
///             Ok::<_, Error>(counter.get())
///         }
///     });
///     let a = pool.checkout().await.map_err(|e| Error::msg(e.to_string()))?;
///     drop(a);
///     let b = pool.checkout().await.map_err(|e| Error::msg(e.to_string()))?;
///     assert_eq!(*b, 1); // reused, not made again
///     Ok::<_, Error>(())
/// }).unwrap().unwrap();
/// ```
pub struct Pool<R: 'static, E: 'static = crate::Error> {
    inner: Rc<Inner<R, E>>,
}

impl<R, E> Clone for Pool<R, E> {
    fn clone(&self) -> Self {
        Pool {
            inner: self.inner.clone(),
        }
    }
}

struct Inner<R, E> {
    state: RefCell<State<R>>,
    factory: Factory<R, E>,
    traced: Traced,
}

struct State<R> {
    idle: VecDeque<R>,
    /// Resources that exist or are being made.
    size: usize,
    min: usize,
    max: usize,
    waiters: WaitList,
    /// Waiters woken (for a returned resource or room to make one) that
    /// have not run yet: newcomers queue behind them, keeping FIFO order.
    handed_off: usize,
    closed: bool,
}

impl<R> State<R> {
    fn notify_next(&mut self) {
        if self.waiters.notify_one() {
            self.handed_off += 1;
        }
    }
}

/// Errors of [`Pool::checkout`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolError<E> {
    /// The pool was closed.
    Closed,
    /// The task was cancelled while waiting.
    Cancelled(Cancelled),
    /// The factory failed to make a resource.
    Factory(E),
}

impl<E: fmt::Display> fmt::Display for PoolError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PoolError::Closed => f.write_str("pool is closed"),
            PoolError::Cancelled(c) => c.fmt(f),
            PoolError::Factory(e) => write!(f, "could not make a pooled resource: {e}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for PoolError<E> {}

impl<E> From<Cancelled> for PoolError<E> {
    fn from(c: Cancelled) -> Self {
        PoolError::Cancelled(c)
    }
}

impl<R, E> fmt::Debug for Pool<R, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.inner.state.borrow();
        f.debug_struct("Pool")
            .field("idle", &st.idle.len())
            .field("size", &st.size)
            .field("max", &st.max)
            .finish()
    }
}

impl<R: 'static, E: 'static> Pool<R, E> {
    /// A pool that keeps at least `min` resources once [`fill`](Pool::fill)ed
    /// and makes at most `max` (at least one) with `factory`.
    pub fn new<F, Fut>(min: usize, max: usize, factory: F) -> Pool<R, E>
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<R, E>> + 'static,
    {
        Pool::build(min, max, factory, None)
    }

    /// A named pool (the name shows in the trace).
    pub fn named<F, Fut>(name: impl Into<Rc<str>>, min: usize, max: usize, factory: F) -> Pool<R, E>
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<R, E>> + 'static,
    {
        Pool::build(min, max, factory, Some(name.into()))
    }

    fn build<F, Fut>(min: usize, max: usize, factory: F, name: Option<Rc<str>>) -> Pool<R, E>
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<R, E>> + 'static,
    {
        let max = max.max(1);
        let pool = Pool {
            inner: Rc::new(Inner {
                state: RefCell::new(State {
                    idle: VecDeque::new(),
                    size: 0,
                    min: min.min(max),
                    max,
                    waiters: WaitList::default(),
                    handed_off: 0,
                    closed: false,
                }),
                factory: Box::new(move || Box::pin(factory())),
                traced: Traced::new(ResourceKind::Pool, name, Some(max as u64)),
            }),
        };
        pool.trace_state();
        pool
    }

    /// Resources idle in the pool.
    pub fn idle(&self) -> usize {
        self.inner.state.borrow().idle.len()
    }

    /// Resources that exist (idle, checked out, or being made).
    pub fn size(&self) -> usize {
        self.inner.state.borrow().size
    }

    /// Tasks waiting for a resource.
    pub fn waiters(&self) -> usize {
        self.inner.state.borrow().waiters.len()
    }

    /// Whether the pool was closed.
    pub fn is_closed(&self) -> bool {
        self.inner.state.borrow().closed
    }

    /// Makes resources until `min` exist.
    ///
    /// # Errors
    ///
    /// The factory's error, or [`PoolError::Closed`].
    pub async fn fill(&self) -> Result<(), PoolError<E>> {
        loop {
            {
                let mut st = self.inner.state.borrow_mut();
                if st.closed {
                    return Err(PoolError::Closed);
                }
                if st.size >= st.min {
                    return Ok(());
                }
                st.size += 1;
            }
            let made = self.make().await?;
            self.inner.state.borrow_mut().idle.push_back(made);
            self.trace_state();
        }
    }

    async fn make(&self) -> Result<R, PoolError<E>> {
        let slot = SizeSlot(Some(self.clone()));
        match (self.inner.factory)().await {
            Ok(r) => {
                std::mem::forget(slot);
                Ok(r)
            }
            Err(e) => Err(PoolError::Factory(e)),
        }
    }

    /// Checks a resource out: an idle one, a new one if fewer than `max`
    /// exist, or else the next one returned (FIFO among waiters).
    ///
    /// # Cancel safety
    ///
    /// A cancelled checkout takes nothing; a resource it was woken for goes
    /// to the next waiter, and a resource it was making is not counted.
    ///
    /// # Errors
    ///
    /// [`PoolError::Closed`], [`PoolError::Cancelled`], or the factory's
    /// error as [`PoolError::Factory`].
    pub async fn checkout(&self) -> Result<Pooled<R, E>, PoolError<E>> {
        let mut waited = false;
        loop {
            enum Next<R> {
                Take(R),
                Make,
                Wait,
            }
            let next = {
                let mut st = self.inner.state.borrow_mut();
                if st.closed {
                    return Err(PoolError::Closed);
                }
                let may_take = waited || (st.waiters.is_empty() && st.handed_off == 0);
                if !may_take {
                    Next::Wait
                } else if let Some(r) = st.idle.pop_front() {
                    Next::Take(r)
                } else if st.size < st.max {
                    st.size += 1;
                    Next::Make
                } else {
                    Next::Wait
                }
            };
            match next {
                Next::Take(r) => {
                    if waited {
                        // Resources (or room) left over: the next waiter
                        // need not wait for another return.
                        let mut st = self.inner.state.borrow_mut();
                        while !st.waiters.is_empty()
                            && st.idle.len() + (st.max - st.size) > st.handed_off
                        {
                            st.notify_next();
                        }
                    }
                    return Ok(self.hand_out(r));
                }
                Next::Make => {
                    if waited {
                        // Room left over after ours: wake the next waiter too.
                        let mut st = self.inner.state.borrow_mut();
                        while !st.waiters.is_empty()
                            && st.idle.len() + (st.max - st.size) > st.handed_off
                        {
                            st.notify_next();
                        }
                    }
                    self.trace_state();
                    let r = self.make().await?;
                    return Ok(self.hand_out(r));
                }
                Next::Wait => {
                    let on = WaitOn::resource(WaitKind::Pool, self.inner.traced.id());
                    let turn = Turn::new(self.clone(), on);
                    self.trace_state();
                    turn.await?;
                    let mut st = self.inner.state.borrow_mut();
                    st.handed_off = st.handed_off.saturating_sub(1);
                    waited = true;
                }
            }
        }
    }

    fn hand_out(&self, r: R) -> Pooled<R, E> {
        self.inner.traced.acquired();
        self.trace_state();
        Pooled {
            resource: Some(r),
            pool: self.clone(),
        }
    }

    fn give_back(&self, r: R) {
        {
            let mut st = self.inner.state.borrow_mut();
            if st.closed {
                st.size -= 1;
                drop(st);
                drop(r);
            } else {
                st.idle.push_back(r);
                st.notify_next();
            }
        }
        self.inner.traced.released();
        self.trace_state();
    }

    /// Closes the pool: idle resources are dropped at once, checked-out ones
    /// when they come back, and every waiter gets [`PoolError::Closed`].
    pub fn close(&self) {
        let idle: Vec<R> = {
            let mut st = self.inner.state.borrow_mut();
            st.closed = true;
            st.handed_off += st.waiters.notify_all();
            let idle: Vec<R> = st.idle.drain(..).collect();
            st.size -= idle.len();
            idle
        };
        drop(idle);
        self.trace_state();
    }

    fn trace_state(&self) {
        self.inner.traced.state(|| {
            let st = self.inner.state.borrow();
            ResourceState {
                permits: Some(st.idle.len() as u64),
                waiters: st.waiters.len() as u64,
                len: Some((st.size - st.idle.len()) as u64),
                flag: Some(st.closed),
                ..Default::default()
            }
        });
    }
}

/// Un-counts a resource whose making failed or was cancelled.
struct SizeSlot<R: 'static, E: 'static>(Option<Pool<R, E>>);

impl<R: 'static, E: 'static> Drop for SizeSlot<R, E> {
    fn drop(&mut self) {
        if let Some(pool) = self.0.take() {
            {
                let mut st = pool.inner.state.borrow_mut();
                st.size -= 1;
                // Room to make another: let the oldest waiter try.
                st.notify_next();
            }
            pool.trace_state();
        }
    }
}

impl<R: 'static, E: 'static> ListOwner for Pool<R, E> {
    fn with_list<T>(&self, f: impl FnOnce(&mut WaitList) -> T) -> T {
        f(&mut self.inner.state.borrow_mut().waiters)
    }

    fn pass_on(&self) {
        let mut st = self.inner.state.borrow_mut();
        st.handed_off = st.handed_off.saturating_sub(1);
        st.notify_next();
    }
}

/// A checked-out resource; dropping it returns it to the pool.
#[must_use = "dropping a pooled resource returns it at once"]
pub struct Pooled<R: 'static, E: 'static = crate::Error> {
    resource: Option<R>,
    pool: Pool<R, E>,
}

impl<R: fmt::Debug, E> fmt::Debug for Pooled<R, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pooled").field(&self.resource).finish()
    }
}

impl<R: 'static, E: 'static> Pooled<R, E> {
    /// Takes the resource out of the pool for good (it stops counting).
    pub fn detach(mut self) -> Option<R> {
        let r = self.resource.take();
        {
            let mut st = self.pool.inner.state.borrow_mut();
            st.size -= 1;
            st.notify_next();
        }
        self.pool.trace_state();
        r
    }
}

impl<R, E> Deref for Pooled<R, E> {
    type Target = R;
    #[allow(clippy::expect_used)]
    fn deref(&self) -> &R {
        // Only `detach` (which consumes the guard) and `drop` take it out.
        self.resource
            .as_ref()
            .expect("pooled resource present until dropped")
    }
}

impl<R, E> DerefMut for Pooled<R, E> {
    #[allow(clippy::expect_used)]
    fn deref_mut(&mut self) -> &mut R {
        self.resource
            .as_mut()
            .expect("pooled resource present until dropped")
    }
}

impl<R: 'static, E: 'static> Drop for Pooled<R, E> {
    fn drop(&mut self) {
        if let Some(r) = self.resource.take() {
            self.pool.give_back(r);
        }
    }
}
