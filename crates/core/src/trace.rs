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
//!
//! While recording, the buffer keeps events in a compact form and turns
//! them into [`Event`]s when they are read; a reader sees exactly the events
//! recorded, with the same sequence numbers and times.

use crate::time::Instant;
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;
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
    /// An open file (`aiofiles.open`, `open`): held by the task that opened
    /// it until it is closed.
    File,
    /// A database connection: held by the task that checked it out.
    Connection,
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
            ResourceKind::File => "File",
            ResourceKind::Connection => "Connection",
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
    /// A file operation (open, read, write, stat …) taking its time.
    File,
    /// A database query or connect taking its time.
    Database,
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
            WaitKind::File => "file",
            WaitKind::Database => "database",
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
    /// A coroutine was created and dropped without ever being awaited
    /// (CPython's `RuntimeWarning: coroutine '…' was never awaited`).
    NeverAwaited {
        /// The task that dropped it, if one was running.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        task: Option<TaskId>,
        /// The coroutine function's qualified name (`save`, `Queue.get`).
        coroutine: Rc<str>,
        /// The line of the program where it was dropped, if known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
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
        /// The line of the program where it paused, when the runtime has
        /// a line source and the task has run a line of the program.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
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
    /// Where in the user's program a task's code is (recorded by an
    /// interpreter when it starts a task from a coroutine function).
    TaskSource {
        /// The task.
        task: TaskId,
        /// The line (1-based) of the coroutine function's `def`.
        line: u32,
        /// The coroutine function's name.
        function: Rc<str>,
    },
    /// A task got a new name (`Task.set_name`).
    TaskRenamed {
        /// The task.
        task: TaskId,
        /// Its name now.
        name: Rc<str>,
    },
    /// What a task is doing outside the loop, in words, recorded just
    /// before it waits on it: `read app.log`, `SELECT * FROM users · conn
    /// 2`. Views show it as the detail of the wait that follows.
    TaskNote {
        /// The task.
        task: TaskId,
        /// The text.
        text: Rc<str>,
    },
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
///
/// Events are stored compactly while they are recorded (most kinds in 24
/// bytes, the clock reading only when it changes, outcome texts in one
/// shared buffer) and turned into [`Event`]s when the trace is read:
/// [`events`](Trace::events) decodes them once and keeps the result (later
/// events are then stored decoded); [`drain`](Trace::drain) decodes and
/// hands them over. Every reading gives exactly the events recorded.
pub struct Trace {
    /// Compact records in fixed-size chunks (growing never moves them).
    recs: Vec<Vec<Rec>>,
    /// The texts of task outcomes, which `Rec::Done` points into.
    text: String,
    /// The clock reading of the last record (the decoder starts at zero).
    last_at: Instant,
    /// Events held (stored compactly or decoded).
    held: usize,
    /// The sequence number of the first held event.
    first_seq: u64,
    /// The held events, decoded, once they have been read.
    decoded: OnceCell<Vec<Event>>,
    capacity: usize,
    enabled: bool,
    next_seq: u64,
    dropped: u64,
}

/// How many events a trace holds unless told otherwise.
pub const DEFAULT_CAPACITY: usize = 1 << 20;

/// Records per storage chunk.
const CHUNK: usize = 4096;
/// The initial room for outcome texts, in bytes.
const TEXT_CHUNK: usize = 1 << 16;

/// One stored record: an event, or the clock moving on.
#[derive(Debug)]
pub(crate) enum Rec {
    /// Later records happen at this time.
    At(Instant),
    /// A task with the default name `Task-N`; a parent of 0 is none.
    Spawned {
        task: u64,
        parent: u64,
    },
    Ready(u64),
    Running(u64),
    /// `target`: 0 none, 1 resource, 2 task, 3 deadline (in `value`);
    /// `line` 0 is none.
    Waiting {
        task: u64,
        kind: WaitKind,
        target: u8,
        line: u32,
        value: u64,
    },
    /// `outcome`: 0 value, 1 error (text in `Trace::text`), 2 cancelled
    /// without a message.
    Done {
        task: u64,
        outcome: u8,
        start: u32,
        len: u32,
    },
    /// See [`pack_state`].
    State {
        resource: u32,
        waiters: u32,
        b: u32,
        c: u32,
        fields: u8,
    },
    /// A task of 0 is none.
    Acquired {
        resource: u64,
        task: u64,
    },
    /// A task of 0 is none.
    Released {
        resource: u64,
        task: u64,
    },
    Other(Box<EventKind>),
}

/// A task outcome as the runtime reports it, before it is text.
pub(crate) enum DoneWith<'a> {
    Value(&'a dyn fmt::Debug),
    Error(&'a dyn fmt::Display),
    Cancelled(Option<Rc<str>>),
}

impl DoneWith<'_> {
    fn outcome(self) -> Outcome {
        match self {
            DoneWith::Value(v) => Outcome::Value {
                repr: format!("{v:?}"),
            },
            DoneWith::Error(e) => Outcome::Error {
                message: e.to_string(),
            },
            DoneWith::Cancelled(message) => Outcome::Cancelled { message },
        }
    }
}

fn opt_id(id: u64) -> Option<TaskId> {
    (id != 0).then_some(TaskId(id))
}

/// Packs a resource's state into a `Rec::State` if every value fits: the
/// id and waiters in 32 bits, no tokens, and at most two of permits, len,
/// holder and unfinished (each in 32 bits, in `b` then `c`). `fields`
/// holds the flag (bits 0-1: none, false, true) and which field `b` and `c`
/// hold (bits 2-4 and 5-7: none, permits, len, holder, unfinished).
#[inline]
fn pack_state(resource: ResourceId, state: &ResourceState) -> Option<Rec> {
    #[inline(always)]
    fn put(slots: &mut (u8, u32, u32, u32), field: u8, value: Option<u64>) -> bool {
        let Some(v) = value else { return true };
        let Ok(v) = u32::try_from(v) else {
            return false;
        };
        match slots.0 {
            0 => slots.1 = v,
            1 => slots.2 = v,
            _ => return false,
        }
        slots.3 |= u32::from(field) << (2 + 3 * u32::from(slots.0));
        slots.0 += 1;
        true
    }
    if state.tokens.is_some() {
        return None;
    }
    let flag = match state.flag {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    };
    // (values used, b, c, fields)
    let mut slots = (0u8, 0u32, 0u32, flag);
    let fits = put(&mut slots, 1, state.permits)
        && put(&mut slots, 2, state.len)
        && put(&mut slots, 3, state.holder.map(|t| t.0))
        && put(&mut slots, 4, state.unfinished);
    if !fits {
        return None;
    }
    Some(Rec::State {
        resource: u32::try_from(resource.0).ok()?,
        waiters: u32::try_from(state.waiters).ok()?,
        b: slots.1,
        c: slots.2,
        fields: u8::try_from(slots.3).ok()?,
    })
}

fn unpack_state(waiters: u32, b: u32, c: u32, fields: u8) -> ResourceState {
    let mut state = ResourceState {
        waiters: u64::from(waiters),
        flag: match fields & 3 {
            0 => None,
            1 => Some(false),
            _ => Some(true),
        },
        ..ResourceState::default()
    };
    for (sel, v) in [((fields >> 2) & 7, b), (fields >> 5, c)] {
        let v = u64::from(v);
        match sel {
            1 => state.permits = Some(v),
            2 => state.len = Some(v),
            3 => state.holder = Some(TaskId(v)),
            4 => state.unfinished = Some(v),
            _ => {}
        }
    }
    state
}

impl Rec {
    /// A task became runnable.
    pub(crate) fn ready(task: TaskId) -> Rec {
        Rec::Ready(task.0)
    }

    /// A task started a step.
    pub(crate) fn running(task: TaskId) -> Rec {
        Rec::Running(task.0)
    }

    /// A task's step ended with the task waiting.
    pub(crate) fn waiting(task: TaskId, on: WaitOn, line: Option<u32>) -> Rec {
        Rec::pack_waiting(task, on, line)
            .unwrap_or_else(|| Rec::Other(Box::new(EventKind::TaskWaiting { task, on, line })))
    }

    /// A primitive's state changed.
    #[inline]
    pub(crate) fn state(resource: ResourceId, state: ResourceState) -> Rec {
        match pack_state(resource, &state) {
            Some(rec) => rec,
            None => Rec::other_state(resource, state),
        }
    }

    #[cold]
    fn other_state(resource: ResourceId, state: ResourceState) -> Rec {
        Rec::Other(Box::new(EventKind::ResourceState { resource, state }))
    }

    /// A task took hold of (`acquired`) or let go of a primitive.
    pub(crate) fn mark(acquired: bool, resource: ResourceId, task: Option<TaskId>) -> Rec {
        if task == Some(TaskId(0)) {
            return Rec::Other(Box::new(if acquired {
                EventKind::Acquired { resource, task }
            } else {
                EventKind::Released { resource, task }
            }));
        }
        let task = task.map_or(0, |t| t.0);
        if acquired {
            Rec::Acquired {
                resource: resource.0,
                task,
            }
        } else {
            Rec::Released {
                resource: resource.0,
                task,
            }
        }
    }

    fn pack_waiting(task: TaskId, on: WaitOn, line: Option<u32>) -> Option<Rec> {
        let (target, value) = match on {
            WaitOn {
                resource: None,
                task: None,
                until: None,
                ..
            } => (0, 0),
            WaitOn {
                resource: Some(r),
                task: None,
                until: None,
                ..
            } => (1, r.0),
            WaitOn {
                resource: None,
                task: Some(t),
                until: None,
                ..
            } => (2, t.0),
            WaitOn {
                resource: None,
                task: None,
                until: Some(u),
                ..
            } => (3, u.as_nanos()),
            _ => return None,
        };
        Some(Rec::Waiting {
            task: task.0,
            kind: on.kind,
            target,
            line: match line {
                None => 0,
                Some(0) => return None,
                Some(l) => l,
            },
            value,
        })
    }

    /// The compact form of an event, or the event itself boxed.
    fn pack(kind: EventKind) -> Rec {
        match kind {
            EventKind::TaskReady { task } => Rec::ready(task),
            EventKind::TaskRunning { task } => Rec::running(task),
            EventKind::TaskWaiting { task, on, line } => Rec::waiting(task, on, line),
            EventKind::TaskDone {
                task,
                outcome: Outcome::Cancelled { message: None },
            } => Rec::Done {
                task: task.0,
                outcome: 2,
                start: 0,
                len: 0,
            },
            EventKind::ResourceState { resource, state } => Rec::state(resource, state),
            EventKind::Acquired { resource, task } => Rec::mark(true, resource, task),
            EventKind::Released { resource, task } => Rec::mark(false, resource, task),
            kind => Rec::Other(Box::new(kind)),
        }
    }

    /// The event a record stands for (`None` for a clock record).
    fn unpack(&self, text: &str) -> Option<EventKind> {
        Some(match *self {
            Rec::At(_) => return None,
            Rec::Spawned { task, parent } => EventKind::TaskSpawned {
                task: TaskId(task),
                name: format!("Task-{task}").into(),
                parent: opt_id(parent),
            },
            Rec::Ready(task) => EventKind::TaskReady { task: TaskId(task) },
            Rec::Running(task) => EventKind::TaskRunning { task: TaskId(task) },
            Rec::Waiting {
                task,
                kind,
                target,
                line,
                value,
            } => {
                let mut on = WaitOn::new(kind);
                match target {
                    1 => on.resource = Some(ResourceId(value)),
                    2 => on.task = Some(TaskId(value)),
                    3 => on.until = Some(Instant::from_nanos(value)),
                    _ => {}
                }
                EventKind::TaskWaiting {
                    task: TaskId(task),
                    on,
                    line: (line != 0).then_some(line),
                }
            }
            Rec::Done {
                task,
                outcome,
                start,
                len,
            } => {
                let s = start as usize;
                let t = text
                    .get(s..s + len as usize)
                    .unwrap_or_default()
                    .to_string();
                EventKind::TaskDone {
                    task: TaskId(task),
                    outcome: match outcome {
                        0 => Outcome::Value { repr: t },
                        1 => Outcome::Error { message: t },
                        _ => Outcome::Cancelled { message: None },
                    },
                }
            }
            Rec::State {
                resource,
                waiters,
                b,
                c,
                fields,
            } => EventKind::ResourceState {
                resource: ResourceId(u64::from(resource)),
                state: unpack_state(waiters, b, c, fields),
            },
            Rec::Acquired { resource, task } => EventKind::Acquired {
                resource: ResourceId(resource),
                task: opt_id(task),
            },
            Rec::Released { resource, task } => EventKind::Released {
                resource: ResourceId(resource),
                task: opt_id(task),
            },
            Rec::Other(ref kind) => (**kind).clone(),
        })
    }
}

impl fmt::Debug for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trace")
            .field("events", &self.events())
            .field("capacity", &self.capacity)
            .field("enabled", &self.enabled)
            .field("next_seq", &self.next_seq)
            .field("dropped", &self.dropped)
            .finish()
    }
}

