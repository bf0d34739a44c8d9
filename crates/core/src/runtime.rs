//! The executor: tasks, the ready queue, timers, and the thread-local context
//! that primitives use to find their runtime and current task.
//!
//! # Invariants
//!
//! - One iteration of the loop works like asyncio's `_run_once`: fire every
//!   due timer, then run exactly the runnables that were queued when the
//!   iteration began. Work queued meanwhile waits for the next iteration.
//! - Tasks live in a slab (the task table): each is found by its [`Key`]
//!   (slot and id; a slot is reused only after its task finished, and every
//!   look-up checks the id). The run queue, wakers and task handles hold
//!   keys; lookups by bare task id go through an index built on first use.
//! - A task's future is taken out of the task table while it is polled and
//!   put back afterwards, so a task may spawn, cancel and inspect tasks
//!   (itself included) while it runs. No borrow of the task table (or of
//!   any other runtime state) is held while user code runs, and futures,
//!   cancel hooks and names are always dropped with no borrow held, because
//!   dropping one may release a permit or remove a timer.
//! - Wakers are `Arc<TaskWaker>`s built with `std::task::Wake` (made at a
//!   task's first step: until then it is scheduled anyway). They only queue
//!   the task's key and, if the runtime is idle, wake the host: on the
//!   runtime's own list when woken on its thread while it is the current
//!   runtime, else on a mutex-guarded list (never contended: the runtime is
//!   single-threaded). A runtime that stops being current moves its own
//!   list to the mutex-guarded one, and collecting takes the mutex-guarded
//!   list first, so tasks are always scheduled in wake-up order.
//! - Cancellation follows asyncio: `cancel` either forwards to what the task
//!   awaits (its *cancel hook*: another task, a gather) or records a pending
//!   cancellation and wakes the task. The pending cancellation is delivered by
//!   the next primitive the task is suspended on, as an `Err(Cancelled)`.
//!   `Inner::cancel_pending` is never false while the task being polled has
//!   a pending cancellation, so primitives can skip the task table when
//!   there is none.

use crate::error::{Cancelled, TaskError};
use crate::host::{Host, VirtualClock};
use crate::task::{JoinHandle, TaskCell};
use crate::time::Instant;
use crate::trace::{
    DoneWith, EventKind, Rec, ResourceId, ResourceKind, ResourceState, Stream, StuckTask, TaskId,
    Trace, WaitKind, WaitOn, Warning,
};
use std::cell::{Cell, Ref, RefCell};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasherDefault, Hasher};
use std::pin::Pin;
use std::rc::{Rc, Weak};
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

/// How cancelling a task reaches what it is suspended on.
#[derive(Clone)]
pub(crate) enum CancelHook {
    /// It awaits another task: cancel that task (asyncio's `Task.cancel`
    /// forwarding to `_fut_waiter`).
    Task(Weak<Inner>, Key),
    /// It waits in a wait list: mark the waiter cancelled at once. Not
    /// forwarded: the task still gets the cancellation delivered.
    Waiter(Rc<crate::waitlist::Node>),
    /// Anything else (a gather cancelling its children).
    Custom(Rc<dyn Fn(&Cancelled) -> bool>),
}

impl CancelHook {
    /// Runs the hook; returns whether the cancel was forwarded (and so is not
    /// delivered to the task itself).
    fn fire(&self, c: &Cancelled) -> bool {
        match self {
            CancelHook::Task(rt, key) => match rt.upgrade() {
                Some(inner) => inner.cancel(*key, c.message().map(Rc::from)),
                None => false,
            },
            CancelHook::Waiter(node) => {
                node.cancel();
                false
            }
            CancelHook::Custom(f) => f(c),
        }
    }
}

/// One task, as the task table holds it.
struct TaskRecord {
    /// `TaskId(0)` (never a task's id) while the slot is vacant.
    id: TaskId,
    /// The given name; `None` means the default `Task-N`, made on demand.
    name: Option<Rc<str>>,
    parent: Option<TaskId>,
    created: Instant,
    /// Taken out while the task is polled, and for good when it finishes.
    future: Option<Pin<Box<dyn Future<Output = ()>>>>,
    /// Made at the first step (until then the task is scheduled, so nothing
    /// needs to wake it), recycled when the task finishes.
    wake: Option<Arc<TaskWaker>>,
    /// `wake` as a `Waker`, made once; taken out while the task is polled.
    waker: Option<Waker>,
    state: TaskState,
    waiting_on: Option<Wait>,
    polls: u64,
    must_cancel: Option<Cancelled>,
    cancels_requested: u32,
    cancel_hook: Option<CancelHook>,
    /// The line of the program where the task last paused (0: unknown),
    /// from the runtime's [line source](Runtime::set_line_source).
    line: u32,
    /// The next vacant slot, while this one is vacant.
    next_free: u32,
}

/// What a finished task's record still owned, to be dropped with no borrow
/// of the task table held.
type Leftovers = (
    Option<Rc<str>>,
    Option<Pin<Box<dyn Future<Output = ()>>>>,
    Option<Arc<TaskWaker>>,
    Option<Waker>,
    Option<Wait>,
    Option<Cancelled>,
    Option<CancelHook>,
);

/// A [`WaitOn`], packed: every wait the primitives record names at most one
/// of a resource, a task and a deadline.
#[derive(Clone)]
enum Wait {
    Plain(WaitKind),
    Resource(WaitKind, ResourceId),
    Task(WaitKind, TaskId),
    Until(WaitKind, Instant),
    Other(Rc<WaitOn>),
}

