//! The trace: one typed, serialisable stream of everything the runtime does.
//!
//! Every view of a program (the playground's task table and timeline, the
//! CLI, the npm API) reads this stream and nothing else. Events are appended
//! in the order they happen and stamped with the host clock, so on the
//! virtual clock the same program gives the same trace, byte for byte.
//!
//! The stream is bounded: at most [`Trace::capacity`] events wait in the
//! buffer; past that, new events are counted in [`Trace::dropped`] and not
//! kept. A live view that [`drain`](Trace::drain)s the buffer as it goes never
//! loses anything.

use crate::time::Instant;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::fmt::Write as _;
use std::rc::Rc;

/// Identifies a task within one runtime. Ids count up from 1 in spawn order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaskId(pub(crate) u64);

impl TaskId {
    /// The number behind the id.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Identifies a primitive (semaphore, queue, …) within one runtime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ResourceId(pub(crate) u64);

impl ResourceId {
    /// The number behind the id.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "r{}", self.0)
    }
}

/// What kind of primitive a resource is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ResourceKind {
    Semaphore,
    BoundedSemaphore,
    Lock,
    Event,
    Condition,
    Queue,
    LifoQueue,
    PriorityQueue,
    RateLimiter,
    Pool,
    TaskGroup,
    Stream,
}

impl ResourceKind {
    /// The asyncio-style name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Semaphore => "Semaphore",
            ResourceKind::BoundedSemaphore => "BoundedSemaphore",
            ResourceKind::Lock => "Lock",
            ResourceKind::Event => "Event",
            ResourceKind::Condition => "Condition",
            ResourceKind::Queue => "Queue",
            ResourceKind::LifoQueue => "LifoQueue",
            ResourceKind::PriorityQueue => "PriorityQueue",
            ResourceKind::RateLimiter => "RateLimiter",
            ResourceKind::Pool => "Pool",
            ResourceKind::TaskGroup => "TaskGroup",
            ResourceKind::Stream => "Stream",
        }
    }
}

/// What a waiting task is waiting for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitKind {
    /// A timer (`sleep`).
    Sleep,
    /// Another task to finish.
    Task,
    /// Several tasks to finish (`gather`, `wait`, `as_completed`).
    Gather,
    /// The children of a task group.
    TaskGroup,
    /// A semaphore permit.
    Semaphore,
    /// A lock.
    Lock,
    /// An event to be set.
    Event,
    /// A condition to be notified.
    Condition,
    /// An item from a queue.
    QueueGet,
    /// Room in a full queue.
    QueuePut,
    /// A queue's unfinished count to reach zero.
    QueueJoin,
    /// Tokens from a rate limiter.
    RateLimiter,
    /// A resource from a pool.
    Pool,
    /// Something outside the runtime (a network request, a host callback).
    External,
    /// A yield to let others run (`sleep(0)`).
    Yield,
    /// Something the runtime does not know about.
    Unknown,
}

/// A waiting task's target: kind, and the resource, task or deadline it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitOn {
    /// What kind of wait.
    pub kind: WaitKind,
    /// The primitive waited on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceId>,
    /// The task waited on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskId>,
    /// When the wait ends by itself, if it has a deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Instant>,
}

impl WaitOn {
    /// A wait of `kind` with nothing named yet.
    pub const fn new(kind: WaitKind) -> WaitOn {
        WaitOn {
            kind,
            resource: None,
            task: None,
            until: None,
        }
    }

    /// A wait on a primitive.
    pub const fn resource(kind: WaitKind, resource: Option<ResourceId>) -> WaitOn {
        WaitOn {
            kind,
            resource,
            task: None,
            until: None,
        }
    }
}

