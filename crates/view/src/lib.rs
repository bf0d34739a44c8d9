//! The playground's view model: plain Rust that turns the runtime's trace
//! into what the UI shows — the task table and tree, the summary counts,
//! each task's timeline, the resources panel, warnings in plain English,
//! and the program's output.
//!
//! A [`Model`] is fed [`Event`]s as they come ([`Model::apply`], or
//! [`Extend`] with a batch drained from the runtime) and keeps every view up
//! to date as it goes: applying an event costs O(1) amortised (a release
//! searches the few holders of its resource), and no query rescans the
//! events. Scrubbing back in time ([`Model::state_at`],
//! [`Model::resource_state_at`]) is a binary search over the per-task and
//! per-resource histories, which are stored compactly (24 bytes per task
//! state change, 32 per resource state change).
//!
//! The trace may start in the middle of a run (a bounded trace, or a view
//! opened late): events about a task or resource never introduced create a
//! placeholder row marked [`partial`](TaskView::partial) instead of being
//! lost.
//!
//! ```
//! use looplab_core::{sleep, spawn_named, Error, Instant, Runtime};
//! use looplab_view::{Model, State};
//! use std::time::Duration;
//!
//! # fn demo() -> Option<()> {
//! let rt = Runtime::new_virtual();
//! let _ = rt.block_on(async {
//!     let nap = spawn_named("nap", async {
//!         sleep(Duration::from_secs(2)).await?;
//!         Ok::<_, Error>(())
//!     });
//!     nap.await
//! });
//! let mut model = Model::new();
//! model.extend(rt.drain_trace());
//! let nap = &model.tasks()[1];
//! assert_eq!(&*nap.name, "nap");
//! assert_eq!(nap.state, State::Done);
//! assert_eq!(nap.finished_at, Some(Instant::from_secs_f64(2.0)));
//! // Scrubbing back to 1 s: it was asleep.
//! let (state, on) = nap.state_at(Instant::from_secs_f64(1.0))?;
//! assert_eq!(state, State::Waiting);
//! assert_eq!(model.describe_wait(&on?), "sleep until 2.000s");
//! # Some(())
//! # }
//! # assert!(demo().is_some());
//! ```

mod describe;
mod idmap;
mod moment;
mod resource;
mod task;
mod timeline;

pub use moment::Moment;
pub use resource::ResourceView;
pub use task::{Counts, Source, State, TaskView};
pub use timeline::{Marker, MarkerKind, SegKind, Segment, Switch};

use idmap::RowMap;
use looplab_core::trace::{
    Event, EventKind, Outcome, ResourceId, ResourceKind, ResourceState, Stream, TaskId, WaitOn,
    Warning,
};
use looplab_core::Instant;
use std::rc::Rc;
use timeline::{Step, StepKind};

/// A line the program wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputLine {
    /// When.
    pub at: Instant,
    /// The task that wrote it, if a task was running.
    pub task: Option<TaskId>,
    /// Which stream.
    pub stream: Stream,
    /// The text, without the line end.
    pub text: Rc<str>,
}

/// Output lines a model keeps: the latest ones (a program may print
/// millions; [`Model::output_total`] counts them all).
pub const OUTPUT_KEPT: usize = 10_000;

/// Output lines that get a marker on their task's lane; later lines are
/// still kept and counted, but not marked.
pub const OUTPUT_MARKED: u64 = 100_000;

/// Everything the UI shows about one run, built from its trace.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    tasks: Vec<TaskView>,
    task_rows: RowMap,
    roots: Vec<TaskId>,
    counts: Counts,
    resources: Vec<ResourceView>,
    resource_rows: RowMap,
    warnings: Vec<(Instant, Warning)>,
    /// The latest output lines: between [`OUTPUT_KEPT`] and twice that
    /// many once the program has printed that much.
    output: Vec<OutputLine>,
    /// Output lines printed in all (the first kept one is number
    /// `output_total - output.len()`).
    output_total: u64,
    switches: Vec<Switch>,
    end: Instant,
    events: u64,
    next_seq: Option<u64>,
    missed: u64,
}

impl Model {
    /// An empty model.
    pub fn new() -> Model {
        Model::default()
    }

    /// Forgets everything (a new run).
    pub fn clear(&mut self) {
        *self = Model::new();
    }

