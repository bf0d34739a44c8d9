//! The executor: tasks, the ready queue, timers, and the thread-local context
//! that primitives use to find their runtime and current task.
//!
//! # Invariants
//!
//! - One iteration of the loop works like asyncio's `_run_once`: fire every
//!   due timer, then run exactly the runnables that were queued when the
//!   iteration began. Work queued meanwhile waits for the next iteration.
//! - A task's future is taken out of the task table while it is polled and
//!   put back afterwards, so a task may spawn, cancel and inspect tasks
//!   (itself included) while it runs. Futures are always dropped with no
//!   borrow of runtime state held, because dropping one may release a permit
//!   or remove a timer.
//! - Wakers are `Arc<TaskWaker>`s built with `std::task::Wake`; they only
//!   push the task id onto a mutex-guarded queue (never contended: the
//!   runtime is single-threaded) and, if the runtime is idle, wake the host.
//! - Cancellation follows asyncio: `cancel` either forwards to what the task
//!   awaits (its *cancel hook*: another task, a gather) or records a pending
//!   cancellation and wakes the task. The pending cancellation is delivered by
//!   the next primitive the task is suspended on, as an `Err(Cancelled)`.

use crate::error::{Cancelled, TaskError};
use crate::host::{Host, VirtualClock};
use crate::task::{JoinHandle, TaskCell};
use crate::time::Instant;
use crate::trace::{
    EventKind, Outcome, ResourceId, ResourceKind, ResourceState, Stream, StuckTask, TaskId, Trace,
    WaitKind, WaitOn, Warning,
};
use std::cell::{Cell, Ref, RefCell};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasherDefault, Hasher};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

/// The lifecycle state of a task, as the task table shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Runnable, waiting for its turn.
    Ready,
    /// Being polled now.
    Running,
    /// Suspended on something.
    Waiting,
    /// Returned a value.
    Done,
    /// Ended with an error.
    Failed,
    /// Ended cancelled.
    Cancelled,
}

impl TaskState {
    /// Whether the task has finished.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            TaskState::Done | TaskState::Failed | TaskState::Cancelled
        )
    }
}

/// A snapshot of one task, for inspectors.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskInfo {
    /// Its id.
    pub id: TaskId,
    /// Its name.
    pub name: Rc<str>,
    /// The task that spawned it.
    pub parent: Option<TaskId>,
    /// When it was spawned.
    pub created: Instant,
    /// Its state now.
    pub state: TaskState,
    /// What it waits on, while waiting.
    pub waiting_on: Option<WaitOn>,
    /// How many times it has been polled.
    pub polls: u64,
    /// Pending cancellation requests (asyncio's `cancelling()`).
    pub cancelling: u32,
}

/// Settings for a runtime.
#[derive(Clone, Debug)]
pub struct Config {
    /// Record a trace.
    pub trace: bool,
    /// The most trace events held at once.
    pub trace_capacity: usize,
    /// A step longer than this is reported as a blocked loop.
    pub blocked_threshold: Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            trace: true,
            trace_capacity: crate::trace::DEFAULT_CAPACITY,
            blocked_threshold: Duration::from_millis(100),
        }
    }
}

/// Why a blocking run did not produce its future's output.
#[derive(Clone, Debug, PartialEq)]
pub enum RunError {
    /// Nothing can run and no timer is pending, but the main future has not
    /// finished: every listed task waits on something that will never come.
    Deadlock(Vec<StuckTask>),
    /// The host cannot block (a browser host under a blocking driver).
    CannotBlock,
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Deadlock(stuck) => {
                f.write_str("deadlock: no task can run and no timer is pending")?;
                for s in stuck {
                    write!(f, "; task {} '{}' waits on {}", s.task, s.name, s.on)?;
                }
                Ok(())
            }
            RunError::CannotBlock => {
                f.write_str("this host cannot block: drive the runtime with tick()")
            }
        }
    }
}

impl std::error::Error for RunError {}

/// What a call to [`Runtime::tick`] left behind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tick {
    /// Work is still runnable (the step budget ran out): tick again soon,
    /// after letting the host render.
    Busy,
    /// Nothing is runnable; the next timer is due at this instant.
    Sleeping(Instant),
    /// Nothing is runnable and no timer is pending.
    Idle,
}

pub(crate) type CancelHook = Rc<dyn Fn(&Cancelled) -> bool>;

