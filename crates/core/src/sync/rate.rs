use super::Traced;
use crate::error::Cancelled;
use crate::runtime::try_current;
use crate::time::Instant;
use crate::timer::sleep;
use crate::trace::{ResourceKind, ResourceState, WaitKind, WaitOn};
use crate::waitlist::{ListOwner, Turn, WaitList};
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use std::time::Duration;

/// A token bucket: `rate` tokens per second refill a bucket holding at most
/// `burst` tokens; each acquisition takes tokens, waiting in FIFO order
/// until enough have refilled.
///
/// The bucket starts full. Time comes from the runtime's clock, so on the
/// virtual clock throttled work finishes at exact, predictable instants.
///
/// ```
/// # use looplab_core::{Runtime, RateLimiter, Error};
/// let rt = Runtime::new_virtual();
/// rt.block_on(async {
///     let limiter = RateLimiter::new(2.0, 1.0);
///     for _ in 0..3 {
///         limiter.acquire(1.0).await.map_err(|e| Error::msg(e.to_string()))?;
///     }
///     Ok::<_, Error>(())
/// }).unwrap().unwrap();
/// // One token at once, then one every half second.
/// assert_eq!(rt.now().as_secs_f64(), 1.0);
/// ```
#[derive(Clone)]
pub struct RateLimiter {
    inner: Rc<Inner>,
}

struct Inner {
    state: RefCell<State>,
    traced: Traced,
}

struct State {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
    waiters: WaitList,
    /// A task at the head of the line is waiting for tokens to refill.
    head_busy: bool,
}

/// Errors of [`RateLimiter::acquire`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RateLimiterError {
    /// More tokens were asked for than the bucket can ever hold.
    ExceedsBurst,
    /// The task was cancelled while waiting.
    Cancelled(Cancelled),
}

impl fmt::Display for RateLimiterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateLimiterError::ExceedsBurst => {
                f.write_str("asked for more tokens than the burst size")
            }
            RateLimiterError::Cancelled(c) => c.fmt(f),
        }
    }
}

impl std::error::Error for RateLimiterError {}

impl From<Cancelled> for RateLimiterError {
    fn from(c: Cancelled) -> Self {
        RateLimiterError::Cancelled(c)
    }
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.inner.state.borrow();
        f.debug_struct("RateLimiter")
            .field("rate", &st.rate)
            .field("burst", &st.burst)
            .finish_non_exhaustive()
    }
}

/// Tolerance for float rounding when comparing token counts.
const EPSILON: f64 = 1e-9;

impl RateLimiter {
    /// A bucket refilling `rate` tokens per second, holding at most `burst`.
    /// Non-finite or negative figures are treated as zero rate (never
    /// refills) and a burst of at least one token.
    pub fn new(rate: f64, burst: f64) -> RateLimiter {
        RateLimiter::build(rate, burst, None)
    }

    /// A named bucket (the name shows in the trace).
    pub fn named(name: impl Into<Rc<str>>, rate: f64, burst: f64) -> RateLimiter {
        RateLimiter::build(rate, burst, Some(name.into()))
    }

    fn build(rate: f64, burst: f64, name: Option<Rc<str>>) -> RateLimiter {
        let rate = if rate.is_finite() && rate > 0.0 {
            rate
        } else {
            0.0
        };
        let burst = if burst.is_finite() && burst >= 1.0 {
            burst
        } else {
            1.0
        };
        let last = try_current().map(|rt| rt.now()).unwrap_or(Instant::ZERO);
        let rl = RateLimiter {
            inner: Rc::new(Inner {
                state: RefCell::new(State {
                    rate,
                    burst,
                    tokens: burst,
                    last,
                    waiters: WaitList::default(),
                    head_busy: false,
                }),
                traced: Traced::new(ResourceKind::RateLimiter, name, Some(burst as u64)),
            }),
        };
        rl.trace_state();
        rl
    }

    /// Tokens available now.
    pub fn tokens(&self) -> f64 {
        self.refill();
        self.inner.state.borrow().tokens
    }

    fn refill(&self) {
        let now = try_current().map(|rt| rt.now());
        let mut st = self.inner.state.borrow_mut();
        if let Some(now) = now {
            let elapsed = (now - st.last).as_secs_f64();
            st.tokens = (st.tokens + elapsed * st.rate).min(st.burst);
            st.last = now;
        }
    }