impl Wait {
    fn new(on: WaitOn) -> Wait {
        match on {
            WaitOn {
                kind,
                resource: None,
                task: None,
                until: None,
            } => Wait::Plain(kind),
            WaitOn {
                kind,
                resource: Some(r),
                task: None,
                until: None,
            } => Wait::Resource(kind, r),
            WaitOn {
                kind,
                resource: None,
                task: Some(t),
                until: None,
            } => Wait::Task(kind, t),
            WaitOn {
                kind,
                resource: None,
                task: None,
                until: Some(u),
            } => Wait::Until(kind, u),
            on => Wait::Other(Rc::new(on)),
        }
    }

    fn get(&self) -> WaitOn {
        match *self {
            Wait::Plain(kind) => WaitOn::new(kind),
            Wait::Resource(kind, r) => WaitOn::resource(kind, Some(r)),
            Wait::Task(kind, t) => WaitOn {
                task: Some(t),
                ..WaitOn::new(kind)
            },
            Wait::Until(kind, u) => WaitOn {
                until: Some(u),
                ..WaitOn::new(kind)
            },
            Wait::Other(ref on) => **on,
        }
    }
}

fn default_name(id: TaskId) -> Rc<str> {
    format!("Task-{}", id.0).into()
}

impl TaskRecord {
    fn vacant(next_free: u32) -> TaskRecord {
        TaskRecord {
            id: TaskId(0),
            name: None,
            parent: None,
            created: Instant::ZERO,
            future: None,
            wake: None,
            waker: None,
            state: TaskState::Done,
            waiting_on: None,
            polls: 0,
            must_cancel: None,
            cancels_requested: 0,
            cancel_hook: None,
            line: 0,
            next_free,
        }
    }

    fn is_live(&self) -> bool {
        self.id.0 != 0
    }

    /// Empties the record, making the slot vacant.
    fn clear(&mut self, next_free: u32) -> Leftovers {
        self.id = TaskId(0);
        self.next_free = next_free;
        (
            self.name.take(),
            self.future.take(),
            self.wake.take(),
            self.waker.take(),
            self.waiting_on.take(),
            self.must_cancel.take(),
            self.cancel_hook.take(),
        )
    }

    fn display_name(&self) -> Rc<str> {
        self.name.clone().unwrap_or_else(|| default_name(self.id))
    }

    fn info(&self) -> TaskInfo {
        TaskInfo {
            id: self.id,
            name: self.display_name(),
            parent: self.parent,
            created: self.created,
            state: self.state,
            waiting_on: if self.state == TaskState::Waiting {
                self.waiting_on.as_ref().map(Wait::get)
            } else {
                None
            },
            polls: self.polls,
            cancelling: self.cancels_requested,
        }
    }
}

/// Hasher for the id index. Task ids are unique counters, so the id itself
/// is the bucket (consecutive tasks sit in consecutive buckets); its low
/// bits are copied to the top as the hash table's tag.
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
        self.0 = n ^ (n << 57);
    }
}

/// Where a task's record sits in the table. A slot is reused once its task
/// has finished, so every reference by slot carries the task id too and is
/// checked against the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    slot: u32,
    pub(crate) id: TaskId,
}

const CHUNK: usize = 64;
/// Finished tasks' wakers kept for reuse.
const SPARE_WAKERS: usize = 1024;

/// The live tasks: a slab of records in fixed-size chunks (growing never
/// moves a record) with a free list threaded through the vacant slots, and
/// an index from task id to slot for the by-id API. Records are filled in
/// and emptied field by field, in place. The runtime itself and task
/// handles find a task by its [`Key`]; the index is only built when a task
/// is first looked up by id, and kept up to date from then on.
struct TaskTable {
    chunks: Vec<Box<[TaskRecord]>>,
    /// The first vacant slot, or `NO_SLOT`.
    free: u32,
    by_id: Option<HashMap<u64, u32, BuildHasherDefault<IdHasher>>>,
    /// Wakers of finished tasks that nothing else referred to.
    spare_wakers: Vec<Arc<TaskWaker>>,
}

const NO_SLOT: u32 = u32::MAX;

impl Default for TaskTable {
    fn default() -> TaskTable {
        TaskTable {
            chunks: Vec::new(),
            free: NO_SLOT,
            by_id: None,
            spare_wakers: Vec::new(),
        }
    }
}

impl TaskTable {
    #[inline]
    fn entry(&mut self, slot: u32) -> Option<&mut TaskRecord> {
        let slot = slot as usize;
        self.chunks.get_mut(slot / CHUNK)?.get_mut(slot % CHUNK)
    }

    fn slot(&self, slot: u32) -> Option<&TaskRecord> {
        let slot = slot as usize;
        self.chunks
            .get(slot / CHUNK)?
            .get(slot % CHUNK)
            .filter(|t| t.is_live())
    }

    #[inline]
    fn get_mut(&mut self, key: Key) -> Option<&mut TaskRecord> {
        // Vacant slots have id 0, which no key has.
        self.entry(key.slot).filter(|t| t.id == key.id)
    }