struct TaskRecord {
    id: TaskId,
    /// The given name; `None` means the default `Task-N`, made on demand.
    name: Option<Rc<str>>,
    parent: Option<TaskId>,
    created: Instant,
    future: Option<Pin<Box<dyn Future<Output = ()>>>>,
    waker: Arc<TaskWaker>,
    state: TaskState,
    waiting_on: Option<WaitOn>,
    polls: u64,
    must_cancel: Option<Cancelled>,
    cancels_requested: u32,
    cancel_hook: Option<CancelHook>,
}

fn default_name(id: TaskId) -> Rc<str> {
    format!("Task-{}", id.0).into()
}

impl TaskRecord {
    fn display_name(&self) -> Rc<str> {
        self.name.clone().unwrap_or_else(|| default_name(self.id))
    }
}

/// Identity hasher for the task table: task ids are already unique counters.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type TaskTable = HashMap<u64, TaskRecord, BuildHasherDefault<IdHasher>>;

struct Shared {
    woken: Mutex<VecDeque<u64>>,
    idle: AtomicBool,
    host_waker: Waker,
}

struct TaskWaker {
    id: u64,
    queued: AtomicBool,
    shared: Arc<Shared>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if !self.queued.swap(true, Ordering::AcqRel) {
            if let Ok(mut q) = self.shared.woken.lock() {
                q.push_back(self.id);
            }
            if self.shared.idle.load(Ordering::Acquire) {
                self.shared.host_waker.wake_by_ref();
            }
        }
    }
}

/// What a due timer does: wake a task, or run a loop callback (asyncio's
/// `call_at`, used by timeout scopes).
pub(crate) enum TimerAction {
    Wake(Waker),
    Call(Box<dyn FnOnce()>),
}

enum Runnable {
    Task(u64),
    Callback(Box<dyn FnOnce()>),
}

pub(crate) struct Inner {
    host: Rc<dyn Host>,
    shared: Arc<Shared>,
    tasks: RefCell<TaskTable>,
    run_queue: RefCell<VecDeque<Runnable>>,
    timers: RefCell<BTreeMap<(Instant, u64), TimerAction>>,
    timer_seq: Cell<u64>,
    trace: RefCell<Trace>,
    tracing: bool,
    current: Cell<Option<TaskId>>,
    next_task: Cell<u64>,
    next_resource: Cell<u64>,
    config: Config,
    live_tasks: Cell<usize>,
}

thread_local! {
    static CONTEXT: RefCell<Option<Rc<Inner>>> = const { RefCell::new(None) };
}

/// Restores the previous context when a runtime stops being current.
struct EnterGuard(Option<Rc<Inner>>);

impl Drop for EnterGuard {
    fn drop(&mut self) {
        let prev = self.0.take();
        CONTEXT.with(|c| *c.borrow_mut() = prev);
    }
}

fn enter(inner: &Rc<Inner>) -> EnterGuard {
    let prev = CONTEXT.with(|c| c.borrow_mut().replace(inner.clone()));
    EnterGuard(prev)
}

/// A single-threaded async runtime with asyncio semantics.
///
/// ```
/// use looplab_core::{Runtime, sleep, spawn, Error};
/// use std::time::Duration;
///
/// let rt = Runtime::new_virtual();
/// let out = rt.block_on(async {
///     let a = spawn(async { sleep(Duration::from_secs(2)).await?; Ok::<_, Error>(2) });
///     let b = spawn(async { sleep(Duration::from_secs(1)).await?; Ok::<_, Error>(1) });
///     Ok::<_, Error>(a.await? + b.await?)
/// });
/// assert_eq!(out, Ok(Ok(3)));
/// assert_eq!(rt.now().as_secs_f64(), 2.0);
/// ```
pub struct Runtime {
    inner: Rc<Inner>,
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("now", &self.now())
            .field("live_tasks", &self.inner.live_tasks.get())
            .finish_non_exhaustive()
    }
}

/// A cheap, clonable reference to a runtime, for use inside tasks.
#[derive(Clone)]
pub struct Handle {
    pub(crate) inner: Rc<Inner>,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle").finish_non_exhaustive()
    }
}

impl Runtime {
    /// A runtime on a fresh virtual clock with default settings.
    pub fn new_virtual() -> Runtime {
        Runtime::with_config(Rc::new(VirtualClock::new()), Config::default())
    }

    /// A runtime on `host` with default settings.
    pub fn new(host: Rc<dyn Host>) -> Runtime {
        Runtime::with_config(host, Config::default())
    }

