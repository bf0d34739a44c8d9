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
use crate::trace::{Rec, ResourceId, ResourceKind, ResourceState};
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
    #[inline]
    pub(crate) fn id(&self) -> Option<ResourceId> {
        match self.id.get() {
            Some(id) => Some(id),
            None => self.register(),
        }
    }

    #[cold]
    fn register(&self) -> Option<ResourceId> {
        if let Some(rt) = try_current() {
            self.id.set(Some(rt.new_resource(
                self.kind,
                self.name.clone(),
                self.capacity,
            )));
        }
        self.id.get()
    }

    /// Records the primitive's state, if a trace is being recorded.
    #[inline]
    pub(crate) fn state(&self, make: impl FnOnce() -> ResourceState) {
        if crate::runtime::current_tracing() {
            self.record(|resource| Rec::state(resource, make()));
        }
    }

    pub(crate) fn acquired(&self) {
        self.mark(true);
    }

    pub(crate) fn released(&self) {
        self.mark(false);
    }

    #[inline]
    fn mark(&self, acquired: bool) {
        if crate::runtime::current_tracing() {
            let task = crate::runtime::current_task();
            self.record(|resource| Rec::mark(acquired, resource, task));
        }
    }

    /// Records an event about this primitive on the current runtime, if it
    /// records a trace.
    fn record(&self, rec: impl FnOnce(ResourceId) -> Rec) {
        let Some(resource) = self.id() else { return };
        crate::runtime::with_current(|rt| {
            if rt.tracing() {
                rt.push_rec(rec(resource));
            }
        });
    }
}
