//! Traces for the tests: made by hand, event by event, or recorded from
//! real runs of the runtime on the virtual clock.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use looplab_core::trace::{Event, EventKind, Outcome, ResourceId, TaskId, WaitKind, WaitOn};
use looplab_core::{Error, Instant, Runtime};
use looplab_view::Model;
use std::future::Future;
use std::rc::Rc;

/// Task ids are only made by the runtime; tests make them from their
/// serialised form (a plain number).
pub fn tid(n: u64) -> TaskId {
    serde_json::from_value(n.into()).unwrap()
}

/// A resource id from its number.
pub fn rid(n: u64) -> ResourceId {
    serde_json::from_value(n.into()).unwrap()
}

/// The instant `s` seconds in.
pub fn at(s: f64) -> Instant {
    Instant::from_secs_f64(s)
}

/// Seconds as a duration.
pub fn secs(s: f64) -> std::time::Duration {
    std::time::Duration::from_secs_f64(s)
}

/// Runs `main` as the main task on the virtual clock (like `asyncio.run`:
/// leftovers are cancelled) and returns the runtime and the model of its
/// whole trace.
pub fn run<F, T>(main: F) -> (Runtime, Model)
where
    F: Future<Output = Result<T, Error>> + 'static,
    T: Clone + std::fmt::Debug + 'static,
{
    let rt = Runtime::new_virtual();
    let _ = rt.run(main);
    let model = rt.trace().events().iter().collect();
    (rt, model)
}

/// A trace written by hand: events appended at a clock set by `at`.
#[derive(Debug, Default)]
pub struct Hand {
    pub events: Vec<Event>,
    now: Instant,
}

impl Hand {
    pub fn new() -> Hand {
        Hand::default()
    }

    /// Later events happen `s` seconds in.
    pub fn at(&mut self, s: f64) -> &mut Hand {
        self.now = at(s);
        self
    }

    pub fn push(&mut self, kind: EventKind) -> &mut Hand {
        let seq = self.events.len() as u64;
        self.events.push(Event {
            seq,
            at: self.now,
            kind,
        });
        self
    }

    pub fn spawn(&mut self, task: u64, name: &str, parent: Option<u64>) -> &mut Hand {
        self.push(EventKind::TaskSpawned {
            task: tid(task),
            name: Rc::from(name),
            parent: parent.map(tid),
        })
    }

    pub fn ready(&mut self, task: u64) -> &mut Hand {
        self.push(EventKind::TaskReady { task: tid(task) })
    }

    pub fn running(&mut self, task: u64) -> &mut Hand {
        self.push(EventKind::TaskRunning { task: tid(task) })
    }

    pub fn waiting(&mut self, task: u64, on: WaitOn) -> &mut Hand {
        self.push(EventKind::TaskWaiting {
            task: tid(task),
            on,
            line: None,
        })
    }

    pub fn sleeping(&mut self, task: u64, until: f64) -> &mut Hand {
        self.waiting(
            task,
            WaitOn {
                until: Some(at(until)),
                ..WaitOn::new(WaitKind::Sleep)
            },
        )
    }

    pub fn done(&mut self, task: u64, repr: &str) -> &mut Hand {
        self.push(EventKind::TaskDone {
            task: tid(task),
            outcome: Outcome::Value { repr: repr.into() },
        })
    }

    pub fn model(&self) -> Model {
        self.events.iter().collect()
    }
}
