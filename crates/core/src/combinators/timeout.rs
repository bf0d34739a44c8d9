use crate::error::{Elapsed, TaskError};
use crate::runtime::{current_task, try_current, Handle, TimerAction};
use crate::time::Instant;
use crate::trace::TaskId;
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Created,
    Entered,
    Expiring,
    Expired,
    Exited,
}

struct State {
    when: Option<Instant>,
    phase: Phase,
    task: Option<TaskId>,
    cancelling: u32,
    timer: Option<(Instant, u64)>,
    /// Bumped whenever the deadline is armed or disarmed, so a stale
    /// expiry does nothing.
    generation: u64,
}

/// asyncio's `Timeout` scope (`asyncio.timeout` / `timeout_at`).
///
/// While entered, a deadline is armed; when it passes, the task that entered
/// the scope is cancelled. On exit, if that cancellation is what ended the
/// body (and no other cancellation arrived meanwhile), it becomes
/// [`Elapsed`]. Scopes nest: an outer scope's expiry is reported by the
/// outer scope, not turned into an inner timeout. The deadline can be moved
/// with [`reschedule`](Timeout::reschedule) while entered.
///
/// ```
/// # use looplab_core::{Runtime, timeout, sleep, Error, Elapsed};
/// # use std::time::Duration;
/// let rt = Runtime::new_virtual();
/// let out = rt.block_on(async {
///     let r = timeout(Some(Duration::from_secs(1)))
///         .run(async { sleep(Duration::from_secs(5)).await?; Ok::<_, Error>("late") })
///         .await;
///     Ok::<_, Error>(r)
/// }).unwrap().unwrap();
/// assert_eq!(out, Err(Elapsed));
/// assert_eq!(rt.now().as_secs_f64(), 1.0);
/// ```
#[derive(Clone)]
pub struct Timeout {
    state: Rc<RefCell<State>>,
}

/// Using a [`Timeout`] in the wrong phase (asyncio raises `RuntimeError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutStateError(&'static str);

impl fmt::Display for TimeoutStateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for TimeoutStateError {}

impl fmt::Debug for Timeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.state.borrow();
        f.debug_struct("Timeout")
            .field("when", &st.when)
            .field("phase", &st.phase)
            .finish()
    }
}

/// A timeout scope expiring `delay` from now (`None`: never), as
/// `asyncio.timeout(delay)`.
pub fn timeout(delay: Option<Duration>) -> Timeout {
    let now = try_current().map(|rt| rt.now()).unwrap_or(Instant::ZERO);
    Timeout::at(delay.map(|d| now + d))
}

/// A timeout scope expiring at `when` (`None`: never), as
/// `asyncio.timeout_at(when)`.
pub fn timeout_at(when: Option<Instant>) -> Timeout {
    Timeout::at(when)
}

impl Timeout {
    /// A scope expiring at `when` (`None`: never).
    pub fn at(when: Option<Instant>) -> Timeout {
        Timeout {
            state: Rc::new(RefCell::new(State {
                when,
                phase: Phase::Created,
                task: None,
                cancelling: 0,
                timer: None,
                generation: 0,
            })),
        }
    }

    /// The deadline.
    pub fn when(&self) -> Option<Instant> {
        self.state.borrow().when
    }

    /// Whether the deadline has passed and the body was cancelled.
    pub fn expired(&self) -> bool {
        matches!(self.state.borrow().phase, Phase::Expiring | Phase::Expired)
    }

    /// Enters the scope from the current task (`__aenter__`).
    ///
    /// # Errors
    ///
    /// [`TimeoutStateError`] if already entered or outside a task.
    pub fn enter(&self) -> Result<(), TimeoutStateError> {
        let task =
            current_task().ok_or(TimeoutStateError("Timeout should be used inside a task"))?;
        let rt = Handle::try_current()
            .ok_or(TimeoutStateError("Timeout should be used inside a task"))?;
        let when = {
            let mut st = self.state.borrow_mut();
            if st.phase != Phase::Created {
                return Err(TimeoutStateError("Timeout has already been entered"));
            }
            st.phase = Phase::Entered;
            st.task = Some(task);
            st.cancelling = rt.cancelling(task);
            st.when
        };
        self.arm(when);
        Ok(())
    }

    /// Moves the deadline (`None`: never), as `Timeout.reschedule`.
    ///
    /// # Errors
    ///
    /// [`TimeoutStateError`] unless the scope is entered and not expired.
    pub fn reschedule(&self, when: Option<Instant>) -> Result<(), TimeoutStateError> {
        {
            let mut st = self.state.borrow_mut();
            if st.phase != Phase::Entered {
                return Err(TimeoutStateError("Timeout not entered or already expired"));
            }
            st.when = when;
        }
        self.arm(when);
        Ok(())
    }

    fn disarm(&self) {
        let timer = {
            let mut st = self.state.borrow_mut();
            st.generation += 1;
            st.timer.take()
        };
        if let (Some((at, seq)), Some(rt)) = (timer, try_current()) {
            rt.remove_timer(at, seq);
        }
    }