    /// A runtime on `host` with `config`.
    pub fn with_config(host: Rc<dyn Host>, config: Config) -> Runtime {
        let shared = Arc::new(Shared {
            woken: Mutex::new(VecDeque::new()),
            idle: AtomicBool::new(true),
            host_waker: host.poll_soon(),
        });
        let inner = Rc::new(Inner {
            host,
            shared,
            tasks: RefCell::new(TaskTable::default()),
            run_queue: RefCell::new(VecDeque::new()),
            timers: RefCell::new(BTreeMap::new()),
            timer_seq: Cell::new(0),
            trace: RefCell::new(Trace::new(config.trace, config.trace_capacity)),
            tracing: config.trace,
            current: Cell::new(None),
            next_task: Cell::new(1),
            next_resource: Cell::new(1),
            config,
            live_tasks: Cell::new(0),
        });
        Runtime { inner }
    }

    /// A handle to this runtime.
    pub fn handle(&self) -> Handle {
        Handle {
            inner: self.inner.clone(),
        }
    }

    /// The time now on this runtime's clock.
    pub fn now(&self) -> Instant {
        self.inner.host.now()
    }

    /// Spawns a task named `Task-N`. See [`spawn`].
    pub fn spawn<F, T, E>(&self, fut: F) -> JoinHandle<T, E>
    where
        F: Future<Output = Result<T, E>> + 'static,
        T: Clone + fmt::Debug + 'static,
        E: TaskError,
    {
        self.inner.spawn(None, fut)
    }

    /// Spawns a task with a name.
    pub fn spawn_named<F, T, E>(&self, name: impl Into<Rc<str>>, fut: F) -> JoinHandle<T, E>
    where
        F: Future<Output = Result<T, E>> + 'static,
        T: Clone + fmt::Debug + 'static,
        E: TaskError,
    {
        self.inner.spawn(Some(name.into()), fut)
    }

    /// The trace recorded so far.
    pub fn trace(&self) -> Ref<'_, Trace> {
        self.inner.trace.borrow()
    }

    /// Takes the events recorded so far (for live views).
    pub fn drain_trace(&self) -> Vec<crate::trace::Event> {
        self.inner.trace.borrow_mut().drain()
    }

    /// Snapshots of every task that has not finished, in id order.
    pub fn tasks(&self) -> Vec<TaskInfo> {
        self.handle().tasks()
    }

    /// The earliest pending timer deadline.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.inner.next_deadline()
    }

    /// Runs one batch of work for an event-driven host: fires due timers and
    /// runs runnable tasks, iteration by iteration, until nothing is runnable
    /// or `max_steps` task steps have run. Then tells the host when to wake
    /// it next.
    pub fn tick(&self, max_steps: usize) -> Tick {
        let _ctx = enter(&self.inner);
        self.inner.shared.idle.store(false, Ordering::Release);
        let mut steps = 0;
        loop {
            self.inner.fire_due_timers();
            if !self.inner.run_iteration(&mut steps, max_steps) {
                break;
            }
            if steps >= max_steps {
                break;
            }
        }
        self.inner.shared.idle.store(true, Ordering::Release);
        self.inner.collect_woken();
        let busy = !self.inner.run_queue.borrow().is_empty();
        let deadline = self.inner.next_deadline();
        self.inner.host.wake_at(deadline);
        if busy {
            Tick::Busy
        } else if let Some(d) = deadline {
            Tick::Sleeping(d)
        } else {
            Tick::Idle
        }
    }

    /// Runs `fut` as the main task until it finishes, driving the clock with
    /// the host's blocking wait (the virtual clock jumps to each deadline).
    /// Other tasks still running when it finishes are left as they are.
    ///
    /// # Errors
    ///
    /// [`RunError::Deadlock`] when nothing can run, no timer is pending and
    /// the main task has not finished (the trace gets a deadlock warning
    /// too); [`RunError::CannotBlock`] on a host that cannot block.
    pub fn block_on<F, T, E>(&self, fut: F) -> Result<Result<T, E>, RunError>
    where
        F: Future<Output = Result<T, E>> + 'static,
        T: Clone + fmt::Debug + 'static,
        E: TaskError,
    {
        let main = self.inner.spawn(Some("main".into()), fut);
        self.drive_until(|| main.is_finished())?;
        main.take_result().ok_or(RunError::CannotBlock)
    }

    /// Like `asyncio.run`: runs `fut` to completion, then cancels every task
    /// still running and runs them until they have finished their cleanup.
    ///
    /// # Errors
    ///
    /// As [`Runtime::block_on`]. A deadlock during the final cleanup is
    /// reported too.
    pub fn run<F, T, E>(&self, fut: F) -> Result<Result<T, E>, RunError>
    where
        F: Future<Output = Result<T, E>> + 'static,
        T: Clone + fmt::Debug + 'static,
        E: TaskError,
    {
        let out = self.block_on(fut)?;
        self.shutdown()?;
        Ok(out)
    }

    /// Cancels every unfinished task and runs until all have finished.
    ///
    /// # Errors
    ///
    /// [`RunError::Deadlock`] if cancelled tasks cannot finish.
    pub fn shutdown(&self) -> Result<(), RunError> {
        let handle = self.handle();
        let ids: Vec<TaskId> = handle.tasks().into_iter().map(|t| t.id).collect();
        {
            let _ctx = enter(&self.inner);
            for id in ids {
                handle.cancel(id, None);
            }
        }
        let inner = self.inner.clone();
        self.drive_until(move || inner.live_tasks.get() == 0)
    }

    fn drive_until(&self, mut done: impl FnMut() -> bool) -> Result<(), RunError> {
        loop {
            match self.tick(usize::MAX) {
                _ if done() => return Ok(()),
                Tick::Busy => continue,
                Tick::Sleeping(deadline) => {
                    if !self.inner.host.park_until(deadline) {
                        return Err(RunError::CannotBlock);
                    }
                }
                Tick::Idle => {
                    let stuck = self.inner.stuck_tasks();
                    self.inner.record(EventKind::Warning(Warning::Deadlock {
                        stuck: stuck.clone(),
                    }));
                    return Err(RunError::Deadlock(stuck));
                }
            }
        }
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // Break reference cycles (futures holding handles to the runtime) by
        // dropping every task's future, outside any borrow.
        let futures: Vec<_> = {
            let mut tasks = self.inner.tasks.borrow_mut();
            tasks.values_mut().filter_map(|t| t.future.take()).collect()
        };
        let _ctx = enter(&self.inner);
        drop(futures);
        self.inner.tasks.borrow_mut().clear();
        self.inner.run_queue.borrow_mut().clear();
        self.inner.timers.borrow_mut().clear();
    }
}

