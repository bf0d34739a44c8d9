//! The waiting primitives. Each is a cheap, clonable handle (clones share
//! one primitive, like passing an asyncio object around) over its own state
//! and the shared [`WaitList`](crate::waitlist) engine.

mod condition;
mod event;
mod lock;
mod pool;
mod queue;
mod rate;
mod semaphore;

pub use condition::{Condition, ConditionError};
pub use event::Event;
pub use lock::{Lock, LockGuard, NotLocked};
pub use pool::{Pool, PoolError, Pooled};
pub use queue::{GetError, PutError, Queue, QueueKind, TaskDoneError, TryGetError, TryPutError};
pub use rate::{RateLimiter, RateLimiterError};
pub use semaphore::{ReleaseError, Semaphore, SemaphorePermit};

use crate::runtime::try_current;
use crate::trace::{EventKind, ResourceId, ResourceKind, ResourceState};
use std::cell::Cell;
use std::rc::Rc;

/// A primitive's identity in the trace. Registered with the runtime that is
/// current when the primitive is created, or lazily at its first use if it
/// was created outside a runtime (as asyncio binds primitives to a loop at
/// first use).
#[derive(Debug)]
pub(crate) struct Traced {
    kind: ResourceKind,
    name: Option<Rc<str>>,
    capacity: Option<u64>,
    id: Cell<Option<ResourceId>>,
}

impl Traced {
    pub(crate) fn new(kind: ResourceKind, name: Option<Rc<str>>, capacity: Option<u64>) -> Traced {
        let t = Traced {
            kind,
            name,
            capacity,
            id: Cell::new(None),
        };
        t.id();
        t
    }

    /// The resource id, registering it with the current runtime if needed.
    pub(crate) fn id(&self) -> Option<ResourceId> {
        if self.id.get().is_none() {
            if let Some(rt) = try_current() {
                self.id.set(Some(rt.new_resource(
                    self.kind,
                    self.name.clone(),
                    self.capacity,
                )));
            }
        }
        self.id.get()
    }

    /// Records the primitive's state, if a trace is being recorded.
    pub(crate) fn state(&self, make: impl FnOnce() -> ResourceState) {
        if let Some(rt) = try_current() {
            if rt.tracing() {
                if let Some(resource) = self.id() {
                    rt.record(EventKind::ResourceState {
                        resource,
                        state: make(),
                    });
                }
            }
        }
    }

    pub(crate) fn acquired(&self) {
        self.mark(true);
    }

    pub(crate) fn released(&self) {
        self.mark(false);
    }

    fn mark(&self, acquired: bool) {
        if let Some(rt) = try_current() {
            if rt.tracing() {
                if let Some(resource) = self.id() {
                    let task = crate::runtime::current_task();
                    rt.record(if acquired {
                        EventKind::Acquired { resource, task }
                    } else {
                        EventKind::Released { resource, task }
                    });
                }
            }
        }
    }
}