    /// Takes one event into account.
    ///
    /// Events must come in trace order. A time earlier than the previous
    /// event's (which the runtime never records) is taken as the previous
    /// time, so that every history stays sorted.
    pub fn apply(&mut self, e: &Event) {
        let at = e.at.max(self.end);
        self.end = at;
        self.events += 1;
        if let Some(next) = self.next_seq {
            self.missed += e.seq.saturating_sub(next);
        }
        self.next_seq = Some(e.seq.saturating_add(1));
        match &e.kind {
            EventKind::TaskSpawned { task, name, parent } => {
                self.spawned(at, *task, name, *parent);
            }
            EventKind::TaskReady { task } => {
                let row = self.task_row(*task, at);
                self.set_state(row, at, StepKind::Ready, None, None);
            }
            EventKind::TaskRunning { task } => {
                let row = self.task_row(*task, at);
                self.set_state(row, at, StepKind::Running, None, None);
                if let Some(t) = self.tasks.get_mut(row) {
                    t.polls += 1;
                    t.started_at.get_or_insert(at);
                    t.running_since = Some(at);
                }
                self.switches.push(Switch {
                    at,
                    task: *task,
                    event: self.event(),
                });
            }
            EventKind::TaskWaiting { task, on, line } => {
                let row = self.task_row(*task, at);
                self.set_state(row, at, StepKind::waiting(*on), Some(*on), *line);
                if let Some(r) = on.resource {
                    let r = self.resource_row(r, at);
                    let event = self.event();
                    if let Some(res) = self.resources.get_mut(r) {
                        res.waiter(at, event, *task, true);
                    }
                }
            }
            EventKind::TaskDone { task, outcome } => {
                let row = self.task_row(*task, at);
                let (state, marker) = match outcome {
                    Outcome::Value { .. } => (State::Done, MarkerKind::Done),
                    Outcome::Error { .. } => (State::Failed, MarkerKind::Error),
                    Outcome::Cancelled { .. } => (State::Cancelled, MarkerKind::Cancelled),
                };
                self.set_state(row, at, StepKind::Finished(state), None, None);
                if let Some(t) = self.tasks.get_mut(row) {
                    t.finished_at = Some(at);
                    t.outcome = Some(outcome.clone());
                    t.markers.push(Marker { at, kind: marker });
                }
            }
            EventKind::CancelRequested { task, by, message } => {
                let row = self.task_row(*task, at);
                if let Some(t) = self.tasks.get_mut(row) {
                    t.cancel_requested_by = Some(*by);
                    t.cancel_message.clone_from(message);
                    t.cancel_requests = t.cancel_requests.saturating_add(1);
                    t.markers.push(Marker {
                        at,
                        kind: MarkerKind::CancelRequested { by: *by },
                    });
                }
            }
            EventKind::ResourceCreated {
                resource,
                kind,
                name,
                capacity,
            } => {
                let row = self.resource_row(*resource, at);
                if let Some(r) = self.resources.get_mut(row) {
                    r.kind = Some(*kind);
                    r.name = name.clone();
                    r.capacity = *capacity;
                    r.created_at = at;
                }
            }
            EventKind::ResourceState { resource, state } => {
                self.resource_state(at, *resource, state);
            }
            EventKind::Acquired { resource, task } => self.acquired(at, *resource, *task),
            EventKind::Released { resource, task } => self.released(at, *resource, *task),
            EventKind::Output { task, stream, text } => {
                let line = self.output_total;
                self.output_total += 1;
                if self.output.len() >= 2 * OUTPUT_KEPT {
                    self.output.drain(..OUTPUT_KEPT);
                }
                self.output.push(OutputLine {
                    at,
                    task: *task,
                    stream: *stream,
                    text: text.clone(),
                });
                if line < OUTPUT_MARKED {
                    self.mark(*task, at, MarkerKind::Output(line as usize));
                }
            }
            EventKind::Warning(w) => {
                let index = self.warnings.len();
                match w {
                    Warning::Deadlock { stuck } => {
                        for s in stuck {
                            self.mark(Some(s.task), at, MarkerKind::Warning(index));
                        }
                    }
                    Warning::ErrorNeverRetrieved { task, .. }
                    | Warning::LoopBlocked { task, .. } => {
                        self.mark(Some(*task), at, MarkerKind::Warning(index));
                    }
                    Warning::NeverAwaited { task, .. } => {
                        if task.is_some() {
                            self.mark(*task, at, MarkerKind::Warning(index));
                        }
                    }
                }
                self.warnings.push((at, w.clone()));
            }
            EventKind::TaskSource {
                task,
                line,
                function,
            } => {
                let row = self.task_row(*task, at);
                if let Some(t) = self.tasks.get_mut(row) {
                    t.source = Some(Source {
                        line: *line,
                        function: function.clone(),
                    });
                }
            }
            EventKind::TaskRenamed { task, name } => {
                let row = self.task_row(*task, at);
                if let Some(t) = self.tasks.get_mut(row) {
                    t.name = name.clone();
                }
            }
            EventKind::TaskNote { task, text } => {
                let row = self.task_row(*task, at);
                if let Some(t) = self.tasks.get_mut(row) {
                    t.notes.push((at, text.clone()));
                }
            }
        }
    }