    /// Every live task's key, in id order.
    fn keys(&self) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .chunks
            .iter()
            .enumerate()
            .flat_map(|(c, chunk)| {
                chunk.iter().enumerate().filter_map(move |(i, t)| {
                    let slot = u32::try_from(c * CHUNK + i).ok()?;
                    t.is_live().then_some(Key { slot, id: t.id })
                })
            })
            .collect();
        keys.sort_unstable_by_key(|k| k.id);
        keys
    }

    /// The key of a live task, building the id index if needed.
    fn key_of(&mut self, id: TaskId) -> Option<Key> {
        let index = match &mut self.by_id {
            Some(index) => index,
            None => {
                let index = self.keys().into_iter().map(|k| (k.id.0, k.slot)).collect();
                self.by_id.insert(index)
            }
        };
        index.get(&id.0).map(|&slot| Key { slot, id })
    }

    fn by_id_mut(&mut self, id: TaskId) -> Option<&mut TaskRecord> {
        let key = self.key_of(id)?;
        self.get_mut(key)
    }

    /// A free slot, growing the table if there is none. The slot stays
    /// vacant until `insert`.
    fn vacant(&mut self) -> u32 {
        if self.free == NO_SLOT {
            let base = self.chunks.len() * CHUNK;
            let next = |i: usize| u32::try_from(base + i + 1).unwrap_or(NO_SLOT);
            let chunk: Box<[TaskRecord]> = (0..CHUNK)
                .map(|i| TaskRecord::vacant(if i + 1 < CHUNK { next(i) } else { NO_SLOT }))
                .collect();
            self.chunks.push(chunk);
            self.free = u32::try_from(base).unwrap_or(NO_SLOT);
        }
        let slot = self.free;
        if let Some(t) = self.entry(slot) {
            let next = t.next_free;
            self.free = next;
        }
        slot
    }

    /// Fills in the record of a new task in the slot `vacant` gave.
    #[inline]
    fn insert(
        &mut self,
        key: Key,
        name: Option<Rc<str>>,
        parent: Option<TaskId>,
        created: Instant,
        future: Pin<Box<dyn Future<Output = ()>>>,
    ) {
        if let Some(index) = &mut self.by_id {
            index.insert(key.id.0, key.slot);
        }
        if let Some(t) = self.entry(key.slot) {
            t.id = key.id;
            t.name = name;
            t.parent = parent;
            t.created = created;
            t.future = Some(future);
            t.state = TaskState::Ready;
            t.polls = 0;
            t.cancels_requested = 0;
        }
    }

    /// Empties a finished task's record; its slot becomes free.
    #[inline]
    fn remove(&mut self, key: Key) -> Option<Leftovers> {
        let free = self.free;
        let leftovers = self.get_mut(key)?.clear(free);
        self.free = key.slot;
        if let Some(index) = &mut self.by_id {
            index.remove(&key.id.0);
        }
        Some(leftovers)
    }

    /// Keeps a finished task's waker for the next task, if nothing else
    /// refers to it.
    fn recycle(&mut self, mut wake: Arc<TaskWaker>) {
        if self.spare_wakers.len() < SPARE_WAKERS && Arc::get_mut(&mut wake).is_some() {
            self.spare_wakers.push(wake);
        }
    }

    /// A waker for a new task: a recycled one, or a fresh one.
    fn new_waker(&mut self, key: Key, shared: &Arc<Shared>) -> Arc<TaskWaker> {
        if let Some(mut wake) = self.spare_wakers.pop() {
            if let Some(w) = Arc::get_mut(&mut wake) {
                w.key = key;
                *w.queued.get_mut() = true;
                return wake;
            }
        }
        Arc::new(TaskWaker {
            key,
            queued: AtomicBool::new(true),
            shared: shared.clone(),
        })
    }

    fn iter(&self) -> impl Iterator<Item = &TaskRecord> {
        self.chunks
            .iter()
            .flat_map(|c| c.iter().filter(|t| t.is_live()))
    }

    /// Empties the table; the records are dropped by the caller.
    fn clear(&mut self) -> Vec<Box<[TaskRecord]>> {
        self.by_id = None;
        self.free = NO_SLOT;
        self.spare_wakers.clear();
        std::mem::take(&mut self.chunks)
    }
}

struct Shared {
    woken: Mutex<Vec<Key>>,
    /// Whether `woken` may be non-empty (checked without the lock).
    any_woken: AtomicBool,
    idle: AtomicBool,
    host_waker: Waker,
}

impl Shared {
    /// Queues a woken task: on the runtime's own list if it is the current
    /// runtime of this thread, else on the thread-safe list.
    fn push_woken(self: &Arc<Self>, key: Key) {
        if !push_local(self, key) {
            if let Ok(mut q) = self.woken.lock() {
                q.push(key);
                self.any_woken.store(true, Ordering::Release);
            }
        }
        if self.idle.load(Ordering::Acquire) {
            self.host_waker.wake_by_ref();
        }
    }
}

/// Pushes `key` on the current runtime's own wake-up list if `shared` is
/// that runtime's; returns whether it did.
fn push_local(shared: &Arc<Shared>, key: Key) -> bool {
    CONTEXT
        .try_with(|c| {
            let Ok(ctx) = c.try_borrow() else {
                return false;
            };
            match ctx.as_ref() {
                Some(inner) if Arc::ptr_eq(&inner.shared, shared) => {
                    match inner.local_woken.try_borrow_mut() {
                        Ok(mut local) => {
                            local.push(key);
                            true
                        }
                        Err(_) => false,
                    }
                }
                _ => false,
            }
        })
        .unwrap_or(false)
}