impl Inner {
    #[inline]
    pub(crate) fn record(&self, kind: EventKind) {
        if self.tracing {
            let at = self.host.now();
            self.trace.borrow_mut().push(at, kind);
        }
    }

    #[inline]
    pub(crate) fn tracing(&self) -> bool {
        self.tracing
    }

    pub(crate) fn now(&self) -> Instant {
        self.host.now()
    }

    fn spawn<F, T, E>(self: &Rc<Self>, name: Option<Rc<str>>, fut: F) -> JoinHandle<T, E>
    where
        F: Future<Output = Result<T, E>> + 'static,
        T: Clone + fmt::Debug + 'static,
        E: TaskError,
    {
        let n = self.next_task.get();
        self.next_task.set(n + 1);
        let id = TaskId(n);
        let parent = self.current.get();
        let cell = Rc::new(TaskCell::new(Rc::downgrade(self), id));
        let task_cell = cell.clone();
        let weak = Rc::downgrade(self);
        let wrapped = async move {
            let result = match take_cancel_before_start() {
                Some(c) => Err(E::from(c)),
                None => {
                    let r = fut.await;
                    // A cancel requested after the last suspension still
                    // wins, as in asyncio: the task ends cancelled.
                    match (r, take_cancel()) {
                        (Ok(_), Some(c)) => Err(E::from(c)),
                        (r, _) => r,
                    }
                }
            };
            if let Some(rt) = weak.upgrade() {
                let (state, outcome) = match &result {
                    Ok(v) => (
                        TaskState::Done,
                        rt.tracing.then(|| Outcome::Value {
                            repr: format!("{v:?}"),
                        }),
                    ),
                    Err(e) => match e.as_cancelled() {
                        Some(c) => (
                            TaskState::Cancelled,
                            rt.tracing.then(|| Outcome::Cancelled {
                                message: c.message().map(Rc::from),
                            }),
                        ),
                        None => (
                            TaskState::Failed,
                            rt.tracing.then(|| Outcome::Error {
                                message: e.to_string(),
                            }),
                        ),
                    },
                };
                task_cell.set_final_cancelling(rt.finish(id, state, outcome));
            }
            task_cell.complete(result);
        };
        let waker = Arc::new(TaskWaker {
            id: n,
            queued: AtomicBool::new(false),
            shared: self.shared.clone(),
        });
        let record = TaskRecord {
            id,
            name: name.clone(),
            parent,
            created: self.host.now(),
            future: Some(Box::pin(wrapped)),
            waker: waker.clone(),
            state: TaskState::Ready,
            waiting_on: None,
            polls: 0,
            must_cancel: None,
            cancels_requested: 0,
            cancel_hook: None,
        };
        self.tasks.borrow_mut().insert(n, record);
        self.live_tasks.set(self.live_tasks.get() + 1);
        if self.tracing {
            let name = name.unwrap_or_else(|| default_name(id));
            self.record(EventKind::TaskSpawned {
                task: id,
                name,
                parent,
            });
        }
        Waker::from(waker).wake();
        if !self.shared.idle.load(Ordering::Acquire) {
            self.collect_woken();
        }
        JoinHandle::new(id, cell)
    }