    /// The position of the event being applied (see [`Moment`]).
    fn event(&self) -> u64 {
        self.events.saturating_sub(1)
    }

    /// The time of the latest event (zero before any).
    pub fn end(&self) -> Instant {
        self.end
    }

    /// How many events were applied.
    pub fn event_count(&self) -> u64 {
        self.events
    }

    /// How many events are missing between those applied, by their
    /// sequence numbers: events the runtime dropped because its trace was
    /// full.
    pub fn missed(&self) -> u64 {
        self.missed
    }

    /// Every task in spawn order (a placeholder row comes where its task was
    /// first seen).
    pub fn tasks(&self) -> &[TaskView] {
        &self.tasks
    }

    /// One task.
    pub fn task(&self, id: TaskId) -> Option<&TaskView> {
        self.tasks.get(*self.task_rows.get(&id.get())?)
    }

    /// A task's position in [`tasks`](Model::tasks).
    pub fn task_index(&self, id: TaskId) -> Option<usize> {
        self.task_rows.get(&id.get()).copied()
    }

    /// The tasks nobody spawned (the main task, tasks spawned from outside
    /// the runtime, placeholders whose parent is unknown), in spawn order.
    /// Each task's [`children`](TaskView::children) continue the tree.
    pub fn roots(&self) -> &[TaskId] {
        &self.roots
    }

    /// How many tasks are in each state now.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// A task's state at time `t` (after every event stamped `t`), and what
    /// it waited on then. `None` for an unknown task, or before its first
    /// event.
    pub fn state_at(&self, id: TaskId, t: impl Into<Moment>) -> Option<(State, Option<WaitOn>)> {
        self.task(id)?.state_at(t)
    }