impl fmt::Display for WaitOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            WaitKind::Sleep => "sleep",
            WaitKind::Task => "task",
            WaitKind::Gather => "gather",
            WaitKind::TaskGroup => "task group",
            WaitKind::Semaphore => "semaphore acquire",
            WaitKind::Lock => "lock acquire",
            WaitKind::Event => "event wait",
            WaitKind::Condition => "condition wait",
            WaitKind::QueueGet => "queue get",
            WaitKind::QueuePut => "queue put",
            WaitKind::QueueJoin => "queue join",
            WaitKind::RateLimiter => "rate limiter",
            WaitKind::Pool => "pool checkout",
            WaitKind::External => "external event",
            WaitKind::Yield => "yield",
            WaitKind::Unknown => "unknown",
        };
        f.write_str(what)?;
        if let Some(r) = self.resource {
            write!(f, " {r}")?;
        }
        if let Some(t) = self.task {
            write!(f, " {t}")?;
        }
        if let Some(u) = self.until {
            write!(f, " until {u}")?;
        }
        Ok(())
    }
}

/// How a task ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// It returned a value (shown as its debug text).
    Value {
        /// The value, as text.
        repr: String,
    },
    /// It failed with an error.
    Error {
        /// The error, as text.
        message: String,
    },
    /// It was cancelled.
    Cancelled {
        /// The message given to `cancel`, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<Rc<str>>,
    },
}

/// A primitive's observable state after a change. Only the fields that apply
/// to its kind are set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceState {
    /// Free permits (semaphores) or idle resources (pools).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permits: Option<u64>,
    /// Tasks waiting on it.
    pub waiters: u64,
    /// Items held (queues) or resources checked out (pools).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub len: Option<u64>,
    /// The task holding it (locks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<TaskId>,
    /// Tokens available (rate limiters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<f64>,
    /// Whether it is set (events) or closed (queues, pools).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<bool>,
    /// Items put but not yet marked done (queues).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unfinished: Option<u64>,
}

/// Which output stream a line went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// A task stuck in a deadlock, and what it waits on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StuckTask {
    /// The task.
    pub task: TaskId,
    /// Its name.
    pub name: Rc<str>,
    /// What it waits on.
    pub on: WaitOn,
}

/// Something the user should know about that is not an error of the program.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum Warning {
    /// No task can run and no timer is pending, yet tasks still wait.
    Deadlock {
        /// Every waiting task and what it waits on.
        stuck: Vec<StuckTask>,
    },
    /// A task failed and nobody ever looked at its error.
    ErrorNeverRetrieved {
        /// The task.
        task: TaskId,
        /// The error, as text.
        message: String,
    },
    /// One step of a task held the loop for longer than the threshold.
    LoopBlocked {
        /// The task whose step blocked.
        task: TaskId,
        /// How long, in milliseconds.
        millis: f64,
    },
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// A task was created.
    TaskSpawned {
        /// The new task.
        task: TaskId,
        /// Its name.
        name: Rc<str>,
        /// The task that created it, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<TaskId>,
    },
    /// A task became runnable.
    TaskReady {
        /// The task.
        task: TaskId,
    },
    /// A task started a step.
    TaskRunning {
        /// The task.
        task: TaskId,
    },
    /// A task's step ended with the task waiting.
    TaskWaiting {
        /// The task.
        task: TaskId,
        /// What it waits on.
        on: WaitOn,
    },
    /// A task finished.
    TaskDone {
        /// The task.
        task: TaskId,
        /// How it ended.
        outcome: Outcome,
    },
    /// Somebody asked a task to cancel.
    CancelRequested {
        /// The task asked to cancel.
        task: TaskId,
        /// The task that asked, if it was a task.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<TaskId>,
        /// The message given, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<Rc<str>>,
    },
    /// A primitive was created.
    ResourceCreated {
        /// The new primitive.
        resource: ResourceId,
        /// Its kind.
        kind: ResourceKind,
        /// Its name (given, or made from kind and id).
        name: Rc<str>,
        /// Its capacity (permits, max size, burst), if it has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        capacity: Option<u64>,
    },
    /// A primitive's state changed.
    ResourceState {
        /// The primitive.
        resource: ResourceId,
        /// Its state now.
        state: ResourceState,
    },
    /// A task took hold of a primitive (permit, lock, pooled resource).
    Acquired {
        /// The primitive.
        resource: ResourceId,
        /// The task, if a task was running.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        task: Option<TaskId>,
    },
    /// A task let go of a primitive.
    Released {
        /// The primitive.
        resource: ResourceId,
        /// The task, if a task was running.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        task: Option<TaskId>,
    },
    /// The program wrote a line.
    Output {
        /// The task that wrote it, if a task was running.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        task: Option<TaskId>,
        /// Which stream.
        stream: Stream,
        /// The text, without the line end.
        text: Rc<str>,
    },
    /// A warning.
    Warning(Warning),
}

