//! A task's timeline: the stretches it spent pending, ready, running and
//! waiting, and the moments (markers) on it.
//!
//! Each task keeps one [`Step`] per state change, appended as events arrive;
//! a segment is a step together with the next step's time as its end, so the
//! end is never stored. A step is 32 bytes: its time, its event's position
//! (to tell apart the steps of one instant), the line a wait began on, and
//! a wait naming at most one of a resource, a task or a deadline (the waits
//! every primitive of the runtime records); a wait naming more is boxed.
//!
//! Steps are in time order (the model clamps times so that they never go
//! backwards), which makes "the state at time `t`" a binary search.

use crate::task::State;
use crate::Moment;
use looplab_core::trace::{ResourceId, TaskId, WaitKind, WaitOn};
use looplab_core::Instant;

/// What a stretch of a task's timeline was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegKind {
    /// Spawned and scheduled, but not run yet (asyncio: created, its first
    /// step queued). Draw it like [`SegKind::Ready`] if you like.
    Pending,
    /// Woken and queued to run.
    Ready,
    /// Running a step.
    Running,
    /// Waiting, for the kind of thing given.
    Waiting(WaitKind),
}

/// One stretch of a task's timeline.
///
/// On the virtual clock many steps take no time: a segment may start and
/// end at the same instant. Renderers usually skip those.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// When it began.
    pub start: Instant,
    /// When it ended; `None` while it goes on.
    pub end: Option<Instant>,
    /// What the task was doing.
    pub kind: SegKind,
    /// What the task waited on, for a waiting segment.
    pub on: Option<WaitOn>,
    /// The line of the program where a waiting task paused, when known.
    pub line: Option<u32>,
}

impl Segment {
    /// Its end, or `now` if it goes on.
    pub fn end_or(&self, now: Instant) -> Instant {
        self.end.unwrap_or(now)
    }
}

/// Something that happened to a task at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    /// When.
    pub at: Instant,
    /// What.
    pub kind: MarkerKind,
}

/// What a [`Marker`] marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// The task was spawned.
    Spawn,
    /// Somebody asked the task to cancel: a task, or nobody (the host, or
    /// the runtime shutting down).
    CancelRequested {
        /// The task that asked, if it was a task.
        by: Option<TaskId>,
    },
    /// The task returned a value.
    Done,
    /// The task failed with an error.
    Error,
    /// The task ended cancelled.
    Cancelled,
    /// The task took hold of a resource (a permit, a lock, a pooled
    /// resource, rate-limiter tokens).
    Acquire(ResourceId),
    /// The task let go of a resource.
    Release(ResourceId),
    /// The task wrote a line: its number among every line printed (the
    /// first is 0; see [`Model::output_total`](crate::Model::output_total)).
    Output(usize),
    /// A warning names the task: its index in
    /// [`Model::warnings`](crate::Model::warnings).
    Warning(usize),
}

/// A task switch: a task starting a step (a `TaskRunning` event).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Switch {
    /// When.
    pub at: Instant,
    /// The task that ran.
    pub task: TaskId,
    /// The event's position among those applied (see [`Moment`]).
    pub event: u64,
}

impl Switch {
    /// The moment right after the switch: the task has just started
    /// running, the one before it has just paused.
    pub fn moment(&self) -> Moment {
        Moment {
            at: self.at,
            event: self.event,
        }
    }
}

/// A task's state from one event on, packed (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum StepKind {
    Pending,
    Ready,
    Running,
    Waiting(WaitKind),
    WaitingOnResource(WaitKind, ResourceId),
    WaitingOnTask(WaitKind, TaskId),
    WaitingUntil(WaitKind, Instant),
    WaitingOther(Box<WaitOn>),
    /// Done, failed or cancelled.
    Finished(State),
}

/// One state change of a task.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Step {
    pub(crate) at: Instant,
    /// The position of the event that made it (see [`Moment`]).
    pub(crate) event: u32,
    /// For a wait: the line where the task paused (0: not known).
    pub(crate) line: u32,
    pub(crate) kind: StepKind,
}

// Keep a 10,000-task, million-event timeline small.
const _: () = assert!(std::mem::size_of::<Step>() <= 32);

impl StepKind {
    /// The step of a task that starts waiting on `on`.
    pub(crate) fn waiting(on: WaitOn) -> StepKind {
        match on {
            WaitOn {
                kind,
                resource: None,
                task: None,
                until: None,
            } => StepKind::Waiting(kind),
            WaitOn {
                kind,
                resource: Some(r),
                task: None,
                until: None,
            } => StepKind::WaitingOnResource(kind, r),
            WaitOn {
                kind,
                resource: None,
                task: Some(t),
                until: None,
            } => StepKind::WaitingOnTask(kind, t),
            WaitOn {
                kind,
                resource: None,
                task: None,
                until: Some(u),
            } => StepKind::WaitingUntil(kind, u),
            on => StepKind::WaitingOther(Box::new(on)),
        }
    }

    /// What a waiting step waits on.
    pub(crate) fn wait_on(&self) -> Option<WaitOn> {
        Some(match *self {
            StepKind::Waiting(kind) => WaitOn::new(kind),
            StepKind::WaitingOnResource(kind, r) => WaitOn::resource(kind, Some(r)),
            StepKind::WaitingOnTask(kind, t) => WaitOn {
                task: Some(t),
                ..WaitOn::new(kind)
            },
            StepKind::WaitingUntil(kind, u) => WaitOn {
                until: Some(u),
                ..WaitOn::new(kind)
            },
            StepKind::WaitingOther(ref on) => **on,
            _ => return None,
        })
    }

    pub(crate) fn state(&self) -> State {
        match *self {
            StepKind::Pending => State::Pending,
            StepKind::Ready => State::Ready,
            StepKind::Running => State::Running,
            StepKind::Finished(state) => state,
            _ => State::Waiting,
        }
    }

    /// The segment kind this step starts; `None` for the end of a task.
    fn seg_kind(&self) -> Option<SegKind> {
        Some(match *self {
            StepKind::Pending => SegKind::Pending,
            StepKind::Ready => SegKind::Ready,
            StepKind::Running => SegKind::Running,
            StepKind::Waiting(kind)
            | StepKind::WaitingOnResource(kind, _)
            | StepKind::WaitingOnTask(kind, _)
            | StepKind::WaitingUntil(kind, _) => SegKind::Waiting(kind),
            StepKind::WaitingOther(ref on) => SegKind::Waiting(on.kind),
            StepKind::Finished(_) => return None,
        })
    }
}

/// The segments made by `steps[i..]`.
#[derive(Clone, Debug)]
pub(crate) struct Segments<'a> {
    pub(crate) steps: &'a [Step],
    pub(crate) i: usize,
}

impl Iterator for Segments<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        loop {
            let step = self.steps.get(self.i)?;
            self.i += 1;
            let Some(kind) = step.kind.seg_kind() else {
                continue;
            };
            return Some(Segment {
                start: step.at,
                end: self.steps.get(self.i).map(|s| s.at),
                kind,
                on: step.kind.wait_on(),
                line: (step.line != 0).then_some(step.line),
            });
        }
    }
}