    /// Every task that existed at time `t`, in spawn order, with its state
    /// and wait then. Costs a binary search per task.
    pub fn tasks_at(
        &self,
        t: impl Into<Moment>,
    ) -> impl Iterator<Item = (&TaskView, State, Option<WaitOn>)> + '_ {
        let t = t.into();
        self.tasks.iter().filter_map(move |task| {
            let (state, on) = task.state_at(t)?;
            Some((task, state, on))
        })
    }

    /// How many tasks were in each state at time `t` (the summary bar while
    /// scrubbing). Costs a binary search per task.
    pub fn counts_at(&self, t: impl Into<Moment>) -> Counts {
        self.tasks_at(t).map(|(_, state, _)| state).collect()
    }

    /// Every task switch (a task starting a step), in order.
    pub fn switches(&self) -> &[Switch] {
        &self.switches
    }

    /// The first task switch after a moment: where the UI's "Next" goes.
    /// Switches that share one instant (most of them, on the virtual
    /// clock) are each a step.
    pub fn next_switch(&self, m: impl Into<Moment>) -> Option<Switch> {
        let m = m.into();
        let i = self.switches.partition_point(|s| s.moment() <= m);
        self.switches.get(i).copied()
    }

    /// The last task switch before a moment ("Prev").
    pub fn prev_switch(&self, m: impl Into<Moment>) -> Option<Switch> {
        let m = m.into();
        let i = self.switches.partition_point(|s| s.moment() < m);
        self.switches.get(i.checked_sub(1)?).copied()
    }

    /// How many task switches had happened by a moment.
    pub fn switches_by(&self, m: impl Into<Moment>) -> usize {
        let m = m.into();
        self.switches.partition_point(|s| s.moment() <= m)
    }

    /// The task running at a moment, if one was: the one whose switch came
    /// last and has not paused since.
    pub fn running_at(&self, m: impl Into<Moment>) -> Option<TaskId> {
        let m = m.into();
        let last = self.switches.get(self.switches_by(m).checked_sub(1)?)?;
        let (state, _) = self.task(last.task)?.state_at(m)?;
        (state == State::Running).then_some(last.task)
    }

    /// The moment after the last event: the end of what was applied.
    pub fn last_moment(&self) -> Moment {
        Moment {
            at: self.end,
            event: self.events.saturating_sub(1),
        }
    }

    /// Every resource, in creation order.
    pub fn resources(&self) -> &[ResourceView] {
        &self.resources
    }

    /// One resource.
    pub fn resource(&self, id: ResourceId) -> Option<&ResourceView> {
        self.resources.get(*self.resource_rows.get(&id.get())?)
    }

    /// A resource's state at time `t` (after every event stamped `t`).
    /// `None` for an unknown resource, or before its first state.
    pub fn resource_state_at(&self, id: ResourceId, t: impl Into<Moment>) -> Option<ResourceState> {
        self.resource(id)?.state_at(t)
    }

    /// Every warning, in order, with its time.
    pub fn warnings(&self) -> &[(Instant, Warning)] {
        &self.warnings
    }

    /// Every line the program wrote, in order.
    ///
    /// At most the latest [`OUTPUT_KEPT`] lines: [`output_total`](Model::output_total)
    /// says how many were printed in all.
    pub fn output(&self) -> &[OutputLine] {
        &self.output[self.output.len().saturating_sub(OUTPUT_KEPT)..]
    }

    /// How many lines the program printed in all.
    pub fn output_total(&self) -> u64 {
        self.output_total
    }

    /// The lines written at times in `from..=to`, found by binary search.
    pub fn output_in(&self, from: Instant, to: Instant) -> &[OutputLine] {
        let kept = self.output();
        let start = kept.partition_point(|l| l.at < from);
        let end = kept.partition_point(|l| l.at <= to);
        kept.get(start..end).unwrap_or_default()
    }

    // ----- applying events -----

    /// The row of a task, made as a placeholder if it is unknown.
    fn task_row(&mut self, id: TaskId, at: Instant) -> usize {
        if let Some(&row) = self.task_rows.get(&id.get()) {
            return row;
        }
        let mut task = TaskView::new(id, id.to_string().into(), None, at);
        task.partial = true;
        self.add_task(task)
    }

    fn add_task(&mut self, task: TaskView) -> usize {
        match task.parent.filter(|&p| p != task.id) {
            Some(parent) => {
                // An unknown parent becomes a placeholder row before it.
                let p = self.task_row(parent, task.spawned_at);
                if let Some(p) = self.tasks.get_mut(p) {
                    p.children.push(task.id);
                }
            }
            None => self.roots.push(task.id),
        }
        let row = self.tasks.len();
        self.task_rows.insert(task.id.get(), row);
        self.counts.add(task.state);
        self.tasks.push(task);
        row
    }

    fn spawned(&mut self, at: Instant, id: TaskId, name: &Rc<str>, parent: Option<TaskId>) {
        let Some(&row) = self.task_rows.get(&id.get()) else {
            let mut task = TaskView::new(id, name.clone(), parent, at);
            task.steps.push(Step {
                at,
                event: moment::short(self.event()),
                line: 0,
                kind: StepKind::Pending,
            });
            task.markers.push(Marker {
                at,
                kind: MarkerKind::Spawn,
            });
            self.add_task(task);
            return;
        };
        // Seen before its spawn (out of order): fill in what was guessed.
        let Some(task) = self.tasks.get_mut(row) else {
            return;
        };
        task.name = name.clone();
        if !task.partial {
            return;
        }
        task.partial = false;
        task.markers.insert(
            0,
            Marker {
                at: task.spawned_at,
                kind: MarkerKind::Spawn,
            },
        );
        if task.parent.is_none() {
            if let Some(parent) = parent {
                task.parent = Some(parent);
                self.roots.retain(|&r| r != id);
                let p = self.task_row(parent, at);
                if let Some(p) = self.tasks.get_mut(p) {
                    p.children.push(id);
                }
            }
        }
    }

    /// Moves a task to a new state at `at`; `line`: where a wait began.
    fn set_state(
        &mut self,
        row: usize,
        at: Instant,
        step: StepKind,
        on: Option<WaitOn>,
        line: Option<u32>,
    ) {
        let event = self.event();
        let Some(task) = self.tasks.get_mut(row) else {
            return;
        };
        let new = step.state();
        if let Some(since) = task.running_since.take() {
            task.busy += at.saturating_since(since);
        }
        let left = task.waiting_on.take().and_then(|w| w.resource);
        let old = task.state;
        task.state = new;
        task.waiting_on = on;
        task.steps.push(Step {
            at,
            event: moment::short(event),
            line: line.unwrap_or(0),
            kind: step,
        });
        let id = task.id;
        self.counts.remove(old);
        self.counts.add(new);
        if let Some(r) = left {
            if let Some(res) = self.resource_mut(r) {
                res.waiter(at, event, id, false);
            }
        }
    }

    /// Adds a marker to a task's timeline (nothing without a task).
    fn mark(&mut self, task: Option<TaskId>, at: Instant, kind: MarkerKind) {
        let Some(task) = task else { return };
        let row = self.task_row(task, at);
        if let Some(t) = self.tasks.get_mut(row) {
            t.markers.push(Marker { at, kind });
        }
    }

    /// The row of a resource, made as a placeholder if it is unknown.
    fn resource_row(&mut self, id: ResourceId, at: Instant) -> usize {
        if let Some(&row) = self.resource_rows.get(&id.get()) {
            return row;
        }
        let row = self.resources.len();
        self.resources
            .push(ResourceView::new(id, None, id.to_string().into(), None, at));
        self.resource_rows.insert(id.get(), row);
        row
    }

    fn resource_mut(&mut self, id: ResourceId) -> Option<&mut ResourceView> {
        self.resources.get_mut(*self.resource_rows.get(&id.get())?)
    }

    fn resource_state(&mut self, at: Instant, id: ResourceId, state: &ResourceState) {
        let row = self.resource_row(id, at);
        let event = self.event();
        let Some(res) = self.resources.get_mut(row) else {
            return;
        };
        res.push_state(at, event, state.clone());
        if res.has_holder_in_state() {
            res.set_holder(at, event, state.holder);
        }
    }

    fn acquired(&mut self, at: Instant, id: ResourceId, task: Option<TaskId>) {
        let row = self.resource_row(id, at);
        let event = self.event();
        let Some(res) = self.resources.get_mut(row) else {
            return;
        };
        res.acquisitions += 1;
        let held = res.is_held();
        let Some(task) = task else { return };
        if held {
            res.add_holder(at, event, task);
        }
        let t = self.task_row(task, at);
        if let Some(t) = self.tasks.get_mut(t) {
            if held {
                t.held.push(id);
            }
            t.markers.push(Marker {
                at,
                kind: MarkerKind::Acquire(id),
            });
        }
    }

    fn released(&mut self, at: Instant, id: ResourceId, task: Option<TaskId>) {
        let row = self.resource_row(id, at);
        let event = self.event();
        let Some(res) = self.resources.get_mut(row) else {
            return;
        };
        let freed = if !res.is_held() {
            None
        } else if let Some(t) = task.and_then(|t| res.remove_holder(at, event, Some(t))) {
            Some(t)
        } else if res.kind == Some(ResourceKind::Lock) {
            // asyncio lets any task release a lock: its holder lets go.
            res.remove_holder(at, event, None)
        } else {
            None
        };
        if let Some(freed) = freed {
            let t = self.task_row(freed, at);
            if let Some(t) = self.tasks.get_mut(t) {
                if let Some(i) = t.held.iter().position(|&r| r == id) {
                    t.held.remove(i);
                }
            }
        }
        self.mark(task, at, MarkerKind::Release(id));
    }
}

impl<'a> Extend<&'a Event> for Model {
    fn extend<I: IntoIterator<Item = &'a Event>>(&mut self, events: I) {
        for e in events {
            self.apply(e);
        }
    }
}

impl Extend<Event> for Model {
    fn extend<I: IntoIterator<Item = Event>>(&mut self, events: I) {
        for e in events {
            self.apply(&e);
        }
    }
}

impl<'a> FromIterator<&'a Event> for Model {
    fn from_iter<I: IntoIterator<Item = &'a Event>>(events: I) -> Model {
        let mut model = Model::new();
        model.extend(events);
        model
    }
}

impl FromIterator<Event> for Model {
    fn from_iter<I: IntoIterator<Item = Event>>(events: I) -> Model {
        let mut model = Model::new();
        model.extend(events);
        model
    }
}