struct TaskWaker {
    key: Key,
    queued: AtomicBool,
    shared: Arc<Shared>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if !self.queued.load(Ordering::Acquire) && !self.queued.swap(true, Ordering::AcqRel) {
            self.shared.push_woken(self.key);
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
    Task(Key),
    Callback(Box<dyn FnOnce()>),
}

pub(crate) struct Inner {
    host: Rc<dyn Host>,
    shared: Arc<Shared>,
    tasks: RefCell<TaskTable>,
    run_queue: RefCell<VecDeque<Runnable>>,
    /// Tasks woken on this thread while this runtime is current, after
    /// those in `shared.woken` (see `push_local`).
    local_woken: RefCell<Vec<Key>>,
    /// A spare buffer for `collect_woken`.
    woken_spare: Cell<Vec<Key>>,
    timers: RefCell<BTreeMap<(Instant, u64), TimerAction>>,
    timer_seq: Cell<u64>,
    trace: RefCell<Trace>,
    tracing: bool,
    /// The task being polled.
    current: Cell<Option<Key>>,
    /// Whether the task being polled may have a pending cancellation: never
    /// false while it has one, so that `take_cancel` can skip the table.
    cancel_pending: Cell<bool>,
    /// The task that asked to be preempted in its current step.
    preempted: Cell<Option<Key>>,
    /// Clock time spent in nested runs ([`Handle::run_nested`]) so far: a
    /// step that ran a nested loop did not block it for that long.
    nested: Cell<Duration>,
    /// Set by a preemption: the running tick returns to the host.
    stop_tick: Cell<bool>,
    next_task: Cell<u64>,
    next_resource: Cell<u64>,
    config: Config,
    live_tasks: Cell<usize>,
    /// [`external`] futures that are waiting on the host.
    external_pending: Cell<usize>,
    /// Where the program is (see [`Runtime::set_line_source`]).
    line_source: RefCell<Option<LineSource>>,
}

/// Says which line of the program runs now, and a count that moves on
/// whenever a new line begins (see [`Runtime::set_line_source`]).
pub type LineSource = Rc<dyn Fn() -> (u32, u64)>;

thread_local! {
    static CONTEXT: RefCell<Option<Rc<Inner>>> = const { RefCell::new(None) };
    /// Whether the current runtime records a trace: a copy of its setting,
    /// kept with `CONTEXT`, that primitives can check cheaply.
    static TRACING: Cell<bool> = const { Cell::new(false) };
}

/// Restores the previous context when a runtime stops being current.
/// A runtime that stops being current moves its own wake-up list to its
/// thread-safe one, so that both stay in wake-up order.
struct EnterGuard(Option<Rc<Inner>>);

impl Drop for EnterGuard {
    fn drop(&mut self) {
        let prev = self.0.take();
        TRACING.with(|t| t.set(prev.as_ref().is_some_and(|p| p.tracing)));
        let left = CONTEXT.with(|c| std::mem::replace(&mut *c.borrow_mut(), prev.clone()));
        if let Some(left) = left {
            if !prev.as_ref().is_some_and(|p| Rc::ptr_eq(p, &left)) {
                left.flush_local_woken();
            }
        }
    }
}

fn enter(inner: &Rc<Inner>) -> EnterGuard {
    let prev = CONTEXT.with(|c| c.borrow_mut().replace(inner.clone()));
    TRACING.with(|t| t.set(inner.tracing));
    if let Some(p) = &prev {
        if !Rc::ptr_eq(p, inner) {
            p.flush_local_woken();
        }
    }
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
            woken: Mutex::new(Vec::new()),
            any_woken: AtomicBool::new(false),
            idle: AtomicBool::new(true),
            host_waker: host.poll_soon(),
        });
        let inner = Rc::new(Inner {
            host,
            shared,
            tasks: RefCell::new(TaskTable::default()),
            run_queue: RefCell::new(VecDeque::new()),
            local_woken: RefCell::new(Vec::new()),
            woken_spare: Cell::new(Vec::new()),
            timers: RefCell::new(BTreeMap::new()),
            timer_seq: Cell::new(0),
            trace: RefCell::new(Trace::new(config.trace, config.trace_capacity)),
            tracing: config.trace,
            current: Cell::new(None),
            cancel_pending: Cell::new(false),
            nested: Cell::new(Duration::ZERO),
            preempted: Cell::new(None),
            stop_tick: Cell::new(false),
            next_task: Cell::new(1),
            next_resource: Cell::new(1),
            config,
            live_tasks: Cell::new(0),
            external_pending: Cell::new(0),
            line_source: RefCell::new(None),
        });
        Runtime { inner }
    }

    /// Lets the trace say on which line each wait began: `source` returns
    /// the line running now and a count that moves on whenever a line of
    /// the program begins. A task that pauses after a line began in its
    /// step paused on that line; one that began none (it resumed inside
    /// code that is not the program's, and paused again there) is still
    /// where it last paused. Its `TaskWaiting` events carry the line.
    pub fn set_line_source(&self, source: LineSource) {
        *self.inner.line_source.borrow_mut() = Some(source);
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
            if steps >= max_steps || self.inner.stop_tick.replace(false) {
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

    /// How many [`external`] futures are waiting on the host.
    pub fn pending_external(&self) -> usize {
        self.inner.external_pending.get()
    }

    /// For event-driven hosts: reports that nothing can run, no timer is
    /// pending and nothing external is awaited, yet the program has not
    /// finished. Records the deadlock warning (naming every stuck task and
    /// what it waits on) and returns the error a blocking run would give.
    pub fn deadlock(&self) -> RunError {
        let stuck = self.inner.stuck_tasks();
        self.inner.record(EventKind::Warning(Warning::Deadlock {
            stuck: stuck.clone(),
        }));
        RunError::Deadlock(stuck)
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
            tasks
                .keys()
                .into_iter()
                .filter_map(|key| tasks.get_mut(key)?.future.take())
                .collect()
        };
        let _ctx = enter(&self.inner);
        drop(futures);
        let records = self.inner.tasks.borrow_mut().clear();
        drop(records);
        self.inner.run_queue.borrow_mut().clear();
        self.inner.timers.borrow_mut().clear();
    }
}

