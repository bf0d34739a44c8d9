//! The Looplab runtime: a portable, single-threaded async runtime whose tasks
//! and primitives mean what asyncio's mean, and which records everything it
//! does in one typed trace.
//!
//! - [`Runtime`] runs tasks on a [`Host`]: the deterministic
//!   [`VirtualClock`], the native [`SystemClock`], or the browser host of the
//!   web app. Every `await` on a primitive returns `Err(Cancelled)` when the
//!   task is cancelled there, so cancellation is an error the task can see,
//!   clean up after (awaiting again), swallow, or return.
//! - Primitives follow CPython 3.12: [`sleep`], [`gather`], [`TaskGroup`],
//!   [`as_completed`], [`wait_for`] and [`Timeout`], [`shield`],
//!   [`Semaphore`], [`Lock`], [`Event`], [`Condition`], [`Queue`], plus a
//!   token-bucket [`RateLimiter`], a resource [`Pool`], async [`Stream`]s and
//!   [`retry`] with backoff.
//! - The [`trace`] module holds the event stream every view reads.
//!
//! ```
//! use looplab_core::{Runtime, Semaphore, gather, sleep, spawn, Error};
//! use std::time::Duration;
//!
//! let rt = Runtime::new_virtual();
//! let total = rt.block_on(async {
//!     let sem = Semaphore::new(2);
//!     let jobs = (0..4u64).map(|i| {
//!         let sem = sem.clone();
//!         spawn(async move {
//!             let _permit = sem.acquire().await?;
//!             sleep(Duration::from_secs(1)).await?;
//!             Ok::<_, Error>(i)
//!         })
//!     });
//!     let done = gather(jobs.collect()).await?;
//!     Ok::<_, Error>(done.iter().sum::<u64>())
//! });
//! assert_eq!(total, Ok(Ok(6)));
//! // Two permits, four one-second jobs: two rounds.
//! assert_eq!(rt.now().as_secs_f64(), 2.0);
//! ```

mod combinators;
mod error;
mod host;
mod runtime;
mod sync;
mod task;
mod time;
mod timer;
pub mod trace;
mod waitlist;
pub mod wire;

pub use combinators::*;
pub use error::{Cancelled, Elapsed, Error, TaskError};
#[cfg(not(target_arch = "wasm32"))]
pub use host::SystemClock;
pub use host::{noop_waker, Host, VirtualClock};
pub use runtime::{
    current_task, external, now, output, preempt, spawn, spawn_named, Config, External, Handle,
    LineSource, Preempt, RunError, Runtime, TaskInfo, TaskState, Tick,
};
pub use sync::*;
pub use task::JoinHandle;
pub use time::{duration_from_secs, Instant};
pub use timer::{busy_for, sleep, sleep_until, yield_now, Sleep};