    /// Marks a task finished; returns its final cancel count.
    fn finish(&self, id: TaskId, state: TaskState, outcome: Option<Outcome>) -> u32 {
        let mut cancelling = 0;
        if let Some(t) = self.tasks.borrow_mut().get_mut(&id.0) {
            t.state = state;
            t.waiting_on = None;
            t.cancel_hook = None;
            t.must_cancel = None;
            cancelling = t.cancels_requested;
        }
        self.live_tasks.set(self.live_tasks.get().saturating_sub(1));
        if let Some(outcome) = outcome {
            self.record(EventKind::TaskDone { task: id, outcome });
        }
        cancelling
    }

    /// Moves woken task ids from the thread-safe queue to the run queue.
    fn collect_woken(&self) {
        let woken: Vec<u64> = match self.shared.woken.lock() {
            Ok(mut q) if !q.is_empty() => q.drain(..).collect(),
            _ => return,
        };
        let mut rq = self.run_queue.borrow_mut();
        for id in woken {
            if self.tracing {
                let state = self.tasks.borrow().get(&id).map(|t| t.state);
                if matches!(state, Some(TaskState::Waiting)) {
                    if let Some(t) = self.tasks.borrow_mut().get_mut(&id) {
                        t.state = TaskState::Ready;
                    }
                    self.record(EventKind::TaskReady { task: TaskId(id) });
                }
            } else if let Some(t) = self.tasks.borrow_mut().get_mut(&id) {
                if t.state == TaskState::Waiting {
                    t.state = TaskState::Ready;
                }
            }
            rq.push_back(Runnable::Task(id));
        }
    }

    /// Runs the runnables queued at the start of the iteration. Returns
    /// whether anything ran.
    fn run_iteration(self: &Rc<Self>, steps: &mut usize, max_steps: usize) -> bool {
        self.collect_woken();
        let n = self.run_queue.borrow().len();
        if n == 0 {
            return false;
        }
        for _ in 0..n {
            if *steps >= max_steps {
                break;
            }
            let next = self.run_queue.borrow_mut().pop_front();
            match next {
                Some(Runnable::Task(id)) => {
                    *steps += 1;
                    self.poll_task(id);
                }
                Some(Runnable::Callback(f)) => f(),
                None => break,
            }
            self.collect_woken();
        }
        true
    }

    fn poll_task(self: &Rc<Self>, id: u64) {
        let (mut fut, waker) = {
            let mut tasks = self.tasks.borrow_mut();
            let Some(t) = tasks.get_mut(&id) else { return };
            t.waker.queued.store(false, Ordering::Release);
            let Some(fut) = t.future.take() else { return };
            t.state = TaskState::Running;
            t.waiting_on = None;
            t.cancel_hook = None;
            t.polls += 1;
            (fut, Waker::from(t.waker.clone()))
        };
        let task = TaskId(id);
        self.record(EventKind::TaskRunning { task });
        let prev = self.current.replace(Some(task));
        let started = self.host.now();
        let poll = fut.as_mut().poll(&mut Context::from_waker(&waker));
        let took = self.host.now() - started;
        self.current.set(prev);
        if took >= self.config.blocked_threshold {
            self.record(EventKind::Warning(Warning::LoopBlocked {
                task,
                millis: took.as_secs_f64() * 1000.0,
            }));
        }
        match poll {
            Poll::Ready(()) => {
                // The wrapper already recorded the outcome; drop the future
                // with no borrow held.
                drop(fut);
                self.tasks.borrow_mut().remove(&id);
            }
            Poll::Pending => {
                let on = {
                    let mut tasks = self.tasks.borrow_mut();
                    let Some(t) = tasks.get_mut(&id) else { return };
                    t.future = Some(fut);
                    let queued = t.waker.queued.load(Ordering::Acquire);
                    if queued {
                        t.state = TaskState::Ready;
                        None
                    } else {
                        t.state = TaskState::Waiting;
                        Some(*t.waiting_on.get_or_insert(WaitOn::new(WaitKind::Unknown)))
                    }
                };
                match on {
                    Some(on) => self.record(EventKind::TaskWaiting { task, on }),
                    None => {
                        let on = self.tasks.borrow().get(&id).and_then(|t| t.waiting_on);
                        // Woken during its own step (a yield): it is ready at once.
                        self.record(EventKind::TaskWaiting {
                            task,
                            on: on.unwrap_or(WaitOn::new(WaitKind::Yield)),
                        });
                        self.record(EventKind::TaskReady { task });
                    }
                }
            }
        }
    }

