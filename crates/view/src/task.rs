//! One row of the task table, and the summary counts by state.

use crate::timeline::{Marker, Segment, Segments, Step};
use crate::Moment;
use looplab_core::trace::{Outcome, ResourceId, TaskId, WaitOn};
use looplab_core::Instant;
use std::fmt;
use std::rc::Rc;
use std::time::Duration;

/// Where a task is in its life, as the task table shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Spawned (scheduled) but it has not run yet.
    Pending,
    /// Woken and queued to run its next step.
    Ready,
    /// Running a step.
    Running,
    /// Waiting for something (see [`TaskView::waiting_on`]).
    Waiting,
    /// Returned a value.
    Done,
    /// Ended with an error.
    Failed,
    /// Ended cancelled.
    Cancelled,
}

impl State {
    /// Every state, in the order the summary bar shows them.
    pub const ALL: [State; 7] = [
        State::Pending,
        State::Ready,
        State::Running,
        State::Waiting,
        State::Done,
        State::Failed,
        State::Cancelled,
    ];

    /// Whether the task has ended (done, failed or cancelled).
    pub fn is_finished(self) -> bool {
        matches!(self, State::Done | State::Failed | State::Cancelled)
    }

    /// The state's name in lower case, as the UI labels it.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Ready => "ready",
            State::Running => "running",
            State::Waiting => "waiting",
            State::Done => "done",
            State::Failed => "failed",
            State::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many tasks are in each state (the summary bar).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Counts {
    /// Spawned, not run yet.
    pub pending: usize,
    /// Queued to run.
    pub ready: usize,
    /// Running a step.
    pub running: usize,
    /// Waiting.
    pub waiting: usize,
    /// Returned a value.
    pub done: usize,
    /// Failed.
    pub failed: usize,
    /// Cancelled.
    pub cancelled: usize,
}

impl Counts {
    /// The count for one state.
    pub fn get(&self, state: State) -> usize {
        match state {
            State::Pending => self.pending,
            State::Ready => self.ready,
            State::Running => self.running,
            State::Waiting => self.waiting,
            State::Done => self.done,
            State::Failed => self.failed,
            State::Cancelled => self.cancelled,
        }
    }

    fn slot(&mut self, state: State) -> &mut usize {
        match state {
            State::Pending => &mut self.pending,
            State::Ready => &mut self.ready,
            State::Running => &mut self.running,
            State::Waiting => &mut self.waiting,
            State::Done => &mut self.done,
            State::Failed => &mut self.failed,
            State::Cancelled => &mut self.cancelled,
        }
    }

    /// Counts one more task in `state`.
    pub(crate) fn add(&mut self, state: State) {
        *self.slot(state) += 1;
    }

    /// Counts one task fewer in `state`.
    pub(crate) fn remove(&mut self, state: State) {
        let n = self.slot(state);
        *n = n.saturating_sub(1);
    }

    /// All tasks.
    pub fn total(&self) -> usize {
        State::ALL.iter().map(|&s| self.get(s)).sum()
    }

    /// Tasks that have not ended.
    pub fn live(&self) -> usize {
        self.pending + self.ready + self.running + self.waiting
    }

    /// Tasks that have ended.
    pub fn finished(&self) -> usize {
        self.done + self.failed + self.cancelled
    }
}

impl FromIterator<State> for Counts {
    /// Counts the states given (say, of the rows a filter keeps).
    fn from_iter<I: IntoIterator<Item = State>>(states: I) -> Counts {
        let mut counts = Counts::default();
        for state in states {
            counts.add(state);
        }
        counts
    }
}

/// Where a task's code is in the user's program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The line (1-based) of the coroutine function's `def`.
    pub line: u32,
    /// The coroutine function's name.
    pub function: Rc<str>,
}

/// One task, as the task table, the tree and the timeline show it.
///
/// Times are on the runtime's clock. Fields are kept up to date by
/// [`Model::apply`](crate::Model::apply); the timeline is read through
/// [`segments`](TaskView::segments) and [`markers`](TaskView::markers).
#[derive(Clone, Debug, PartialEq)]
pub struct TaskView {
    /// The task's id.
    pub id: TaskId,
    /// Its name (`Task-N` unless given; `#N` for a placeholder).
    pub name: Rc<str>,
    /// The task that spawned it, if any.
    pub parent: Option<TaskId>,
    /// The tasks it spawned, in spawn order.
    pub children: Vec<TaskId>,
    /// Its state now.
    pub state: State,
    /// What it waits on, while [`State::Waiting`].
    pub waiting_on: Option<WaitOn>,
    /// When it was spawned (for a placeholder: when it was first seen).
    pub spawned_at: Instant,
    /// When its first step started.
    pub started_at: Option<Instant>,
    /// When it ended.
    pub finished_at: Option<Instant>,
    /// How many steps it ran (the number of times it was polled).
    pub polls: u64,
    /// Total time spent running steps that have ended (see
    /// [`busy_at`](TaskView::busy_at) for a step still running).
    pub busy: Duration,
    /// Whether cancellation was requested, and by whom: `Some(Some(task))`
    /// by a task, `Some(None)` from outside any task. The latest request
    /// wins.
    pub cancel_requested_by: Option<Option<TaskId>>,
    /// The message of the latest cancel request, if it gave one.
    pub cancel_message: Option<Rc<str>>,
    /// How many times cancellation was requested.
    pub cancel_requests: u32,
    /// How it ended.
    pub outcome: Option<Outcome>,
    /// Where its code is, if an interpreter recorded it.
    pub source: Option<Source>,
    /// What the task did outside the loop, in words, when (`read app.log`,
    /// a query): the details of its file, database and network waits.
    pub notes: Vec<(Instant, Rc<str>)>,
    /// Resources it holds now (acquired and not released), oldest first. A
    /// resource acquired twice (two permits of one semaphore) is listed
    /// twice. Rate-limiter tokens are used up, not held, so they are not
    /// listed.
    pub held: Vec<ResourceId>,
    /// The moments on its timeline, in time order.
    pub markers: Vec<Marker>,
    /// Whether the spawn event was not seen (the trace started after the
    /// task was spawned): then the name, parent and `spawned_at` are
    /// guesses, and the timeline starts at the first event seen.
    pub partial: bool,
    /// The state changes (see [`crate::timeline`]).
    pub(crate) steps: Vec<Step>,
    /// When the step running now started.
    pub(crate) running_since: Option<Instant>,
}