impl Trace {
    pub(crate) fn new(enabled: bool, capacity: usize) -> Trace {
        Trace {
            recs: Vec::new(),
            text: String::new(),
            last_at: Instant::ZERO,
            held: 0,
            first_seq: 0,
            decoded: OnceCell::new(),
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
        self.decoded.get_or_init(|| self.decode())
    }

    /// Takes the events held now, leaving room for new ones.
    pub fn drain(&mut self) -> Vec<Event> {
        let events = match self.decoded.take() {
            Some(events) => events,
            None => self.decode(),
        };
        self.clear_compact();
        self.held = 0;
        self.first_seq = self.next_seq;
        events
    }

    fn decode(&self) -> Vec<Event> {
        let mut events = Vec::with_capacity(self.held);
        let mut at = Instant::ZERO;
        let mut seq = self.first_seq;
        for rec in self.recs.iter().flatten() {
            if let Rec::At(t) = *rec {
                at = t;
            } else if let Some(kind) = rec.unpack(&self.text) {
                events.push(Event { seq, at, kind });
                seq += 1;
            }
        }
        events
    }

    fn clear_compact(&mut self) {
        self.recs.clear();
        self.text.clear();
        self.last_at = Instant::ZERO;
    }

    /// Claims a sequence number and room for one event; `None` if the event
    /// is dropped.
    #[inline(always)]
    fn admit(&mut self) -> Option<u64> {
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.held < self.capacity {
            self.held += 1;
            Some(seq)
        } else {
            self.dropped += 1;
            None
        }
    }

    /// Where decoded events go once the trace has been read.
    fn decoded_mut(&mut self) -> Option<&mut Vec<Event>> {
        let events = self.decoded.get_mut()?;
        if !self.recs.is_empty() {
            // The compact copy is no longer needed.
            self.recs.clear();
            self.text.clear();
            self.last_at = Instant::ZERO;
        }
        Some(events)
    }

    #[inline(always)]
    fn store(&mut self, at: Instant, rec: Rec) {
        if at != self.last_at {
            self.last_at = at;
            self.store_rec(Rec::At(at));
        }
        self.store_rec(rec);
    }

    #[inline(always)]
    fn store_rec(&mut self, rec: Rec) {
        match self.recs.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(rec),
            _ => self.store_in_new_chunk(rec),
        }
    }