    fn fire_due_timers(&self) {
        let now = self.host.now();
        loop {
            let due = {
                let mut timers = self.timers.borrow_mut();
                match timers.first_key_value() {
                    Some((&(at, _), _)) if at <= now => timers.pop_first().map(|(_, w)| w),
                    _ => None,
                }
            };
            match due {
                Some(TimerAction::Wake(w)) => w.wake(),
                Some(TimerAction::Call(f)) => {
                    self.collect_woken();
                    self.run_queue.borrow_mut().push_back(Runnable::Callback(f));
                }
                None => break,
            }
        }
        self.collect_woken();
    }

    fn next_deadline(&self) -> Option<Instant> {
        self.timers
            .borrow()
            .first_key_value()
            .map(|(&(at, _), _)| at)
    }

    pub(crate) fn add_timer(&self, at: Instant, waker: Waker) -> u64 {
        self.add_timer_action(at, TimerAction::Wake(waker))
    }

    pub(crate) fn add_timer_action(&self, at: Instant, action: TimerAction) -> u64 {
        let seq = self.timer_seq.get();
        self.timer_seq.set(seq + 1);
        self.timers.borrow_mut().insert((at, seq), action);
        if self.shared.idle.load(Ordering::Acquire) {
            self.host.wake_at(self.next_deadline());
        }
        seq
    }

    /// Replaces the waker of a timer; returns false if it already fired.
    pub(crate) fn update_timer(&self, at: Instant, seq: u64, waker: &Waker) -> bool {
        match self.timers.borrow_mut().get_mut(&(at, seq)) {
            Some(TimerAction::Wake(w)) => {
                if !w.will_wake(waker) {
                    *w = waker.clone();
                }
                true
            }
            Some(TimerAction::Call(_)) => true,
            None => false,
        }
    }

    pub(crate) fn remove_timer(&self, at: Instant, seq: u64) {
        if let Ok(mut timers) = self.timers.try_borrow_mut() {
            timers.remove(&(at, seq));
        }
    }

    fn stuck_tasks(&self) -> Vec<StuckTask> {
        let tasks = self.tasks.borrow();
        let mut stuck: Vec<StuckTask> = tasks
            .values()
            .filter(|t| !t.state.is_finished())
            .map(|t| StuckTask {
                task: t.id,
                name: t.display_name(),
                on: t.waiting_on.unwrap_or(WaitOn::new(WaitKind::Unknown)),
            })
            .collect();
        stuck.sort_by_key(|s| s.task);
        stuck
    }

    pub(crate) fn new_resource(
        &self,
        kind: ResourceKind,
        name: Option<Rc<str>>,
        capacity: Option<u64>,
    ) -> ResourceId {
        let n = self.next_resource.get();
        self.next_resource.set(n + 1);
        let resource = ResourceId(n);
        if self.tracing {
            let name = name.unwrap_or_else(|| format!("{}-{n}", kind.as_str()).into());
            self.record(EventKind::ResourceCreated {
                resource,
                kind,
                name,
                capacity,
            });
        }
        resource
    }

    pub(crate) fn call_soon(&self, f: Box<dyn FnOnce()>) {
        self.collect_woken();
        self.run_queue.borrow_mut().push_back(Runnable::Callback(f));
        if self.shared.idle.load(Ordering::Acquire) {
            self.shared.host_waker.wake_by_ref();
        }
    }
}

/// The runtime of the task being polled, if any.
pub(crate) fn try_current() -> Option<Rc<Inner>> {
    CONTEXT.with(|c| c.borrow().clone())
}

fn with_current_task<R>(f: impl FnOnce(&Inner, &mut TaskRecord) -> R) -> Option<R> {
    CONTEXT.with(|c| {
        let ctx = c.borrow();
        let inner = ctx.as_ref()?;
        let id = inner.current.get()?;
        let mut tasks = inner.tasks.borrow_mut();
        let t = tasks.get_mut(&id.0)?;
        Some(f(inner, t))
    })
}

