//! `sleep`, `sleep_until`, `yield_now` and `busy_for`.

use crate::error::Cancelled;
use crate::runtime::{self, try_current, Inner};
use crate::time::Instant;
use crate::trace::{ResourceId, WaitKind, WaitOn};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// Suspends the current task for `duration`, as `asyncio.sleep`.
///
/// A zero duration is a pure yield: the task goes to the back of the ready
/// queue and runs again in the next iteration, as `asyncio.sleep(0)`.
///
/// # Cancel safety
///
/// If the task is cancelled while sleeping, the timer is removed and the
/// sleep returns `Err(Cancelled)`. Dropping the future removes the timer.
///
/// # Errors
///
/// [`Cancelled`] if the task is cancelled while suspended here.
///
/// ```
/// # use looplab_core::{Runtime, sleep, Error};
/// # use std::time::Duration;
/// let rt = Runtime::new_virtual();
/// rt.block_on(async { sleep(Duration::from_millis(1500)).await?; Ok::<_, Error>(()) }).unwrap().unwrap();
/// assert_eq!(rt.now().as_nanos(), 1_500_000_000);
/// ```
pub fn sleep(duration: Duration) -> Sleep {
    if duration.is_zero() {
        return Sleep::new(Target::Yield);
    }
    Sleep::new(Target::After(duration))
}

/// Suspends the current task for `duration` of work done outside the loop
/// (a file read, a database query), showing it as a wait of `kind` on
/// `resource`: the simulated latency of I/O. A zero duration still yields
/// once, as I/O in asyncio always does.
///
/// # Errors
///
/// [`Cancelled`] if the task is cancelled while suspended here.
pub fn busy_for(duration: Duration, kind: WaitKind, resource: Option<ResourceId>) -> Sleep {
    let mut s = Sleep::new(if duration.is_zero() {
        Target::Yield
    } else {
        Target::After(duration)
    });
    s.kind = kind;
    s.resource = resource;
    s
}

/// Suspends the current task until `deadline` on the runtime's clock. A
/// deadline already passed still yields once.
///
/// # Errors
///
/// [`Cancelled`] if the task is cancelled while suspended here.
pub fn sleep_until(deadline: Instant) -> Sleep {
    Sleep::new(Target::At(deadline))
}

/// Yields to every other runnable task once, as `asyncio.sleep(0)`.
///
/// # Errors
///
/// [`Cancelled`] if the task was cancelled meanwhile.
pub fn yield_now() -> Sleep {
    Sleep::new(Target::Yield)
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Yield,
    After(Duration),
    At(Instant),
}

#[derive(Debug, Clone, Copy)]
enum State {
    New,
    Yielded,
    Timer(Instant, u64),
    Done,
}

/// The future of [`sleep`], [`sleep_until`] and [`yield_now`].
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct Sleep {
    target: Target,
    state: State,
    /// What the task shows as waiting on (a sleep unless made by
    /// [`busy_for`]).
    kind: WaitKind,
    resource: Option<ResourceId>,
}

impl Sleep {
    fn new(target: Target) -> Sleep {
        Sleep {
            target,
            state: State::New,
            kind: WaitKind::Sleep,
            resource: None,
        }
    }

    fn waiting(&self, until: Option<Instant>) -> WaitOn {
        WaitOn {
            kind: self.kind,
            resource: self.resource,
            task: None,
            until,
        }
    }

    /// The deadline, once the sleep has started (none for a yield).
    pub fn deadline(&self) -> Option<Instant> {
        match self.state {
            State::Timer(at, _) => Some(at),
            _ => None,
        }
    }
}

impl Future for Sleep {
    type Output = Result<(), Cancelled>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        // Outside a runtime there is no clock to wait on.
        runtime::with_current(|rt| this.poll_on(rt, cx)).unwrap_or(Poll::Ready(Ok(())))
    }
}

impl Sleep {
    fn poll_on(&mut self, rt: &Inner, cx: &mut Context<'_>) -> Poll<Result<(), Cancelled>> {
        match self.state {
            State::New => {
                let at = match self.target {
                    Target::Yield => {
                        self.state = State::Yielded;
                        rt.set_waiting(if self.kind == WaitKind::Sleep {
                            WaitOn::new(WaitKind::Yield)
                        } else {
                            self.waiting(None)
                        });
                        cx.waker().wake_by_ref();
                        return Poll::Pending;
                    }
                    Target::After(d) => rt.now() + d,
                    Target::At(at) => at,
                };
                let seq = rt.add_timer(at, cx.waker().clone());
                self.state = State::Timer(at, seq);
                rt.set_waiting(self.waiting(Some(at)));
                Poll::Pending
            }
            State::Yielded => {
                self.state = State::Done;
                match rt.take_cancel() {
                    Some(c) => Poll::Ready(Err(c)),
                    None => Poll::Ready(Ok(())),
                }
            }
            State::Timer(at, seq) => {
                if let Some(c) = rt.take_cancel() {
                    rt.remove_timer(at, seq);
                    self.state = State::Done;
                    return Poll::Ready(Err(c));
                }
                if rt.update_timer(at, seq, cx.waker()) {
                    rt.set_waiting(self.waiting(Some(at)));
                    Poll::Pending
                } else {
                    self.state = State::Done;
                    Poll::Ready(Ok(()))
                }
            }
            State::Done => Poll::Ready(Ok(())),
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let State::Timer(at, seq) = self.state {
            if let Some(rt) = try_current() {
                rt.remove_timer(at, seq);
            }
        }
    }
}