    #[cold]
    fn store_in_new_chunk(&mut self, rec: Rec) {
        let mut chunk = Vec::with_capacity(CHUNK);
        chunk.push(rec);
        self.recs.push(chunk);
    }

    pub(crate) fn push(&mut self, at: Instant, kind: EventKind) {
        let Some(seq) = self.admit() else { return };
        if let Some(events) = self.decoded_mut() {
            events.push(Event { seq, at, kind });
            return;
        }
        self.store(at, Rec::pack(kind));
    }

    /// Records an event given in its compact form (not `Rec::Done`, whose
    /// text lives in the trace: see `push_done`).
    #[inline(always)]
    pub(crate) fn push_rec(&mut self, at: Instant, rec: Rec) {
        if self.decoded.get().is_some() {
            if let Some(kind) = rec.unpack(&self.text) {
                self.push(at, kind);
            }
            return;
        }
        if self.admit().is_some() {
            self.store(at, rec);
        }
    }

    /// Records a task's spawn; a task without a name is `Task-N`.
    pub(crate) fn push_spawned(
        &mut self,
        at: Instant,
        task: TaskId,
        parent: Option<TaskId>,
        name: Option<Rc<str>>,
    ) {
        match name {
            None if self.decoded.get().is_none() && parent != Some(TaskId(0)) => {
                if self.admit().is_some() {
                    let parent = parent.map_or(0, |p| p.0);
                    self.store(
                        at,
                        Rec::Spawned {
                            task: task.0,
                            parent,
                        },
                    );
                }
            }
            name => {
                let name = name.unwrap_or_else(|| format!("Task-{}", task.0).into());
                self.push(at, EventKind::TaskSpawned { task, name, parent });
            }
        }
    }

