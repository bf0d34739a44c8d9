//! Ways to wait for several tasks or with a deadline: `gather`, `TaskGroup`,
//! `as_completed`, `wait`, `wait_for`, `Timeout`, `shield`; plus async
//! streams (generators) and retry with backoff.

mod as_completed;
mod gather;
mod retry;
mod shield;
mod stream;
mod taskgroup;
mod timeout;

pub use as_completed::{as_completed, wait, AsCompleted, AsCompletedError, ReturnWhen};
pub use gather::{gather, gather_settled, spawn_all, Gather};
pub use retry::{retry, Backoff};
pub use shield::{shield, Shield};
pub use stream::{Stream, StreamClosed, Yielder};
pub use taskgroup::{task_group, TaskGroup, TaskGroupError};
pub use timeout::{timeout, timeout_at, wait_for, wait_for_task, Timeout, TimeoutStateError};