/// Takes the current task's pending cancellation, delivering it. Leaf
/// futures call this each time they are polled after having suspended.
pub(crate) fn take_cancel() -> Option<Cancelled> {
    with_current_task(|_, t| t.must_cancel.take()).flatten()
}

fn take_cancel_before_start() -> Option<Cancelled> {
    with_current_task(|_, t| {
        if t.polls == 1 {
            t.must_cancel.take()
        } else {
            None
        }
    })
    .flatten()
}

/// Puts a cancellation back (a forwarded cancel that did not take).
pub(crate) fn restore_cancel(c: Cancelled) {
    with_current_task(|_, t| t.must_cancel = Some(c));
}

/// Records what the current task is about to wait on.
pub(crate) fn set_waiting(on: WaitOn) {
    with_current_task(|_, t| t.waiting_on = Some(on));
}

/// Records how cancelling the current task reaches what it awaits.
pub(crate) fn set_cancel_hook(hook: CancelHook) {
    with_current_task(|_, t| t.cancel_hook = Some(hook));
}

/// Spawns a task on the current runtime, named `Task-N` where N is its id.
///
/// The task starts at the runtime's next iteration, as with
/// `asyncio.create_task`. Its parent is the task that spawned it.
///
/// # Panics
///
/// Panics when called outside a runtime (not inside a task, `block_on`, or
/// `tick`): that is a bug in the embedding program, not user input.
pub fn spawn<F, T, E>(fut: F) -> JoinHandle<T, E>
where
    F: Future<Output = Result<T, E>> + 'static,
    T: Clone + fmt::Debug + 'static,
    E: TaskError,
{
    Handle::current().inner.spawn(None, fut)
}

/// Spawns a named task on the current runtime. See [`spawn`].
///
/// # Panics
///
/// As [`spawn`].
pub fn spawn_named<F, T, E>(name: impl Into<Rc<str>>, fut: F) -> JoinHandle<T, E>
where
    F: Future<Output = Result<T, E>> + 'static,
    T: Clone + fmt::Debug + 'static,
    E: TaskError,
{
    Handle::current().inner.spawn(Some(name.into()), fut)
}

/// The task being polled now, as asyncio's `current_task()`.
pub fn current_task() -> Option<TaskId> {
    CONTEXT.with(|c| c.borrow().as_ref().and_then(|i| i.current.get()))
}

/// The current runtime's clock reading. Zero outside a runtime.
pub fn now() -> Instant {
    try_current().map(|i| i.now()).unwrap_or(Instant::ZERO)
}

/// Writes a line of program output into the trace (and nowhere else: the
/// embedder decides where output goes).
pub fn output(stream: Stream, text: impl Into<Rc<str>>) {
    if let Some(inner) = try_current() {
        let task = inner.current.get();
        inner.record(EventKind::Output {
            task,
            stream,
            text: text.into(),
        });
    }
}

impl Handle {
    /// The handle of the runtime the caller runs on.
    ///
    /// # Panics
    ///
    /// Panics outside a runtime; see [`Handle::try_current`].
    #[allow(clippy::expect_used)]
    pub fn current() -> Handle {
        Handle::try_current().expect("looplab-core: not inside a runtime (spawn, block_on or tick)")
    }

    /// The handle of the runtime the caller runs on, if any.
    pub fn try_current() -> Option<Handle> {
        try_current().map(|inner| Handle { inner })
    }

    /// The time now on this runtime's clock.
    pub fn now(&self) -> Instant {
        self.inner.now()
    }

    /// Spawns a task. See [`spawn`].
    pub fn spawn<F, T, E>(&self, fut: F) -> JoinHandle<T, E>
    where
        F: Future<Output = Result<T, E>> + 'static,
        T: Clone + fmt::Debug + 'static,
        E: TaskError,
    {
        self.inner.spawn(None, fut)
    }

    /// Spawns a named task. See [`spawn`].
    pub fn spawn_named<F, T, E>(&self, name: impl Into<Rc<str>>, fut: F) -> JoinHandle<T, E>
    where
        F: Future<Output = Result<T, E>> + 'static,
        T: Clone + fmt::Debug + 'static,
        E: TaskError,
    {
        self.inner.spawn(Some(name.into()), fut)
    }

