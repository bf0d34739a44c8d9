use super::Traced;
use crate::error::Cancelled;
use crate::trace::{ResourceKind, ResourceState, WaitKind, WaitOn};
use crate::waitlist::{WaitList, Waiter};
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// asyncio's `Event`: a flag that tasks can wait to become set.
#[derive(Clone)]
pub struct Event {
    inner: Rc<Inner>,
}

struct Inner {
    state: RefCell<State>,
    traced: Traced,
}

struct State {
    set: bool,
    waiters: WaitList,
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("set", &self.is_set())
            .finish()
    }
}

impl Default for Event {
    fn default() -> Event {
        Event::new()
    }
}

impl Event {
    /// An event that is not set.
    pub fn new() -> Event {
        Event::build(None)
    }

    /// A named event (the name shows in the trace).
    pub fn named(name: impl Into<Rc<str>>) -> Event {
        Event::build(Some(name.into()))
    }

    fn build(name: Option<Rc<str>>) -> Event {
        Event {
            inner: Rc::new(Inner {
                state: RefCell::new(State {
                    set: false,
                    waiters: WaitList::default(),
                }),
                traced: Traced::new(ResourceKind::Event, name, None),
            }),
        }
    }

    /// Whether the event is set.
    pub fn is_set(&self) -> bool {
        self.inner.state.borrow().set
    }

    /// Sets the event and wakes every waiter.
    pub fn set(&self) {
        {
            let mut st = self.inner.state.borrow_mut();
            if st.set {
                return;
            }
            st.set = true;
            st.waiters.notify_all();
        }
        self.trace_state();
    }

    /// Clears the event. Waiters already woken still return.
    pub fn clear(&self) {
        self.inner.state.borrow_mut().set = false;
        self.trace_state();
    }

    /// Waits until the event is set (returns at once if it is).
    ///
    /// # Errors
    ///
    /// [`Cancelled`] if the task is cancelled while waiting.
    pub fn wait(&self) -> Wait {
        Wait {
            event: self.clone(),
            waiter: Waiter::default(),
            started: false,
        }
    }

    fn trace_state(&self) {
        self.inner.traced.state(|| {
            let st = self.inner.state.borrow();
            ResourceState {
                waiters: st.waiters.len() as u64,
                flag: Some(st.set),
                ..Default::default()
            }
        });
    }
}

/// The future of [`Event::wait`].
#[must_use = "futures do nothing unless awaited"]
pub struct Wait {
    event: Event,
    waiter: Waiter,
    started: bool,
}

impl fmt::Debug for Wait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("event::Wait").finish_non_exhaustive()
    }
}

impl Future for Wait {
    type Output = Result<(), Cancelled>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let on = WaitOn::resource(WaitKind::Event, this.event.inner.traced.id());
        if !this.started {
            this.started = true;
            if this.event.is_set() {
                return Poll::Ready(Ok(()));
            }
            this.waiter
                .enqueue(&mut this.event.inner.state.borrow_mut().waiters, cx, on);
            this.event.trace_state();
            return Poll::Pending;
        }
        let polled = this
            .waiter
            .poll(&mut this.event.inner.state.borrow_mut().waiters, cx, on);
        match polled {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(())) => Poll::Ready(Ok(())),
            Poll::Ready(Err((c, _))) => {
                this.event.trace_state();
                Poll::Ready(Err(c))
            }
        }
    }
}

impl Drop for Wait {
    fn drop(&mut self) {
        if self.waiter.is_queued() {
            self.waiter
                .abandon(&mut self.event.inner.state.borrow_mut().waiters);
        }
    }
}