impl TaskView {
    /// The latest note at or before `t`.
    pub fn note_at(&self, t: Instant) -> Option<&Rc<str>> {
        let i = self.notes.partition_point(|(at, _)| *at <= t);
        i.checked_sub(1)
            .and_then(|i| self.notes.get(i))
            .map(|(_, n)| n)
    }

    pub(crate) fn new(id: TaskId, name: Rc<str>, parent: Option<TaskId>, at: Instant) -> TaskView {
        TaskView {
            id,
            name,
            parent,
            children: Vec::new(),
            state: State::Pending,
            waiting_on: None,
            spawned_at: at,
            started_at: None,
            finished_at: None,
            polls: 0,
            busy: Duration::ZERO,
            cancel_requested_by: None,
            cancel_message: None,
            cancel_requests: 0,
            outcome: None,
            source: None,
            notes: Vec::new(),
            held: Vec::new(),
            markers: Vec::new(),
            partial: false,
            steps: Vec::new(),
            running_since: None,
        }
    }

    /// Whether it has ended.
    pub fn is_finished(&self) -> bool {
        self.state.is_finished()
    }

    /// Its outcome as text: the value's repr, the error message, or the
    /// cancel message. `None` before it ends, and for a cancellation
    /// without a message.
    pub fn outcome_text(&self) -> Option<&str> {
        match self.outcome.as_ref()? {
            Outcome::Value { repr } => Some(repr),
            Outcome::Error { message } => Some(message),
            Outcome::Cancelled { message } => message.as_deref(),
        }
    }

    /// Time from its spawn to its end, or to `now` if it goes on.
    pub fn elapsed(&self, now: Instant) -> Duration {
        self.finished_at
            .unwrap_or(now)
            .saturating_since(self.spawned_at)
    }

    /// Total running time up to `now`, counting a step still running.
    pub fn busy_at(&self, now: Instant) -> Duration {
        match self.running_since {
            Some(since) => self.busy + now.saturating_since(since),
            None => self.busy,
        }
    }

    /// Its timeline from the first event seen, oldest first. The last
    /// segment of a task that has not ended is open (`end: None`).
    pub fn segments(&self) -> impl Iterator<Item = Segment> + '_ {
        Segments {
            steps: &self.steps,
            i: 0,
        }
    }

    /// The segments that overlap or touch `from..=to`, oldest first: what a
    /// timeline shows in a window. Finds the first by binary search.
    pub fn segments_in(&self, from: Instant, to: Instant) -> impl Iterator<Item = Segment> + '_ {
        let first = self
            .steps
            .partition_point(|s| s.at < from)
            .saturating_sub(1);
        Segments {
            steps: &self.steps,
            i: first,
        }
        .take_while(move |s| s.start <= to)
        .filter(move |s| s.end.is_none_or(|end| end >= from))
    }

    /// How many state changes its timeline holds.
    pub fn step_count(&self) -> usize {
        self.steps.len()
    }

    /// The markers at times in `from..=to`, found by binary search.
    pub fn markers_in(&self, from: Instant, to: Instant) -> &[Marker] {
        let start = self.markers.partition_point(|m| m.at < from);
        let end = self.markers.partition_point(|m| m.at <= to);
        self.markers.get(start..end).unwrap_or_default()
    }

    /// Its state at a moment (an [`Instant`] means after every event
    /// stamped then), and what it waited on then. `None` before the first
    /// event seen for it.
    pub fn state_at(&self, m: impl Into<Moment>) -> Option<(State, Option<WaitOn>)> {
        let step = self.step_at(m.into())?;
        Some((step.kind.state(), step.kind.wait_on()))
    }

    /// Whether it existed at a moment (its first event had happened).
    pub fn exists_at(&self, m: impl Into<Moment>) -> bool {
        self.step_at(m.into()).is_some()
    }

    /// The line of the program where it last paused at or before a moment:
    /// where it waits then, or, running again, where it resumed. `None` if
    /// it never paused on a line of the program by then.
    pub fn line_at(&self, m: impl Into<Moment>) -> Option<u32> {
        self.steps
            .get(..self.steps_by(m.into()))?
            .iter()
            .rev()
            .find(|s| s.line != 0)
            .map(|s| s.line)
    }

    /// When it entered the state it is in at a moment.
    pub fn state_since(&self, m: impl Into<Moment>) -> Option<Instant> {
        self.step_at(m.into()).map(|s| s.at)
    }

    fn step_at(&self, m: Moment) -> Option<&Step> {
        self.steps.get(self.steps_by(m).checked_sub(1)?)
    }

    /// How many of its steps had happened by moment `m`.
    fn steps_by(&self, m: Moment) -> usize {
        self.steps.partition_point(|s| m.has_seen(s.at, s.event))
    }
}