impl Inner {
    #[inline(always)]
    pub(crate) fn record(&self, kind: EventKind) {
        if self.tracing {
            self.push_event(kind);
        }
    }

    fn push_event(&self, kind: EventKind) {
        let at = self.host.now();
        self.trace.borrow_mut().push(at, kind);
    }

    /// Records an event in its compact form; only call while tracing.
    #[inline(always)]
    pub(crate) fn push_rec(&self, rec: Rec) {
        let at = self.host.now();
        self.trace.borrow_mut().push_rec(at, rec);
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
        let parent = self.current_id();
        let key = Key {
            slot: self.tasks.borrow_mut().vacant(),
            id,
        };
        let cell = Rc::new(TaskCell::new(Rc::downgrade(self), key));
        let task_cell = cell.clone();
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
            if let Some(rt) = task_cell.runtime() {
                let (state, done) = match &result {
                    Ok(v) => (TaskState::Done, DoneWith::Value(v)),
                    Err(e) => match e.as_cancelled() {
                        Some(c) => (
                            TaskState::Cancelled,
                            DoneWith::Cancelled(c.message().map(Rc::from)),
                        ),
                        None => (TaskState::Failed, DoneWith::Error(e)),
                    },
                };
                task_cell.set_final_cancelling(rt.finish(key, state, done));
            }
            task_cell.complete(result);
        };
        let traced_name = if self.tracing { name.clone() } else { None };
        let now = self.host.now();
        self.tasks
            .borrow_mut()
            .insert(key, name, parent, now, Box::pin(wrapped));
        self.live_tasks.set(self.live_tasks.get() + 1);
        if self.tracing {
            self.trace
                .borrow_mut()
                .push_spawned(now, id, parent, traced_name);
        }
        // As a wake-up: behind everything woken before it.
        if self.shared.idle.load(Ordering::Acquire) {
            self.shared.push_woken(key);
        } else {
            self.collect_woken();
            self.run_queue.borrow_mut().push_back(Runnable::Task(key));
        }
        JoinHandle::new(id, cell)
    }

    /// The id of the task being polled.
    fn current_id(&self) -> Option<TaskId> {
        self.current.get().map(|k| k.id)
    }

    fn with_current_task<R>(&self, f: impl FnOnce(&mut TaskRecord) -> R) -> Option<R> {
        let key = self.current.get()?;
        let mut tasks = self.tasks.borrow_mut();
        Some(f(tasks.get_mut(key)?))
    }

    /// [`take_cancel`] on this runtime.
    pub(crate) fn take_cancel(&self) -> Option<Cancelled> {
        if !self.cancel_pending.get() {
            return None;
        }
        self.cancel_pending.set(false);
        self.with_current_task(|t| t.must_cancel.take()).flatten()
    }

    /// [`set_waiting`] on this runtime.
    pub(crate) fn set_waiting(&self, on: WaitOn) {
        self.with_current_task(|t| t.waiting_on = Some(Wait::new(on)));
    }

    /// Marks a task finished; returns its final cancel count.
    fn finish(&self, key: Key, state: TaskState, done: DoneWith<'_>) -> u32 {
        let mut cancelling = 0;
        let taken = {
            let mut tasks = self.tasks.borrow_mut();
            tasks.get_mut(key).map(|t| {
                t.state = state;
                t.waiting_on = None;
                cancelling = t.cancels_requested;
                (t.cancel_hook.take(), t.must_cancel.take())
            })
        };
        drop(taken);
        self.live_tasks.set(self.live_tasks.get().saturating_sub(1));
        if self.tracing {
            let at = self.host.now();
            self.trace.borrow_mut().push_done(at, key.id, done);
        }
        cancelling
    }

    /// Moves this runtime's own wake-up list to the thread-safe one.
    fn flush_local_woken(&self) {
        let mut local = self.local_woken.borrow_mut();
        if !local.is_empty() {
            if let Ok(mut q) = self.shared.woken.lock() {
                q.append(&mut local);
                self.shared.any_woken.store(true, Ordering::Release);
            }
        }
    }

    /// Moves woken tasks, in wake-up order, to the run queue: those on the
    /// thread-safe list first (they were woken earlier, see `push_local`),
    /// then those on the runtime's own list.
    #[inline]
    fn collect_woken(&self) {
        if self.shared.any_woken.load(Ordering::Acquire) {
            self.collect_remote();
        }
        // Nothing is woken while the list is borrowed (a wake-up then would
        // go to the thread-safe list).
        let mut local = self.local_woken.borrow_mut();
        if !local.is_empty() {
            self.schedule(local.drain(..));
        }
    }

    #[cold]
    fn collect_remote(&self) {
        let mut woken = self.woken_spare.take();
        if let Ok(mut q) = self.shared.woken.lock() {
            std::mem::swap(&mut *q, &mut woken);
            self.shared.any_woken.store(false, Ordering::Release);
        }
        self.schedule(woken.drain(..));
        self.woken_spare.set(woken);
    }

    fn schedule(&self, woken: impl Iterator<Item = Key>) {
        let mut tasks = self.tasks.borrow_mut();
        let mut rq = self.run_queue.borrow_mut();
        for key in woken {
            if let Some(t) = tasks.get_mut(key) {
                if t.state == TaskState::Waiting {
                    t.state = TaskState::Ready;
                    if self.tracing {
                        self.push_rec(Rec::ready(key.id));
                    }
                }
            }
            rq.push_back(Runnable::Task(key));
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
                Some(Runnable::Task(key)) => {
                    *steps += 1;
                    self.poll_task(key);
                }
                Some(Runnable::Callback(f)) => f(),
                None => break,
            }
            self.collect_woken();
            if self.stop_tick.get() {
                break;
            }
        }
        true
    }

    fn poll_task(self: &Rc<Self>, key: Key) {
        let (mut fut, waker, old_hook, cancel_pending) = {
            let mut tasks = self.tasks.borrow_mut();
            let first = match tasks.get_mut(key) {
                Some(t) => t.wake.is_none() && t.future.is_some(),
                None => return,
            };
            let fresh = first.then(|| tasks.new_waker(key, &self.shared));
            let Some(t) = tasks.get_mut(key) else { return };
            if let Some(wake) = fresh {
                t.waker = Some(Waker::from(wake.clone()));
                t.wake = Some(wake);
            }
            let Some(wake) = &t.wake else { return };
            wake.queued.store(false, Ordering::Release);
            let Some(fut) = t.future.take() else { return };
            t.state = TaskState::Running;
            t.waiting_on = None;
            t.polls += 1;
            let waker = match t.waker.take() {
                Some(waker) => waker,
                None => Waker::from(wake.clone()),
            };
            (fut, waker, t.cancel_hook.take(), t.must_cancel.is_some())
        };
        drop(old_hook);
        let task = key.id;
        if self.tracing {
            self.push_rec(Rec::running(task));
        }
        let prev = self.current.replace(Some(key));
        self.cancel_pending.set(cancel_pending);
        let line_now = || {
            if self.tracing {
                self.line_source.borrow().as_ref().map(|l| l())
            } else {
                None
            }
        };
        let lines_before = line_now().map(|(_, count)| count);
        let started = self.host.now();
        let nested_before = self.nested.get();
        let poll = fut.as_mut().poll(&mut Context::from_waker(&waker));
        // Time in a nested run (`asyncio.run` called from a task's step)
        // was the loop running, not this step blocking it.
        let took = (self.host.now() - started).saturating_sub(self.nested.get() - nested_before);
        self.current.set(prev);
        // A task interrupted by this one (a nested run) may have been
        // cancelled meanwhile: assume it was.
        self.cancel_pending.set(prev.is_some());
        if took >= self.config.blocked_threshold {
            self.record(EventKind::Warning(Warning::LoopBlocked {
                task,
                millis: took.as_secs_f64() * 1000.0,
            }));
        }
        match poll {
            Poll::Ready(()) => {
                // The wrapper already recorded the outcome; drop the future
                // and the record with no borrow held.
                drop(fut);
                drop(waker);
                let removed = self.tasks.borrow_mut().remove(key);
                if let Some((name, future, Some(wake), waker, waiting_on, cancel, hook)) = removed {
                    drop((name, future, waker, waiting_on, cancel, hook));
                    self.tasks.borrow_mut().recycle(wake);
                }
            }
            Poll::Pending => {
                let preempted = self.preempted.get() == Some(key);
                if preempted {
                    self.preempted.set(None);
                }
                let now_at = line_now();
                let (on, line) = {
                    let mut tasks = self.tasks.borrow_mut();
                    let Some(t) = tasks.get_mut(key) else { return };
                    if let (Some((line, count)), Some(before)) = (now_at, lines_before) {
                        if count != before {
                            t.line = line;
                        }
                    }
                    let line = (t.line != 0).then_some(t.line);
                    t.future = Some(fut);
                    t.waker = Some(waker);
                    if preempted {
                        if let Some(w) = &t.wake {
                            // Queued already: a wake meanwhile adds nothing.
                            w.queued.store(true, Ordering::Release);
                        }
                        self.run_queue.borrow_mut().push_front(Runnable::Task(key));
                    }
                    if t.wake
                        .as_ref()
                        .is_some_and(|w| w.queued.load(Ordering::Acquire))
                    {
                        // Woken during its own step (a yield): it is ready
                        // at once.
                        t.state = TaskState::Ready;
                        (Err(t.waiting_on.as_ref().map(Wait::get)), line)
                    } else {
                        t.state = TaskState::Waiting;
                        let on = t
                            .waiting_on
                            .get_or_insert(Wait::Plain(WaitKind::Unknown))
                            .get();
                        (Ok(on), line)
                    }
                };
                if self.tracing {
                    match on {
                        Ok(on) => self.push_rec(Rec::waiting(task, on, line)),
                        Err(on) => {
                            let on = on.unwrap_or(WaitOn::new(WaitKind::Yield));
                            self.push_rec(Rec::waiting(task, on, line));
                            self.push_rec(Rec::ready(task));
                        }
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
            .iter()
            .filter(|t| !t.state.is_finished())
            .map(|t| StuckTask {
                task: t.id,
                name: t.display_name(),
                on: t
                    .waiting_on
                    .as_ref()
                    .map_or(WaitOn::new(WaitKind::Unknown), Wait::get),
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

    /// Asks a task to cancel; see [`Handle::cancel`].
    pub(crate) fn cancel(&self, key: Key, message: Option<Rc<str>>) -> bool {
        self.cancel_by(key, message, self.current_id())
    }

    /// [`cancel`](Self::cancel), naming `by` as the task that asked (`None`:
    /// the loop itself, as when `asyncio.run` cancels what is left).
    pub(crate) fn cancel_by(&self, key: Key, message: Option<Rc<str>>, by: Option<TaskId>) -> bool {
        let id = key.id;
        let hook = {
            let mut tasks = self.tasks.borrow_mut();
            let Some(t) = tasks.get_mut(key) else {
                return false;
            };
            if t.state.is_finished() {
                return false;
            }
            t.cancels_requested += 1;
            t.cancel_hook.clone()
        };
        self.record(EventKind::CancelRequested {
            task: id,
            by,
            message: message.clone(),
        });
        let c = Cancelled::new(message);
        if let Some(hook) = hook {
            if hook.fire(&c) {
                return true;
            }
        }
        let (wake, old) = {
            let mut tasks = self.tasks.borrow_mut();
            let Some(t) = tasks.get_mut(key) else {
                return false;
            };
            // A suspended task's first cancellation already cancelled what
            // it waits on, so its message is the one delivered (asyncio);
            // a running task delivers the latest at its next suspension.
            let old = if t.must_cancel.is_none() || self.current.get() == Some(key) {
                t.must_cancel.replace(c)
            } else {
                Some(c)
            };
            (t.wake.clone(), old)
        };
        if self.current.get() == Some(key) {
            self.cancel_pending.set(true);
        }
        drop(old);
        // A task without a waker has not run yet, and is scheduled.
        if let Some(wake) = wake {
            wake.wake_by_ref();
        }
        if !self.shared.idle.load(Ordering::Acquire) {
            self.collect_woken();
        }
        true
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

/// Whether the current runtime (if any) records a trace, without touching
/// its reference count.
#[inline]
pub(crate) fn current_tracing() -> bool {
    TRACING.with(Cell::get)
}

/// Runs `f` on the current runtime, if any, without touching its reference
/// count. `f` must not enter or leave a runtime.
pub(crate) fn with_current<R>(f: impl FnOnce(&Inner) -> R) -> Option<R> {
    CONTEXT.with(|c| c.borrow().as_deref().map(f))
}

fn with_current_task<R>(f: impl FnOnce(&mut TaskRecord) -> R) -> Option<R> {
    with_current(|inner| inner.with_current_task(f)).flatten()
}

/// Takes the current task's pending cancellation, delivering it. Leaf
/// futures call this each time they are polled after having suspended.
pub(crate) fn take_cancel() -> Option<Cancelled> {
    with_current(Inner::take_cancel).flatten()
}

fn take_cancel_before_start() -> Option<Cancelled> {
    with_current(|inner| {
        if !inner.cancel_pending.get() {
            return None;
        }
        inner
            .with_current_task(|t| {
                if t.polls == 1 {
                    t.must_cancel.take()
                } else {
                    None
                }
            })
            .flatten()
    })
    .flatten()
}

/// Puts a cancellation back (a forwarded cancel that did not take).
pub(crate) fn restore_cancel(c: Cancelled) {
    let old = with_current(|inner| {
        let old = inner.with_current_task(|t| t.must_cancel.replace(c));
        inner.cancel_pending.set(true);
        old
    });
    drop(old);
}

/// Records what the current task is about to wait on.
pub(crate) fn set_waiting(on: WaitOn) {
    with_current_task(|t| t.waiting_on = Some(Wait::new(on)));
}

/// Records how cancelling the current task reaches what it awaits.
pub(crate) fn set_cancel_hook(hook: CancelHook) {
    let old = with_current_task(|t| t.cancel_hook.replace(hook));
    drop(old);
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

/// Lets the host run (render, handle input) in the middle of a long step of
/// the current task, without letting any other task run first: the task is
/// put back at the front of the run queue and the current
/// [`Runtime::tick`] returns [`Tick::Busy`]. Blocking drivers continue at
/// once. Not a suspension point: no cancellation is delivered here.
pub fn preempt() -> Preempt {
    Preempt { asked: false }
}

/// The future of [`preempt`].
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct Preempt {
    asked: bool,
}

impl Future for Preempt {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.asked {
            return Poll::Ready(());
        }
        let Some(inner) = try_current() else {
            return Poll::Ready(());
        };
        let Some(key) = inner.current.get() else {
            return Poll::Ready(());
        };
        self.asked = true;
        inner.preempted.set(Some(key));
        inner.stop_tick.set(true);
        Poll::Pending
    }
}

/// Marks `fut` as work the host does outside the runtime (a network
/// request): while it is pending, its task shows as waiting on
/// [`WaitKind::External`](crate::trace::WaitKind::External) and
/// [`Runtime::pending_external`] counts it, so an idle runtime is not taken
/// for deadlocked. The host must wake the task's waker when it is done.
///
/// # Cancel safety
///
/// Cancelling the task while it waits drops `fut` at once (which should
/// abort the host's work) and gives `Err(Cancelled)`, as awaiting a future
/// in asyncio does.
pub fn external<F: Future>(fut: F) -> External<F> {
    External {
        fut: Some(Box::pin(fut)),
        counted: None,
    }
}

/// The future of [`external`].
#[must_use = "futures do nothing unless awaited"]
pub struct External<F> {
    fut: Option<Pin<Box<F>>>,
    counted: Option<Weak<Inner>>,
}

impl<F> fmt::Debug for External<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("External")
            .field("pending", &self.counted.is_some())
            .finish()
    }
}

impl<F> External<F> {
    fn uncount(&mut self) {
        if let Some(inner) = self.counted.take().and_then(|w| w.upgrade()) {
            inner
                .external_pending
                .set(inner.external_pending.get().saturating_sub(1));
        }
    }
}

impl<F: Future> Future for External<F> {
    type Output = Result<F::Output, Cancelled>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.counted.is_some() {
            if let Some(c) = take_cancel() {
                self.fut = None;
                self.uncount();
                return Poll::Ready(Err(c));
            }
        }
        let Some(fut) = self.fut.as_mut() else {
            return Poll::Pending;
        };
        match fut.as_mut().poll(cx) {
            Poll::Ready(out) => {
                self.fut = None;
                self.uncount();
                Poll::Ready(Ok(out))
            }
            Poll::Pending => {
                set_waiting(WaitOn::new(crate::trace::WaitKind::External));
                if self.counted.is_none() {
                    if let Some(inner) = try_current() {
                        inner.external_pending.set(inner.external_pending.get() + 1);
                        self.counted = Some(Rc::downgrade(&inner));
                    }
                }
                Poll::Pending
            }
        }
    }
}

impl<F> Drop for External<F> {
    fn drop(&mut self) {
        self.uncount();
    }
}

/// The task being polled now, as asyncio's `current_task()`.
pub fn current_task() -> Option<TaskId> {
    CONTEXT.with(|c| c.borrow().as_ref().and_then(|i| i.current_id()))
}

/// The current runtime's clock reading. Zero outside a runtime.
pub fn now() -> Instant {
    try_current().map(|i| i.now()).unwrap_or(Instant::ZERO)
}

/// Writes a line of program output into the trace (and nowhere else: the
/// embedder decides where output goes).
pub fn output(stream: Stream, text: impl Into<Rc<str>>) {
    if let Some(inner) = try_current() {
        let task = inner.current_id();
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
        let key = self.inner.tasks.borrow_mut().key_of(id);
        match key {
            Some(key) => self.inner.cancel(key, message),
            None => false,
        }
    }

    /// asyncio's `Task.cancelling()`: cancellation requests not yet undone.
    pub fn cancelling(&self, id: TaskId) -> u32 {
        self.inner
            .tasks
            .borrow_mut()
            .by_id_mut(id)
            .map(|t| t.cancels_requested)
            .unwrap_or(0)
    }

    /// asyncio's `Task.uncancel()`: undoes one cancellation request and
    /// returns how many remain.
    pub fn uncancel(&self, id: TaskId) -> u32 {
        match self.inner.tasks.borrow_mut().by_id_mut(id) {
            Some(t) => {
                t.cancels_requested = t.cancels_requested.saturating_sub(1);
                t.cancels_requested
            }
            None => 0,
        }
    }

    /// Snapshot of one task, if it has not finished.
    pub fn task(&self, id: TaskId) -> Option<TaskInfo> {
        self.inner
            .tasks
            .borrow_mut()
            .by_id_mut(id)
            .map(|t| t.info())
    }

    /// Snapshots of every unfinished task, in id order.
    pub fn tasks(&self) -> Vec<TaskInfo> {
        let tasks = self.inner.tasks.borrow();
        tasks
            .keys()
            .into_iter()
            .filter_map(|k| tasks.slot(k.slot).map(TaskRecord::info))
            .collect()
    }

    /// Renames a task, as asyncio's `Task.set_name`.
    pub fn set_name(&self, id: TaskId, name: impl Into<Rc<str>>) {
        let name: Rc<str> = name.into();
        let old = match self.inner.tasks.borrow_mut().by_id_mut(id) {
            Some(t) => t.name.replace(name.clone()),
            None => None,
        };
        if old.is_some() {
            self.inner.record(EventKind::TaskRenamed { task: id, name });
        }
        drop(old);
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
        let task = self.inner.current_id();
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

    /// Drives the loop from inside a running task (re-entrantly) until
    /// `done()` holds: due timers fire and other tasks run, iteration by
    /// iteration, with the host's blocking wait between deadlines. The task
    /// that calls this stays in its step meanwhile. This is what a nested
    /// `loop.run_until_complete(...)` needs when it is called from
    /// synchronous code.
    ///
    /// # Errors
    ///
    /// [`RunError::Deadlock`] if nothing can run and no timer is pending
    /// before `done()` holds; [`RunError::CannotBlock`] on a host that
    /// cannot block (the browser: use an event-driven host there).
    pub fn run_nested(&self, done: impl FnMut() -> bool) -> Result<(), RunError> {
        let started = self.inner.host.now();
        let result = self.run_nested_loop(done);
        let spent = self.inner.host.now() - started;
        self.inner.nested.set(self.inner.nested.get() + spent);
        result
    }

    fn run_nested_loop(&self, mut done: impl FnMut() -> bool) -> Result<(), RunError> {
        loop {
            if done() {
                return Ok(());
            }
            self.inner.fire_due_timers();
            let mut steps = 0;
            if self.inner.run_iteration(&mut steps, usize::MAX) {
                continue;
            }
            match self.inner.next_deadline() {
                Some(deadline) => {
                    if !self.inner.host.park_until(deadline) {
                        return Err(RunError::CannotBlock);
                    }
                }
                None => {
                    if done() {
                        return Ok(());
                    }
                    let stuck = self.inner.stuck_tasks();
                    return Err(RunError::Deadlock(stuck));
                }
            }
        }
    }

    /// Number of tasks that have not finished.
    pub fn live_tasks(&self) -> usize {
        self.inner.live_tasks.get()
    }

    /// How many [`external`] futures are waiting on the host (network
    /// requests in flight). While any is, an idle runtime is not
    /// deadlocked: the host will wake it.
    pub fn pending_external(&self) -> usize {
        self.inner.external_pending.get()
    }
}
