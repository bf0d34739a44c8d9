//! The one seam between the runtime and the platform it runs on.
//!
//! The runtime asks its host for three things: the time now, a wake-up at a
//! deadline, and "poll me again soon". Two hosts ship with core:
//!
//! - [`VirtualClock`]: deterministic time that stands still while tasks run
//!   and jumps to the next deadline when nothing is runnable. Tests, the CLI
//!   and the playground's instant runs use it.
//! - [`SystemClock`] (native only): wall-clock time; the blocking driver
//!   sleeps the thread until the next deadline.
//!
//! The browser host lives in the web app crate: it answers `now` with
//! `performance.now()`, arms one `setTimeout` for the earliest deadline, and
//! runs [`Runtime::tick`](crate::Runtime::tick) from a microtask when woken.

use crate::time::Instant;
use std::cell::Cell;
use std::fmt;
use std::sync::Arc;
use std::task::{Wake, Waker};

/// A platform the runtime can run on.
pub trait Host {
    /// The time now on this host's clock. Must never go backwards.
    fn now(&self) -> Instant;

    /// The earliest pending deadline is now `deadline` (or there is none).
    /// The host should call [`Runtime::tick`](crate::Runtime::tick) once that
    /// time has come. Each call replaces the previous one: a host keeps at
    /// most one timer armed.
    fn wake_at(&self, deadline: Option<Instant>);

    /// A waker that means "poll me again soon": the runtime wakes it when a
    /// task becomes runnable while the runtime is not inside a tick (for
    /// example a network response arrived). The host should then call
    /// [`Runtime::tick`](crate::Runtime::tick) soon, such as from a microtask.
    fn poll_soon(&self) -> Waker;

    /// For blocking drivers: wait until `deadline` (the next timer). A virtual
    /// clock jumps there at once. Returns `false` if this host cannot block
    /// (the browser), in which case blocking drivers fail.
    fn park_until(&self, deadline: Instant) -> bool {
        let _ = deadline;
        false
    }

    /// Lets time pass without running anything else, as a blocking call
    /// (Python's `time.sleep`) does. A virtual clock moves forward; a real
    /// clock blocks if it can.
    fn block_for(&self, duration: std::time::Duration) {
        let _ = duration;
    }
}

struct NoopWake;

impl Wake for NoopWake {
    fn wake(self: Arc<Self>) {}
}

/// A waker that does nothing, for hosts whose driver loop polls by itself.
pub fn noop_waker() -> Waker {
    Waker::from(Arc::new(NoopWake))
}

/// Deterministic virtual time.
///
/// Time moves only when the driver finds nothing runnable (it then jumps to
/// the next deadline) or when a blocking call lets time pass.
#[derive(Debug, Default)]
pub struct VirtualClock {
    now: Cell<Instant>,
}

impl VirtualClock {
    /// A clock standing at zero.
    pub fn new() -> VirtualClock {
        VirtualClock::default()
    }

    /// Moves the clock forward to `t` (never backwards).
    pub fn advance_to(&self, t: Instant) {
        if t > self.now.get() {
            self.now.set(t);
        }
    }
}

impl Host for VirtualClock {
    fn now(&self) -> Instant {
        self.now.get()
    }

    fn wake_at(&self, _deadline: Option<Instant>) {}

    fn poll_soon(&self) -> Waker {
        noop_waker()
    }

    fn park_until(&self, deadline: Instant) -> bool {
        self.advance_to(deadline);
        true
    }

    fn block_for(&self, duration: std::time::Duration) {
        self.advance_to(self.now.get() + duration);
    }
}

/// Wall-clock time for native runs (`looplab run --clock real`).
#[cfg(not(target_arch = "wasm32"))]
pub struct SystemClock {
    start: std::time::Instant,
}

#[cfg(not(target_arch = "wasm32"))]
impl SystemClock {
    /// A clock whose zero is now.
    pub fn new() -> SystemClock {
        SystemClock {
            start: std::time::Instant::now(),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Default for SystemClock {
    fn default() -> SystemClock {
        SystemClock::new()
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl fmt::Debug for SystemClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SystemClock")
            .field("now", &self.now())
            .finish()
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Host for SystemClock {
    fn now(&self) -> Instant {
        let nanos = u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        Instant::from_nanos(nanos)
    }

    fn wake_at(&self, _deadline: Option<Instant>) {}

    fn poll_soon(&self) -> Waker {
        noop_waker()
    }

    fn park_until(&self, deadline: Instant) -> bool {
        let now = self.now();
        if deadline > now {
            std::thread::sleep(deadline - now);
        }
        true
    }

    fn block_for(&self, duration: std::time::Duration) {
        std::thread::sleep(duration);
    }
}

impl fmt::Debug for dyn Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Host")
            .field("now", &self.now())
            .finish_non_exhaustive()
    }
}