    /// Takes `n` tokens, waiting (FIFO) until they have refilled.
    ///
    /// # Cancel safety
    ///
    /// A cancelled acquisition takes no tokens and lets the next waiter go
    /// to the head of the line.
    ///
    /// # Errors
    ///
    /// [`RateLimiterError::ExceedsBurst`] if `n` exceeds the burst size;
    /// [`RateLimiterError::Cancelled`] if cancelled while waiting.
    pub async fn acquire(&self, n: f64) -> Result<(), RateLimiterError> {
        let n = if n.is_finite() && n > 0.0 { n } else { 0.0 };
        if n > self.inner.state.borrow().burst + EPSILON {
            return Err(RateLimiterError::ExceedsBurst);
        }
        self.refill();
        let queue_first = {
            let mut st = self.inner.state.borrow_mut();
            if !st.head_busy && st.waiters.is_empty() && st.tokens + EPSILON >= n {
                st.tokens = (st.tokens - n).max(0.0);
                false
            } else {
                true
            }
        };
        if !queue_first {
            self.inner.traced.acquired();
            self.trace_state();
            return Ok(());
        }
        let on = WaitOn::resource(WaitKind::RateLimiter, self.inner.traced.id());
        if self.inner.state.borrow().head_busy {
            let turn = Turn::new(self.clone(), on);
            self.trace_state();
            turn.await?;
        }
        self.inner.state.borrow_mut().head_busy = true;
        let _head = HeadGuard(self.clone());
        loop {
            self.refill();
            let missing = {
                let mut st = self.inner.state.borrow_mut();
                if st.tokens + EPSILON >= n {
                    st.tokens = (st.tokens - n).max(0.0);
                    None
                } else if st.rate == 0.0 {
                    // Never refills: wait without a timer, so a program with
                    // nothing else to do is reported as a deadlock.
                    Some(Duration::ZERO)
                } else {
                    Some(Duration::from_secs_f64(
                        ((n - st.tokens) / st.rate).min(1e9),
                    ))
                }
            };
            match missing {
                None => break,
                Some(wait) if wait.is_zero() => wait_forever(on).await?,
                Some(wait) => {
                    crate::runtime::set_waiting(on);
                    let mut s = sleep(wait.max(Duration::from_nanos(1)));
                    std::future::poll_fn(|cx| {
                        let p = std::pin::Pin::new(&mut s).poll(cx);
                        if p.is_pending() {
                            crate::runtime::set_waiting(on);
                        }
                        p
                    })
                    .await?;
                }
            }
        }
        self.inner.traced.acquired();
        self.trace_state();
        Ok(())
    }

    fn trace_state(&self) {
        self.inner.traced.state(|| {
            let st = self.inner.state.borrow();
            ResourceState {
                waiters: st.waiters.len() as u64 + u64::from(st.head_busy),
                tokens: Some((st.tokens * 1000.0).round() / 1000.0),
                ..Default::default()
            }
        });
    }
}

use std::future::Future as _;

/// Suspends until cancelled.
async fn wait_forever(on: WaitOn) -> Result<(), Cancelled> {
    let mut started = false;
    std::future::poll_fn(|_| {
        if started {
            if let Some(c) = crate::runtime::take_cancel() {
                return std::task::Poll::Ready(Err(c));
            }
        }
        started = true;
        crate::runtime::set_waiting(on);
        std::task::Poll::Pending
    })
    .await
}

/// Gives up the head of the line (after success, cancellation or drop).
struct HeadGuard(RateLimiter);

impl Drop for HeadGuard {
    fn drop(&mut self) {
        {
            let mut st = self.0.inner.state.borrow_mut();
            st.head_busy = false;
            if st.waiters.notify_one() {
                st.head_busy = true;
            }
        }
        self.0.trace_state();
    }
}

impl ListOwner for RateLimiter {
    fn with_list<R>(&self, f: impl FnOnce(&mut WaitList) -> R) -> R {
        f(&mut self.inner.state.borrow_mut().waiters)
    }

    fn pass_on(&self) {
        {
            let mut st = self.inner.state.borrow_mut();
            st.head_busy = false;
            if st.waiters.notify_one() {
                st.head_busy = true;
            }
        }
        self.trace_state();
    }
}