/// One entry of the trace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Position in the stream, from 0, counting dropped events too.
    pub seq: u64,
    /// Host-clock time.
    pub at: Instant,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// The bounded event buffer of one runtime.
#[derive(Debug)]
pub struct Trace {
    events: Vec<Event>,
    capacity: usize,
    enabled: bool,
    next_seq: u64,
    dropped: u64,
}

/// How many events a trace holds unless told otherwise.
pub const DEFAULT_CAPACITY: usize = 1 << 20;

impl Trace {
    pub(crate) fn new(enabled: bool, capacity: usize) -> Trace {
        Trace {
            events: Vec::new(),
            capacity,
            enabled,
            next_seq: 0,
            dropped: 0,
        }
    }

    /// Whether events are being recorded.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The most events held at once.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many events were not kept because the buffer was full.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The events held now, oldest first.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Takes the events held now, leaving room for new ones.
    pub fn drain(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    #[inline]
    pub(crate) fn push(&mut self, at: Instant, kind: EventKind) {
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.events.len() < self.capacity {
            self.events.push(Event { seq, at, kind });
        } else {
            self.dropped += 1;
        }
    }

    /// The held events as JSON Lines: one event object per line.
    pub fn to_json_lines(&self) -> String {
        let mut out = String::new();
        for e in &self.events {
            // Serialising our own plain types cannot fail.
            if let Ok(line) = serde_json::to_string(e) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }

    /// The held events in Chrome Trace Event Format, which Perfetto and
    /// `chrome://tracing` open. See [`chrome_trace`].
    pub fn to_chrome_trace(&self) -> String {
        chrome_trace(&self.events, self.dropped)
    }
}

/// Converts events to Chrome Trace Event Format JSON.
///
/// Each task is a thread (`tid` = task id) of process 1, named after the
/// task. A step of a task is a complete (`X`) slice named `run`; a wait is a
/// slice named after what it waits on; spawn, cancel requests, acquire and
/// release, output and warnings are instant (`i`) events; each primitive's
/// state is a counter (`C`) track. Timestamps are microseconds.
pub fn chrome_trace(events: &[Event], dropped: u64) -> String {
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    fn us(t: Instant) -> f64 {
        t.as_nanos() as f64 / 1000.0
    }

    let mut out: Vec<Value> = Vec::new();
    out.push(json!({"ph": "M", "pid": 1, "name": "process_name", "args": {"name": "looplab"}}));
    let mut names: BTreeMap<u64, Rc<str>> = BTreeMap::new();
    let mut resource_names: BTreeMap<u64, Rc<str>> = BTreeMap::new();
    // Per task: (open slice name, start time).
    let mut open: BTreeMap<u64, (String, Instant)> = BTreeMap::new();
    let mut last = Instant::ZERO;

    let close = |out: &mut Vec<Value>,
                 task: u64,
                 at: Instant,
                 open: &mut BTreeMap<u64, (String, Instant)>| {
        if let Some((name, start)) = open.remove(&task) {
            out.push(json!({"ph": "X", "pid": 1, "tid": task, "name": name, "ts": us(start), "dur": us(at) - us(start)}));
        }
    };

    for e in events {
        last = last.max(e.at);
        let ts = us(e.at);
        match &e.kind {
            EventKind::TaskSpawned { task, name, parent } => {
                names.insert(task.0, name.clone());
                out.push(json!({"ph": "M", "pid": 1, "tid": task.0, "name": "thread_name", "args": {"name": format!("{name} {task}")}}));
                out.push(json!({"ph": "i", "s": "t", "pid": 1, "tid": task.0, "ts": ts, "name": "spawn", "args": {"parent": parent.map(|p| p.0)}}));
            }
            EventKind::TaskReady { task } => {
                close(&mut out, task.0, e.at, &mut open);
                open.insert(task.0, ("ready".to_string(), e.at));
            }
            EventKind::TaskRunning { task } => {
                close(&mut out, task.0, e.at, &mut open);
                open.insert(task.0, ("run".to_string(), e.at));
            }
            EventKind::TaskWaiting { task, on } => {
                close(&mut out, task.0, e.at, &mut open);
                open.insert(task.0, (format!("wait: {on}"), e.at));
            }
            EventKind::TaskDone { task, outcome } => {
                close(&mut out, task.0, e.at, &mut open);
                out.push(json!({"ph": "i", "s": "t", "pid": 1, "tid": task.0, "ts": ts, "name": "done", "args": outcome}));
            }
            EventKind::CancelRequested { task, by, message } => {
                out.push(json!({"ph": "i", "s": "t", "pid": 1, "tid": task.0, "ts": ts, "name": "cancel", "args": {"by": by.map(|b| b.0), "message": message}}));
            }
            EventKind::ResourceCreated {
                resource,
                kind,
                name,
                capacity,
            } => {
                resource_names.insert(resource.0, name.clone());
                out.push(json!({"ph": "i", "s": "g", "pid": 1, "tid": 0, "ts": ts, "name": format!("create {} {name}", kind.as_str()), "args": {"capacity": capacity}}));
            }
            EventKind::ResourceState { resource, state } => {
                let name = resource_names
                    .get(&resource.0)
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| resource.to_string());
                let mut args = serde_json::Map::new();
                args.insert("waiters".into(), json!(state.waiters));
                if let Some(p) = state.permits {
                    args.insert("permits".into(), json!(p));
                }
                if let Some(l) = state.len {
                    args.insert("len".into(), json!(l));
                }
                if let Some(t) = state.tokens {
                    args.insert("tokens".into(), json!(t));
                }
                out.push(json!({"ph": "C", "pid": 1, "ts": ts, "name": name, "args": args}));
            }
            EventKind::Acquired { resource, task } | EventKind::Released { resource, task } => {
                let verb = if matches!(e.kind, EventKind::Acquired { .. }) {
                    "acquire"
                } else {
                    "release"
                };
                let name = resource_names
                    .get(&resource.0)
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| resource.to_string());
                out.push(json!({"ph": "i", "s": "t", "pid": 1, "tid": task.map(|t| t.0).unwrap_or(0), "ts": ts, "name": format!("{verb} {name}")}));
            }
            EventKind::Output { task, stream, text } => {
                out.push(json!({"ph": "i", "s": "t", "pid": 1, "tid": task.map(|t| t.0).unwrap_or(0), "ts": ts, "name": "output", "args": {"stream": stream, "text": text}}));
            }
            EventKind::Warning(w) => {
                out.push(json!({"ph": "i", "s": "g", "pid": 1, "tid": 0, "ts": ts, "name": "warning", "args": w}));
            }
        }
    }
    let open_tasks: Vec<u64> = open.keys().copied().collect();
    for task in open_tasks {
        close(&mut out, task, last, &mut open);
    }
    let doc = json!({"traceEvents": out, "displayTimeUnit": "ms", "otherData": {"dropped_events": dropped}});
    let mut s = String::new();
    let _ = write!(s, "{doc}");
    s
}