    /// Records how a task ended, writing a value or error as text straight
    /// into the trace.
    pub(crate) fn push_done(&mut self, at: Instant, task: TaskId, done: DoneWith<'_>) {
        if self.decoded.get().is_some() {
            self.push(
                at,
                EventKind::TaskDone {
                    task,
                    outcome: done.outcome(),
                },
            );
            return;
        }
        if self.text.capacity() == 0 {
            self.text.reserve(TEXT_CHUNK);
        }
        let (outcome, start) = match done {
            DoneWith::Value(v) => {
                let start = self.text.len();
                let _ = write!(self.text, "{v:?}");
                (0, start)
            }
            DoneWith::Error(e) => {
                let start = self.text.len();
                let _ = write!(self.text, "{e}");
                (1, start)
            }
            DoneWith::Cancelled(message) => {
                let outcome = Outcome::Cancelled { message };
                self.push(at, EventKind::TaskDone { task, outcome });
                return;
            }
        };
        let Some(_) = self.admit() else {
            self.text.truncate(start);
            return;
        };
        let end = self.text.len();
        let rec = match (u32::try_from(start), u32::try_from(end - start)) {
            (Ok(s), Ok(len)) => Rec::Done {
                task: task.0,
                outcome,
                start: s,
                len,
            },
            _ => {
                let t = self.text.get(start..).unwrap_or_default().to_string();
                self.text.truncate(start);
                Rec::Other(Box::new(EventKind::TaskDone {
                    task,
                    outcome: if outcome == 0 {
                        Outcome::Value { repr: t }
                    } else {
                        Outcome::Error { message: t }
                    },
                }))
            }
        };
        self.store(at, rec);
    }

    /// The held events as JSON Lines: one event object per line.
    pub fn to_json_lines(&self) -> String {
        let mut out = String::new();
        for e in self.events() {
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
        chrome_trace(self.events(), self.dropped)
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
            EventKind::TaskWaiting { task, on, line } => {
                close(&mut out, task.0, e.at, &mut open);
                let label = match line {
                    Some(l) => format!("wait: {on} (line {l})"),
                    None => format!("wait: {on}"),
                };
                open.insert(task.0, (label, e.at));
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
            EventKind::TaskSource { .. } => {}
            EventKind::TaskNote { task, text } => {
                out.push(
                    json!({"ph": "i", "s": "t", "pid": 1, "tid": task.0, "ts": ts, "name": text}),
                );
            }
            EventKind::TaskRenamed { task, name } => {
                names.insert(task.0, name.clone());
                out.push(json!({"ph": "M", "pid": 1, "tid": task.0, "name": "thread_name", "args": {"name": format!("{name} {task}")}}));
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