    fn arm(&self, when: Option<Instant>) {
        self.disarm();
        let (Some(when), Some(rt)) = (when, try_current()) else {
            return;
        };
        let scope = self.clone();
        let generation = self.state.borrow().generation;
        let expire = Box::new(move || scope.on_timeout(generation));
        if when <= rt.now() {
            // Already due: expire at the next turn of the loop, ahead of
            // whatever is queued later (asyncio's `call_soon`).
            rt.call_soon(expire);
        } else {
            let seq = rt.add_timer_action(when, TimerAction::Call(expire));
            self.state.borrow_mut().timer = Some((when, seq));
        }
    }

    fn on_timeout(&self, generation: u64) {
        let task = {
            let mut st = self.state.borrow_mut();
            if st.generation != generation || st.phase != Phase::Entered {
                return;
            }
            st.timer = None;
            st.phase = Phase::Expiring;
            st.task
        };
        if let (Some(task), Some(rt)) = (task, Handle::try_current()) {
            rt.cancel(task, None);
        }
    }

    /// Leaves the scope (`__aexit__`). `body_cancelled` says whether the body
    /// ended with a cancellation. Returns `true` when that cancellation was
    /// this scope's doing and must be reported as [`Elapsed`].
    pub fn exit(&self, body_cancelled: bool) -> bool {
        self.disarm();
        let (phase, task, cancelling) = {
            let st = self.state.borrow();
            (st.phase, st.task, st.cancelling)
        };
        match phase {
            Phase::Expiring => {
                self.state.borrow_mut().phase = Phase::Expired;
                let remaining = match (task, Handle::try_current()) {
                    (Some(t), Some(rt)) => rt.uncancel(t),
                    _ => 0,
                };
                remaining <= cancelling && body_cancelled
            }
            Phase::Entered => {
                self.state.borrow_mut().phase = Phase::Exited;
                false
            }
            _ => false,
        }
    }

    /// Runs `fut` inside this scope: enter, await, exit.
    ///
    /// # Errors
    ///
    /// [`Elapsed`] if the deadline passed and cancelled `fut`; otherwise
    /// `fut`'s own outcome is returned inside `Ok` (including a cancellation
    /// that came from elsewhere, or a value if `fut` swallowed the
    /// cancellation).
    pub async fn run<F, T, E>(self, fut: F) -> Result<Result<T, E>, Elapsed>
    where
        F: Future<Output = Result<T, E>>,
        E: TaskError,
    {
        if self.enter().is_err() {
            return Ok(fut.await);
        }
        let r = fut.await;
        let cancelled = matches!(&r, Err(e) if e.is_cancelled());
        if self.exit(cancelled) {
            Err(Elapsed)
        } else {
            Ok(r)
        }
    }
}

/// Awaits `fut` for at most `limit` (`None`: no limit), as Python 3.12's
/// `asyncio.wait_for`: the work runs in the calling task; at the deadline it
/// is cancelled, its cleanup is awaited, and the result is [`Elapsed`].
/// A zero limit times out without running `fut` at all, as asyncio does for
/// a coroutine.
///
/// # Errors
///
/// [`Elapsed`] on timeout; `fut`'s own outcome otherwise (inside `Ok`).
pub async fn wait_for<F, T, E>(limit: Option<Duration>, fut: F) -> Result<Result<T, E>, Elapsed>
where
    F: Future<Output = Result<T, E>>,
    E: TaskError,
{
    match limit {
        None => Ok(fut.await),
        Some(d) if d.is_zero() => Err(Elapsed),
        Some(d) => timeout(Some(d)).run(fut).await,
    }
}

/// [`wait_for`] for a task that already runs, with asyncio's rule for a
/// zero limit: a finished task's outcome is returned; a running one is
/// cancelled and waited for, and the result is [`Elapsed`] unless it
/// swallowed the cancellation and returned a value. Other limits behave as
/// [`wait_for`] awaiting the task.
///
/// # Errors
///
/// [`Elapsed`] on timeout; the task's outcome otherwise (inside `Ok`). If the
/// waiting task is itself cancelled while waiting for the cleanup, that
/// cancellation is returned inside `Ok`.
pub async fn wait_for_task<T, E>(
    limit: Option<Duration>,
    task: crate::task::JoinHandle<T, E>,
) -> Result<Result<T, E>, Elapsed>
where
    T: Clone + 'static,
    E: TaskError,
{
    match limit {
        Some(d) if d.is_zero() => {
            if let Some(r) = task.result() {
                return Ok(r);
            }
            task.cancel(None);
            if let Err(e) = crate::shield(task.clone()).await {
                if !task.is_finished() {
                    return Ok(Err(e));
                }
            }
            match task.result() {
                Some(Err(e)) if e.is_cancelled() => Err(Elapsed),
                Some(r) => Ok(r),
                None => Err(Elapsed),
            }
        }
        _ => wait_for(limit, task).await,
    }
}