    /// Asks task `id` to cancel, as asyncio's `Task.cancel(msg)`.
    ///
    /// Returns `false` if the task has already finished. Otherwise the
    /// task's cancel count goes up and either what it awaits is cancelled
    /// (another task, a gather) or the cancellation is delivered at its next
    /// suspension point.
    pub fn cancel(&self, id: TaskId, message: Option<Rc<str>>) -> bool {
        let by = self.inner.current.get();
        let hook = {
            let mut tasks = self.inner.tasks.borrow_mut();
            let Some(t) = tasks.get_mut(&id.0) else {
                return false;
            };
            if t.state.is_finished() {
                return false;
            }
            t.cancels_requested += 1;
            t.cancel_hook.clone()
        };
        self.inner.record(EventKind::CancelRequested {
            task: id,
            by,
            message: message.clone(),
        });
        let c = Cancelled::new(message);
        if let Some(hook) = hook {
            if hook(&c) {
                return true;
            }
        }
        let waker = {
            let mut tasks = self.inner.tasks.borrow_mut();
            let Some(t) = tasks.get_mut(&id.0) else {
                return false;
            };
            t.must_cancel = Some(c);
            t.waker.clone()
        };
        Waker::from(waker).wake();
        if !self.inner.shared.idle.load(Ordering::Acquire) {
            self.inner.collect_woken();
        }
        true
    }

    /// asyncio's `Task.cancelling()`: cancellation requests not yet undone.
    pub fn cancelling(&self, id: TaskId) -> u32 {
        self.inner
            .tasks
            .borrow()
            .get(&id.0)
            .map(|t| t.cancels_requested)
            .unwrap_or(0)
    }

    /// asyncio's `Task.uncancel()`: undoes one cancellation request and
    /// returns how many remain.
    pub fn uncancel(&self, id: TaskId) -> u32 {
        let mut tasks = self.inner.tasks.borrow_mut();
        match tasks.get_mut(&id.0) {
            Some(t) => {
                t.cancels_requested = t.cancels_requested.saturating_sub(1);
                t.cancels_requested
            }
            None => 0,
        }
    }

    /// Snapshot of one task, if it has not finished.
    pub fn task(&self, id: TaskId) -> Option<TaskInfo> {
        self.inner.tasks.borrow().get(&id.0).map(|t| TaskInfo {
            id: t.id,
            name: t.display_name(),
            parent: t.parent,
            created: t.created,
            state: t.state,
            waiting_on: if t.state == TaskState::Waiting {
                t.waiting_on
            } else {
                None
            },
            polls: t.polls,
            cancelling: t.cancels_requested,
        })
    }

    /// Snapshots of every unfinished task, in id order.
    pub fn tasks(&self) -> Vec<TaskInfo> {
        let ids: Vec<u64> = {
            let tasks = self.inner.tasks.borrow();
            let mut ids: Vec<u64> = tasks.keys().copied().collect();
            ids.sort_unstable();
            ids
        };
        ids.into_iter()
            .filter_map(|id| self.task(TaskId(id)))
            .collect()
    }

    /// Renames a task, as asyncio's `Task.set_name`.
    pub fn set_name(&self, id: TaskId, name: impl Into<Rc<str>>) {
        if let Some(t) = self.inner.tasks.borrow_mut().get_mut(&id.0) {
            t.name = Some(name.into());
        }
    }

    /// Lets `duration` pass without running any other task, as a blocking
    /// call does. On the virtual clock time jumps; other tasks see the loop
    /// blocked, and the trace gets a blocked-loop warning if it is long.
    pub fn block_for(&self, duration: Duration) {
        self.inner.host.block_for(duration);
    }

    /// Registers a primitive for the trace and returns its id.
    pub fn new_resource(
        &self,
        kind: ResourceKind,
        name: Option<Rc<str>>,
        capacity: Option<u64>,
    ) -> ResourceId {
        self.inner.new_resource(kind, name, capacity)
    }

    /// Records a primitive's new state.
    pub fn resource_state(&self, resource: ResourceId, state: ResourceState) {
        self.inner
            .record(EventKind::ResourceState { resource, state });
    }

    /// Schedules `f` to run at the next iteration, as `loop.call_soon`.
    pub fn call_soon(&self, f: impl FnOnce() + 'static) {
        self.inner.call_soon(Box::new(f));
    }

    /// Writes a line of program output into the trace.
    pub fn output(&self, stream: Stream, text: impl Into<Rc<str>>) {
        let task = self.inner.current.get();
        self.inner.record(EventKind::Output {
            task,
            stream,
            text: text.into(),
        });
    }

    /// Records an event in the trace (for embedders with events of their own,
    /// such as a network request finishing).
    pub fn record(&self, kind: EventKind) {
        self.inner.record(kind);
    }

    /// Number of tasks that have not finished.
    pub fn live_tasks(&self) -> usize {
        self.inner.live_tasks.get()
    }
}
