//! `asyncio`, mapped onto the core runtime: every task is a core task, every
//! primitive a core primitive, so the trace shows what the program does.
//! `Interp::await_value` (an `await` of any awaitable: coroutines, tasks,
//! futures) and `Interp::run_finalizers` are here too, as an `impl Interp`
//! block.

use super::{func, module as make_module};
use crate::exc::{class, Exc};
use crate::gen::{awaitable, Coroutine, Generator};
use crate::interp::{Interp, LocalFuture};
use crate::value::bound;
use crate::value::*;
use looplab_core as core;
use looplab_core::JoinHandle;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::time::Duration;

fn secs_arg(v: &Value, what: &str) -> Result<f64, Exc> {
    v.as_number()
        .map(|n| n.as_f64())
        .ok_or_else(|| Exc::type_error(format!("{what} must be a number, not {}", v.type_name())))
}

fn duration(secs: f64) -> Duration {
    core::duration_from_secs(secs)
}

fn runtime(interp: &Interp) -> Result<core::Handle, Exc> {
    interp
        .runtime()
        .ok_or_else(|| Exc::runtime_error("no running event loop"))
}

fn weak(interp: &Interp) -> Weak<Interp> {
    Rc::downgrade(&interp.rc())
}

fn cancelled_exc(c: core::Cancelled) -> Exc {
    Exc::from(c)
}

// ------------------------------------------------------------------ tasks

/// An asyncio `Task`.
pub struct TaskObj {
    /// The core task.
    pub handle: JoinHandle<Value, Exc>,
    /// Shared with the "never retrieved" report, which outlives the object.
    name: Rc<RefCell<Rc<str>>>,
    coro: Rc<str>,
    /// The line of its coroutine function's `def` (0: not the program's).
    line: u32,
    /// The program's file name, for `repr` ("defined at FILE:LINE").
    file: Rc<str>,
    /// Done callbacks added from Python, with a flag to remove them.
    callbacks: RefCell<Vec<(Value, Rc<Cell<bool>>)>>,
    /// CPython hands the task's own `CancelledError` (with its message) to
    /// the first retrieval only; later ones get a fresh one without args.
    cancel_taken: Cell<bool>,
}

fn task_of(v: &Value) -> Option<&TaskObj> {
    native_ref::<TaskObj>(v)
}

fn this_task(a: &Args) -> Result<&TaskObj, Exc> {
    a.pos
        .first()
        .and_then(task_of)
        .ok_or_else(|| Exc::type_error("expected a Task"))
}

impl TaskObj {
    fn new(
        handle: JoinHandle<Value, Exc>,
        name: Rc<str>,
        coro: Rc<str>,
        line: u32,
        file: Rc<str>,
    ) -> TaskObj {
        TaskObj {
            handle,
            name: Rc::new(RefCell::new(name)),
            coro,
            line,
            file,
            callbacks: RefCell::new(Vec::new()),
            cancel_taken: Cell::new(false),
        }
    }

    /// The outcome as a retrieval sees it (see `cancel_taken`).
    pub fn outcome(&self) -> Option<Result<Value, Exc>> {
        match self.handle.result()? {
            Err(e) if e.is("CancelledError") => {
                if self.cancel_taken.replace(true) {
                    Some(Err(Exc::new(class("CancelledError"), vec![])))
                } else {
                    Some(Err(e))
                }
            }
            other => Some(other),
        }
    }

    fn state_word(&self) -> &'static str {
        if !self.handle.is_finished() {
            "pending"
        } else if self.handle.is_cancelled() {
            "cancelled"
        } else {
            "finished"
        }
    }
}

crate::debug_via_repr!(TaskObj, FutureObj, GatherFut);

impl Native for TaskObj {
    fn type_name(&self) -> &'static str {
        "Task"
    }

    /// CPython's, for a task that has finished: `coro=<f() done, defined
    /// at FILE:LINE>` and its result or exception (shortened as `reprlib`
    /// shortens them). A pending task shows its coroutine's name only
    /// (CPython adds the line it is suspended at and what it waits for).
    fn repr(&self) -> String {
        let state = self.state_word();
        let name = self.name.borrow();
        let coro = if state == "pending" || self.line == 0 {
            format!("{}()", self.coro)
        } else {
            format!(
                "{}() done, defined at {}:{}",
                self.coro, self.file, self.line
            )
        };
        let outcome = match (state, self.outcome()) {
            ("finished", Some(Ok(v))) => format!(" result={}", crate::format::short_repr(&v)),
            ("finished", Some(Err(e))) => {
                format!(" exception={}", crate::format::short_repr(&e.value()))
            }
            _ => String::new(),
        };
        format!("<Task {state} name='{name}' coro=<{coro}>{outcome}>")
    }

    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "cancel" => |_, mut a| {
                let msg = a.take_kw("msg").or_else(|| a.pos.get(1).cloned());
                let t = this_task(&a)?;
                let msg = match msg {
                    Some(Value::Str(ref s)) => Some(s.clone()),
                    _ => None,
                };
                Ok(Value::Bool(t.handle.cancel(msg.as_deref())))
            },
            "cancelled" => |_, a| Ok(Value::Bool(this_task(&a)?.handle.is_cancelled())),
            "done" => |_, a| Ok(Value::Bool(this_task(&a)?.handle.is_finished())),
            "result" => |_, a| match this_task(&a)?.outcome() {
                None => Err(Exc::of("InvalidStateError", "Result is not set.")),
                Some(r) => r,
            },
            "exception" => |_, a| match this_task(&a)?.outcome() {
                None => Err(Exc::of("InvalidStateError", "Exception is not set.")),
                Some(Ok(_)) => Ok(Value::None),
                Some(Err(e)) if e.is("CancelledError") => Err(e),
                Some(Err(e)) => Ok(e.value()),
            },
            "get_name" => |_, a| Ok(Value::Str(this_task(&a)?.name.borrow().clone())),
            "set_name" => |interp, a| {
                let t = this_task(&a)?;
                let n: Rc<str> = interp.str(a.pos.get(1).unwrap_or(&Value::None))?.into();
                if let Some(h) = interp.runtime() {
                    h.set_name(t.handle.id(), n.clone());
                }
                *t.name.borrow_mut() = n;
                Ok(Value::None)
            },
            "cancelling" => |_, a| Ok(Value::Int(this_task(&a)?.handle.cancelling() as i64)),
            "uncancel" => |_, a| Ok(Value::Int(this_task(&a)?.handle.uncancel() as i64)),
            "get_coro" => |_, a| {
                let t = this_task(&a)?;
                Ok(crate::gen::coroutine(
                    t.coro.clone(),
                    t.coro.clone(),
                    0,
                    Box::pin(async {
                        Err(Exc::runtime_error("cannot reuse already awaited coroutine"))
                    }),
                ))
            },
            "add_done_callback" => |interp, a| {
                let t = this_task(&a)?;
                let me = a.pos.first().cloned().unwrap_or(Value::None);
                let cb = a.pos.get(1).cloned().unwrap_or(Value::None);
                let active = Rc::new(Cell::new(true));
                t.callbacks.borrow_mut().push((cb.clone(), active.clone()));
                add_callback(interp, &t.handle, cb, me, active);
                Ok(Value::None)
            },
            "remove_done_callback" => |_, a| {
                let t = this_task(&a)?;
                let cb = a.pos.get(1).cloned().unwrap_or(Value::None);
                let mut n = 0;
                t.callbacks.borrow_mut().retain(|(c, active)| {
                    if c.is(&cb) && active.get() {
                        active.set(false);
                        n += 1;
                        false
                    } else {
                        true
                    }
                });
                Ok(Value::Int(n))
            },
            "__await__" => return None,
            _ => return None,
        };
        Some(bound(this, name, f))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn add_callback(
    interp: &Interp,
    handle: &JoinHandle<Value, Exc>,
    cb: Value,
    arg: Value,
    active: Rc<Cell<bool>>,
) {
    let w = weak(interp);
    handle.add_done_callback(move || {
        if !active.get() {
            return;
        }
        if let Some(interp) = w.upgrade() {
            if let Err(e) = interp.call(&cb, Args::new(vec![arg])) {
                interp.write(
                    core::trace::Stream::Stderr,
                    &format!("Exception in callback: {}\n", e.summary()),
                );
            }
        }
    });
}

/// The running loop, when the task limit leaves room for one more task
/// (an asyncio task or a worker thread).
///
/// # Errors
///
/// `RuntimeError` with no running loop or at the task limit.
pub(crate) fn room_for_a_task(interp: &Interp) -> Result<core::Handle, Exc> {
    let rt = runtime(interp)?;
    if rt.live_tasks() >= interp.limits.max_tasks {
        return Err(Exc::runtime_error(format!(
            "task limit reached: more than {} tasks alive",
            interp.limits.max_tasks
        )));
    }
    Ok(rt)
}

/// Spawns a coroutine body as an asyncio task.
fn spawn_task(
    interp: &Interp,
    fut: LocalFuture<'static, Result<Value, Exc>>,
    coro: Rc<str>,
    name: Option<Rc<str>>,
) -> Result<Value, Exc> {
    spawn_task_at(interp, fut, coro, 0, name, None)
}

/// Spawns a task; `line` is where its coroutine function is defined (0:
/// not a coroutine of the program), recorded in the trace for the views.
fn spawn_task_at(
    interp: &Interp,
    fut: LocalFuture<'static, Result<Value, Exc>>,
    coro: Rc<str>,
    line: u32,
    name: Option<Rc<str>>,
    context: Option<Value>,
) -> Result<Value, Exc> {
    let rt = room_for_a_task(interp)?;
    let n = interp.task_counter.get() + 1;
    interp.task_counter.set(n);
    let name: Rc<str> = name.unwrap_or_else(|| format!("Task-{n}").into());
    // Each task runs in a copy of its creator's context.
    let ctx = super::stdlib::contextvars::context_for(interp, context)?;
    let fut = super::stdlib::contextvars::bind(interp, fut, ctx);
    let (fut, keep) = kept_alive(fut);
    let handle = rt.spawn_named(name.clone(), fut);
    if line > 0 {
        rt.record(core::trace::EventKind::TaskSource {
            task: handle.id(),
            line,
            function: coro.clone(),
        });
    }
    Ok(task_value(interp, handle, name, coro, line, &keep))
}

/// The slot through which a task's running coroutine keeps its `Task`
/// object alive.
type KeepAlive = Rc<RefCell<Option<Value>>>;

/// Wraps a task's coroutine so that it holds the task's `Task` object until
/// it finishes, as asyncio's loop holds a task it still schedules: the
/// registry is weak, so a finished task nobody refers to is dropped at once
/// (and its error, if never retrieved, reported).
fn kept_alive(
    fut: LocalFuture<'static, Result<Value, Exc>>,
) -> (LocalFuture<'static, Result<Value, Exc>>, KeepAlive) {
    let keep: KeepAlive = Rc::new(RefCell::new(None));
    let held = keep.clone();
    let wrapped = Box::pin(async move {
        let r = fut.await;
        let me = held.borrow_mut().take();
        drop(me);
        r
    });
    (wrapped, keep)
}

/// Makes the `Task` object of a spawned task: registered for
/// `all_tasks()`/`current_task()`, kept alive by its coroutine through
/// `keep`, and reporting an error nobody retrieved as asyncio does.
fn task_value(
    interp: &Interp,
    handle: JoinHandle<Value, Exc>,
    name: Rc<str>,
    coro: Rc<str>,
    line: u32,
    keep: &KeepAlive,
) -> Value {
    let id = handle.id().get();
    let obj = TaskObj::new(handle, name, coro.clone(), line, interp.filename.clone());
    let w = weak(interp);
    let shown_name = obj.name.clone();
    obj.handle.on_error_never_retrieved(move |e| {
        if let Some(interp) = w.upgrade() {
            report_never_retrieved(&interp, &shown_name.borrow(), &coro, line, e);
        }
    });
    let rc: Rc<dyn Native> = Rc::new(obj);
    register_task(interp, id, &rc);
    let v = Value::Native(rc);
    *keep.borrow_mut() = Some(v.clone());
    v
}

/// asyncio's "Task exception was never retrieved" log record, on stderr:
/// the message, the task (`future: <Task finished ...>`) and the error's
/// traceback. Computed without running program code (it is written while
/// the task object is being dropped).
fn report_never_retrieved(interp: &Interp, name: &str, coro: &str, line: u32, e: &Exc) {
    report_task_error(
        interp,
        "Task exception was never retrieved\nfuture",
        name,
        coro,
        line,
        e,
    );
}

/// A log record of asyncio's about a task that failed: `{what}: <Task
/// finished ...>` and the error's traceback, on stderr.
fn report_task_error(interp: &Interp, what: &str, name: &str, coro: &str, line: u32, e: &Exc) {
    let defined = if line > 0 {
        format!(", defined at {}:{line}", interp.filename)
    } else {
        String::new()
    };
    let args: Vec<String> = e
        .state()
        .args
        .borrow()
        .iter()
        .map(crate::format::repr_plain)
        .collect();
    let text = format!(
        "{what}: <Task finished name='{name}' coro=<{coro}() done{defined}> exception={}({})>\n{}",
        e.class().name,
        args.join(", "),
        crate::traceback::traceback_with_source(e, &interp.filename, &interp.source())
    );
    interp.write(core::trace::Stream::Stderr, &text);
}

/// Records a task for `all_tasks()` and `current_task()` (weakly, as
/// asyncio does), dropping finished or gone ones whenever the list has
/// doubled (amortised O(1) per spawn).
fn register_task(interp: &Interp, id: u64, v: &Rc<dyn Native>) {
    let mut tasks = interp.tasks.borrow_mut();
    if tasks.len() >= 64 && tasks.len().is_power_of_two() {
        let mut index = interp.task_index.borrow_mut();
        tasks.retain(|t| {
            let Some(t) = t.upgrade() else {
                return false;
            };
            match t.as_any().downcast_ref::<TaskObj>() {
                Some(t) if !t.handle.is_finished() => true,
                Some(t) => {
                    index.remove(&t.handle.id().get());
                    false
                }
                None => false,
            }
        });
        index.retain(|_, t| t.strong_count() > 0);
    }
    tasks.push(Rc::downgrade(v));
    interp.task_index.borrow_mut().insert(id, Rc::downgrade(v));
}

/// The tasks of the registry that have not finished, oldest first.
fn live_tasks(interp: &Interp) -> Vec<Value> {
    interp
        .tasks
        .borrow()
        .iter()
        .filter_map(Weak::upgrade)
        .map(Value::Native)
        .filter(|t| task_of(t).is_some_and(|t| !t.handle.is_finished()))
        .collect()
}

/// Makes a task of an awaitable (a task is returned as it is).
fn ensure_task(interp: &Interp, v: Value, name: Option<Rc<str>>) -> Result<Value, Exc> {
    ensure_task_in(interp, v, name, None)
}

/// [`ensure_task`] with the context a new task runs in (`context=`; by
/// default a copy of the current one).
fn ensure_task_in(
    interp: &Interp,
    v: Value,
    name: Option<Rc<str>>,
    context: Option<Value>,
) -> Result<Value, Exc> {
    if task_of(&v).is_some() {
        return Ok(v);
    }
    if let Some(c) = native_ref::<Coroutine>(&v) {
        let fut = c.take()?;
        return spawn_task_at(interp, fut, c.name().clone(), c.line(), name, context);
    }
    if let Some(a) = native_ref::<crate::gen::Awaitable>(&v) {
        let fut = a.take()?;
        return spawn_task(interp, fut, a.name().into(), name);
    }
    if let Some(f) = native_ref::<FutureObj>(&v) {
        let fut = f.wait();
        return spawn_task(interp, fut, "future".into(), name);
    }
    if let Some(g) = native_ref::<GatherFut>(&v) {
        let fut = g.take()?;
        return spawn_task(interp, fut, "gather".into(), name);
    }
    if let Some(fut) = super::aiohttp::request_awaitable(&v) {
        return spawn_task(interp, fut, "request".into(), name);
    }
    if let Some(fut) = super::files::open_awaitable(&v) {
        return spawn_task(interp, fut, "open".into(), name);
    }
    if let Some(fut) = super::asyncpg::awaitable_of(&v) {
        return spawn_task(interp, fut, "asyncpg".into(), name);
    }
    Err(Exc::type_error(
        "An asyncio.Future, a coroutine or an awaitable is required",
    ))
}

fn handle_of(v: &Value) -> Option<JoinHandle<Value, Exc>> {
    task_of(v).map(|t| t.handle.clone())
}

/// The future an awaited asyncio object stands for (futures, gathers).
pub fn future_awaitable(v: &Value) -> Option<LocalFuture<'static, Result<Value, Exc>>> {
    if let Some(r) = super::aiohttp::request_awaitable(v) {
        return Some(r);
    }
    if let Some(r) = super::files::open_awaitable(v) {
        return Some(r);
    }
    if let Some(r) = super::asyncpg::awaitable_of(v) {
        return Some(r);
    }
    if let Some(f) = native_ref::<FutureObj>(v) {
        return Some(f.wait());
    }
    if let Some(g) = native_ref::<GatherFut>(v) {
        return Some(match g.take() {
            Ok(f) => f,
            Err(e) => Box::pin(async move { Err(e) }),
        });
    }
    None
}

fn current_task_value(interp: &Interp) -> Value {
    let Some(id) = core::current_task() else {
        return Value::None;
    };
    interp
        .task_index
        .borrow()
        .get(&id.get())
        .and_then(Weak::upgrade)
        .map(Value::Native)
        .unwrap_or(Value::None)
}

// ------------------------------------------------------------ asyncio.run

/// Whether `callee` is `asyncio.run` or a loop's `run_until_complete`.
pub fn is_run(callee: &Value) -> bool {
    match callee {
        Value::Builtin(b) => &*b.name == "asyncio.run",
        Value::Bound(b) => matches!(&b.1, Value::Builtin(f) if &*f.name == "run_until_complete"),
        _ => false,
    }
}

/// `asyncio.run`'s (`full_run`) or `run_until_complete`'s refusal inside a
/// running loop, made before the awaitable is looked at: it lives on with
/// the exception, as CPython's traceback keeps the call's frame (so an
/// unawaited coroutine is warned about when the exception goes).
fn refused(aw: Value, full_run: bool) -> Exc {
    let e = Exc::runtime_error(if full_run {
        "asyncio.run() cannot be called from a running event loop"
    } else {
        "This event loop is already running"
    });
    e.state().held.borrow_mut().push(aw);
    e
}

/// Runs `asyncio.run(coro)` / `loop.run_until_complete(aw)` as a statement
/// of the module: the main task is awaited by the module's own task.
///
/// # Errors
///
/// What the main coroutine raises; `RuntimeError` if a loop is running.
pub async fn run_main(interp: &Rc<Interp>, callee: &Value, mut a: Args) -> Result<Value, Exc> {
    let full_run = matches!(callee, Value::Builtin(_));
    if let Value::Bound(b) = callee {
        if native_ref::<LoopObj>(&b.0).is_some_and(|l| l.closed.get()) {
            return Err(Exc::runtime_error("Event loop is closed"));
        }
    }
    let aw = if full_run {
        a.take_kw("debug");
        a.pos.first().cloned().ok_or_else(|| {
            Exc::type_error("run() missing 1 required positional argument: 'main'")
        })?
    } else {
        a.pos.first().cloned().ok_or_else(|| {
            Exc::type_error("run_until_complete() missing 1 required positional argument: 'future'")
        })?
    };
    if interp.loops_running.get() > 0 {
        return Err(refused(aw, full_run));
    }
    if full_run && !is_coroutine_value(&aw) {
        return Err(Exc::value_error(format!(
            "a coroutine was expected, got {}",
            interp.repr(&aw)?
        )));
    }
    interp.loops_running.set(interp.loops_running.get() + 1);
    let result = async {
        let task = ensure_task(interp, aw, None)?;
        let h = handle_of(&task).ok_or_else(|| Exc::runtime_error("internal: main task"))?;
        let r = h.await;
        if full_run {
            // asyncio.run's shutdown: cancel what is left and let it clean up.
            let mut left = live_tasks(interp);
            for t in &left {
                if let Some(h) = handle_of(t) {
                    h.cancel_from_loop(None);
                }
            }
            // The async generators the main coroutine dropped as it ended:
            // asyncio's finalizer hook gave each an `aclose()` task, which
            // this shutdown cancels before it starts, so the generator
            // gets `CancelledError` where it is suspended.
            left.extend(
                interp
                    .take_finalizers()
                    .into_iter()
                    .filter_map(|g| g.throw_future(class("CancelledError")).ok())
                    .filter_map(|fut| spawn_task(interp, fut, "aclose".into(), None).ok()),
            );
            let handles: Vec<JoinHandle<Value, Exc>> = left.iter().filter_map(handle_of).collect();
            if !handles.is_empty() {
                let _ = core::gather_settled(handles).await;
            }
            for t in left.iter().filter_map(task_of) {
                if let Some(Err(e)) = t.handle.result() {
                    if !e.is("CancelledError") {
                        report_task_error(
                            interp,
                            "unhandled exception during asyncio.run() shutdown\ntask",
                            &t.name.borrow(),
                            &t.coro,
                            t.line,
                            &e,
                        );
                    }
                }
            }
            shutdown_async_generators(interp).await;
        }
        r
    }
    .await;
    interp
        .loops_running
        .set(interp.loops_running.get().saturating_sub(1));
    result
}

/// `loop.shutdown_asyncgens()`, the last step of `asyncio.run`: closes
/// every async generator still suspended, concurrently, and reports what
/// their clean-up raised as asyncio's exception handler does.
async fn shutdown_async_generators(interp: &Rc<Interp>) {
    let alive = interp.alive_async_generators();
    if alive.is_empty() {
        return;
    }
    let mut closing = Vec::new();
    for g in alive {
        let shown = Value::Native(g.clone());
        if let Ok(fut) = g.aclose() {
            if let Ok(t) = spawn_task(interp, fut, "aclose".into(), None) {
                if let Some(h) = handle_of(&t) {
                    closing.push((shown, h));
                }
            }
        }
    }
    let _ = core::gather_settled(closing.iter().map(|(_, h)| h.clone()).collect::<Vec<_>>()).await;
    for (shown, h) in closing {
        if let Some(Err(e)) = h.result() {
            if e.is("CancelledError") || e.is("StopAsyncIteration") {
                continue;
            }
            let what = interp.repr(&shown).unwrap_or_default();
            interp.write(
                core::trace::Stream::Stderr,
                &format!(
                    "an error occurred during closing of asynchronous generator {what}\nasyncgen: {what}\n{}",
                    crate::traceback::traceback_with_source(&e, &interp.filename, &interp.source())
                ),
            );
        }
    }
}

/// What asyncio's finalizer hook does with an async generator dropped
/// while suspended: on the loop's next turn, a task runs its `aclose()`
/// (visible on the timeline as a task of its own). Without a running loop
/// nothing can run it, and it is dropped unclosed, as in CPython.
pub(crate) fn close_dropped_async_generator(interp: &Interp, g: Rc<Generator>) {
    if interp.loops_running.get() == 0 {
        return;
    }
    let Ok(rt) = runtime(interp) else {
        return;
    };
    let w = weak(interp);
    rt.call_soon(move || {
        let Some(interp) = w.upgrade() else {
            return;
        };
        let Ok(fut) = g.aclose() else {
            return;
        };
        let _ = spawn_task(&interp, fut, "aclose".into(), None);
    });
}

// --------------------------------------------------------------- futures

struct FutState {
    result: RefCell<Option<Result<Value, Exc>>>,
    done: core::Event,
    /// The done callbacks in the order they were added; `None` where the
    /// first awaiting task began to wait (asyncio's wake-up callback), so
    /// that the awaiters resume in their turn among the callbacks.
    callbacks: RefCell<Vec<Option<Value>>>,
}

/// An asyncio `Future` made by `loop.create_future()`.
pub struct FutureObj {
    st: Rc<FutState>,
    interp: Weak<Interp>,
}

fn future_of(a: &Args) -> Result<&FutureObj, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<FutureObj>)
        .ok_or_else(|| Exc::type_error("expected a Future"))
}

impl FutureObj {
    fn finish(&self, me: &Value, r: Result<Value, Exc>) -> Result<(), Exc> {
        if self.st.result.borrow().is_some() {
            return Err(Exc::of("InvalidStateError", "invalid state"));
        }
        *self.st.result.borrow_mut() = Some(r);
        let cbs = std::mem::take(&mut *self.st.callbacks.borrow_mut());
        if !cbs.iter().any(Option::is_none) {
            self.st.done.set();
        }
        if let (Some(interp), false) = (self.interp.upgrade(), cbs.is_empty()) {
            if let Some(h) = interp.runtime() {
                for cb in cbs {
                    // The awaiters' turn: woken now, they queue up behind
                    // the callbacks scheduled so far.
                    let Some(cb) = cb else {
                        self.st.done.set();
                        continue;
                    };
                    let w = self.interp.clone();
                    let me = me.clone();
                    h.call_soon(move || {
                        if let Some(i) = w.upgrade() {
                            if let Err(e) = i.call(&cb, Args::new(vec![me])) {
                                i.write(
                                    core::trace::Stream::Stderr,
                                    &format!("Exception in callback: {}\n", e.summary()),
                                );
                            }
                        }
                    });
                }
            }
        }
        Ok(())
    }

    fn wait(&self) -> LocalFuture<'static, Result<Value, Exc>> {
        let st = self.st.clone();
        Box::pin(async move {
            if let Some(r) = st.result.borrow().clone() {
                return r;
            }
            if !st.callbacks.borrow().iter().any(Option::is_none) {
                st.callbacks.borrow_mut().push(None);
            }
            match st.done.wait().await {
                Ok(()) => st
                    .result
                    .borrow()
                    .clone()
                    .unwrap_or_else(|| Err(Exc::runtime_error("future has no result"))),
                Err(c) => {
                    // asyncio cancels the awaited future along with its awaiter.
                    if st.result.borrow().is_none() {
                        *st.result.borrow_mut() = Some(Err(cancelled_exc(c.clone())));
                        st.done.set();
                    }
                    Err(cancelled_exc(c))
                }
            }
        })
    }
}

/// A new pending future.
fn future_value(interp: &Interp) -> Value {
    Value::Native(Rc::new(FutureObj {
        st: Rc::new(FutState {
            result: RefCell::new(None),
            done: core::Event::new(),
            callbacks: RefCell::new(Vec::new()),
        }),
        interp: weak(interp),
    }))
}

/// `asyncio.Future(*, loop=None)`.
///
/// # Errors
///
/// `TypeError` for positional arguments, as CPython.
pub fn new_future(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    a.take_kw("loop");
    if !a.pos.is_empty() {
        return Err(Exc::type_error("Future() takes no positional arguments"));
    }
    if let Some((k, _)) = a.kw.first() {
        return Err(Exc::type_error(format!(
            "'{k}' is an invalid keyword argument for Future()"
        )));
    }
    Ok(future_value(interp))
}

impl Native for FutureObj {
    fn type_name(&self) -> &'static str {
        "Future"
    }
    fn repr(&self) -> String {
        let state = match &*self.st.result.borrow() {
            None => "pending",
            Some(Err(e)) if e.is("CancelledError") => "cancelled",
            Some(_) => "finished",
        };
        format!("<Future {state}>")
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "set_result" => |_, a| {
                let me = a.pos.first().cloned().unwrap_or(Value::None);
                future_of(&a)?.finish(&me, Ok(a.pos.get(1).cloned().unwrap_or(Value::None)))?;
                Ok(Value::None)
            },
            "set_exception" => |interp, a| {
                let me = a.pos.first().cloned().unwrap_or(Value::None);
                let e = interp.make_exception(a.pos.get(1).cloned().unwrap_or(Value::None))?;
                future_of(&a)?.finish(&me, Err(e))?;
                Ok(Value::None)
            },
            "cancel" => |_, a| {
                let me = a.pos.first().cloned().unwrap_or(Value::None);
                let f = future_of(&a)?;
                if f.st.result.borrow().is_some() {
                    return Ok(Value::Bool(false));
                }
                let msg = match a.pos.get(1) {
                    Some(Value::Str(s)) => Some(s.clone()),
                    _ => None,
                };
                f.finish(&me, Err(Exc::from(core::Cancelled::new(msg))))?;
                Ok(Value::Bool(true))
            },
            "done" => |_, a| Ok(Value::Bool(future_of(&a)?.st.result.borrow().is_some())),
            "cancelled" => |_, a| {
                Ok(Value::Bool(
                    matches!(&*future_of(&a)?.st.result.borrow(), Some(Err(e)) if e.is("CancelledError")),
                ))
            },
            "result" => |_, a| match future_of(&a)?.st.result.borrow().clone() {
                None => Err(Exc::of("InvalidStateError", "Result is not set.")),
                Some(r) => r,
            },
            "exception" => |_, a| match future_of(&a)?.st.result.borrow().clone() {
                None => Err(Exc::of("InvalidStateError", "Exception is not set.")),
                Some(Ok(_)) => Ok(Value::None),
                Some(Err(e)) if e.is("CancelledError") => Err(e),
                Some(Err(e)) => Ok(e.value()),
            },
            "add_done_callback" => |interp, a| {
                let me = a.pos.first().cloned().unwrap_or(Value::None);
                let f = future_of(&a)?;
                let cb = a.pos.get(1).cloned().unwrap_or(Value::None);
                if f.st.result.borrow().is_some() {
                    if let Some(h) = interp.runtime() {
                        let w = weak(interp);
                        h.call_soon(move || {
                            if let Some(i) = w.upgrade() {
                                let _ = i.call(&cb, Args::new(vec![me]));
                            }
                        });
                    }
                } else {
                    f.st.callbacks.borrow_mut().push(Some(cb));
                }
                Ok(Value::None)
            },
            "remove_done_callback" => |_, a| {
                let cb = a.pos.get(1).cloned().unwrap_or(Value::None);
                let mut cbs = future_of(&a)?.st.callbacks.borrow_mut();
                let before = cbs.len();
                cbs.retain(|c| !c.as_ref().is_some_and(|c| c.is(&cb)));
                Ok(Value::Int((before - cbs.len()) as i64))
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---------------------------------------------------------------- gather

/// The awaitable `asyncio.gather` returns; `cancel()` cancels the children.
pub struct GatherFut {
    children: Vec<JoinHandle<Value, Exc>>,
    fut: RefCell<Option<LocalFuture<'static, Result<Value, Exc>>>>,
}

impl GatherFut {
    fn take(&self) -> Result<LocalFuture<'static, Result<Value, Exc>>, Exc> {
        self.fut
            .borrow_mut()
            .take()
            .ok_or_else(|| Exc::runtime_error("cannot reuse already awaited gather"))
    }
}

impl Native for GatherFut {
    fn type_name(&self) -> &'static str {
        "_GatheringFuture"
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "cancel" => |_, a| {
                let g = a
                    .pos
                    .first()
                    .and_then(native_ref::<GatherFut>)
                    .ok_or_else(|| Exc::type_error("gather"))?;
                let mut any = false;
                for c in &g.children {
                    any |= c.cancel(None);
                }
                Ok(Value::Bool(any))
            },
            "done" => |_, a| {
                let g = a
                    .pos
                    .first()
                    .and_then(native_ref::<GatherFut>)
                    .ok_or_else(|| Exc::type_error("gather"))?;
                Ok(Value::Bool(g.children.iter().all(|c| c.is_finished())))
            },
            "cancelled" => |_, _| Ok(Value::Bool(false)),
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn outcome_value(r: Result<Value, Exc>) -> Value {
    match r {
        Ok(v) => v,
        Err(e) => e.value(),
    }
}

fn gather(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let settled = match a.take_kw("return_exceptions") {
        Some(v) => interp.truthy(&v)?,
        None => false,
    };
    let mut children = Vec::new();
    // The same awaitable given twice is awaited once (CPython maps each
    // argument to one future). Found by identity through a map: a gather
    // of 10,000 coroutines must not compare each with all before it.
    type Seen = Vec<(Value, JoinHandle<Value, Exc>)>;
    let mut seen: rustc_hash::FxHashMap<usize, Seen> = rustc_hash::FxHashMap::default();
    for v in a.pos {
        let same = seen.entry(v.identity()).or_default();
        if let Some((_, h)) = same.iter().find(|(x, _)| x.is(&v)) {
            children.push(h.clone());
            continue;
        }
        let t = ensure_task(interp, v.clone(), None)?;
        let h = handle_of(&t).ok_or_else(|| Exc::runtime_error("internal: gather child"))?;
        same.push((v, h.clone()));
        children.push(h);
    }
    let cs = children.clone();
    let fut: LocalFuture<'static, Result<Value, Exc>> = if settled {
        Box::pin(async move {
            Ok(Value::list(
                core::gather_settled(cs)
                    .await?
                    .into_iter()
                    .map(|r| match r {
                        // A child cancelled without a message is reported
                        // as CancelledError(''), as CPython's gather does.
                        Err(e) if e.is("CancelledError") && e.state().args.borrow().is_empty() => {
                            Exc::new(class("CancelledError"), vec![Value::str("")]).value()
                        }
                        other => outcome_value(other),
                    })
                    .collect(),
            ))
        })
    } else {
        Box::pin(async move { Ok(Value::list(core::gather(cs).await?)) })
    };
    Ok(Value::Native(Rc::new(GatherFut {
        children,
        fut: RefCell::new(Some(fut)),
    })))
}

// ----------------------------------------------------- timeouts and waits

fn timeout_error() -> Exc {
    Exc::new(class("TimeoutError"), vec![])
}

fn wait_for(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let t = a
        .take_kw("timeout")
        .or_else(|| a.pos.get(1).cloned())
        .unwrap_or(Value::None);
    let aw = a.pos.first().cloned().ok_or_else(|| {
        Exc::type_error("wait_for() missing 1 required positional argument: 'fut'")
    })?;
    let limit = match t {
        Value::None => None,
        v => Some(duration(secs_arg(&v, "timeout")?)),
    };
    if let Some(h) = handle_of(&aw) {
        return Ok(awaitable("wait_for", async move {
            match core::wait_for_task(limit, h).await {
                Ok(r) => r,
                Err(_) => Err(timeout_error()),
            }
        }));
    }
    let interp2 = interp.rc();
    Ok(awaitable("wait_for", async move {
        if limit.is_some_and(|d| d.is_zero()) {
            // A coroutine is never started (CPython 3.12).
            if let Some(c) = native_ref::<Coroutine>(&aw) {
                let _ = c.take();
            }
            return Err(timeout_error());
        }
        let fut = interp2.await_value(aw);
        match core::wait_for(limit, fut).await {
            Ok(r) => r,
            Err(_) => Err(timeout_error()),
        }
    }))
}

/// `asyncio.timeout(...)`'s context manager.
struct TimeoutCm {
    scope: core::Timeout,
}

fn timeout_cm(a: &Args) -> Result<&TimeoutCm, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<TimeoutCm>)
        .ok_or_else(|| Exc::type_error("expected a Timeout"))
}

fn when_arg(v: Option<&Value>) -> Result<Option<core::Instant>, Exc> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => Ok(Some(core::Instant::from_secs_f64(secs_arg(v, "when")?))),
    }
}

impl Native for TimeoutCm {
    fn type_name(&self) -> &'static str {
        "Timeout"
    }
    fn repr(&self) -> String {
        let when = self
            .scope
            .when()
            .map(|w| crate::format::float_repr(w.as_secs_f64()))
            .unwrap_or_else(|| "None".into());
        format!(
            "<Timeout [{}] when={when}>",
            if self.scope.expired() {
                "expired"
            } else {
                "active"
            }
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "__aenter__" => |_, a| {
                let me = a.pos.first().cloned().unwrap_or(Value::None);
                timeout_cm(&a)?
                    .scope
                    .enter()
                    .map_err(|e| Exc::runtime_error(e.to_string()))?;
                Ok(awaitable("__aenter__", async move { Ok(me) }))
            },
            "__aexit__" => |_, a| {
                let cm = timeout_cm(&a)?;
                let body_cancelled = matches!(a.pos.get(2), Some(Value::Object(o)) if Exc(o.clone()).is("CancelledError"));
                let convert = cm.scope.exit(body_cancelled);
                let cause = a.pos.get(2).cloned();
                Ok(awaitable("__aexit__", async move {
                    if convert {
                        let e = timeout_error();
                        if let Some(Value::Object(ref o)) = cause {
                            *e.state().cause.borrow_mut() = Some(Exc(o.clone()));
                        }
                        return Err(e);
                    }
                    Ok(Value::Bool(false))
                }))
            },
            "reschedule" => |_, a| {
                let when = when_arg(a.pos.get(1))?;
                timeout_cm(&a)?
                    .scope
                    .reschedule(when)
                    .map_err(|e| Exc::runtime_error(e.to_string()))?;
                Ok(Value::None)
            },
            "when" => |_, a| {
                Ok(timeout_cm(&a)?
                    .scope
                    .when()
                    .map(|w| Value::Float(w.as_secs_f64()))
                    .unwrap_or(Value::None))
            },
            "expired" => |_, a| Ok(Value::Bool(timeout_cm(&a)?.scope.expired())),
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn timeout(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let rt = runtime(interp)?;
    let when = match a.pos.first() {
        None | Some(Value::None) => None,
        Some(v) => Some(rt.now() + duration(secs_arg(v, "delay")?)),
    };
    Ok(Value::Native(Rc::new(TimeoutCm {
        scope: core::Timeout::at(when),
    })))
}

fn timeout_at(_: &Interp, a: Args) -> Result<Value, Exc> {
    Ok(Value::Native(Rc::new(TimeoutCm {
        scope: core::Timeout::at(when_arg(a.pos.first())?),
    })))
}

fn task_set(tasks: Vec<Value>) -> Result<Value, Exc> {
    let mut s = Set::default();
    for t in tasks {
        s.insert(Key::new(t)?);
    }
    Ok(Value::Set(Rc::new(RefCell::new(s))))
}

fn wait(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let timeout = match a.take_kw("timeout").or_else(|| a.pos.get(1).cloned()) {
        None | Some(Value::None) => None,
        Some(v) => Some(duration(secs_arg(&v, "timeout")?)),
    };
    let when = match a.take_kw("return_when").or_else(|| a.pos.get(2).cloned()) {
        Some(Value::Str(ref s)) => match &**s {
            "FIRST_COMPLETED" => core::ReturnWhen::FirstCompleted,
            "FIRST_EXCEPTION" => core::ReturnWhen::FirstException,
            "ALL_COMPLETED" => core::ReturnWhen::AllCompleted,
            other => {
                return Err(Exc::value_error(format!(
                    "Invalid return_when value: {other}"
                )))
            }
        },
        None => core::ReturnWhen::AllCompleted,
        Some(other) => {
            return Err(Exc::value_error(format!(
                "Invalid return_when value: {}",
                crate::format::repr_plain(&other)
            )))
        }
    };
    let items = interp.collect(a.pos.first().unwrap_or(&Value::None))?;
    if items.is_empty() {
        return Err(Exc::value_error("Set of Tasks/Futures is empty."));
    }
    let mut values = Vec::new();
    for v in items {
        if native_ref::<Coroutine>(&v).is_some() {
            return Err(Exc::type_error(
                "Passing coroutines is forbidden, use tasks explicitly.",
            ));
        }
        values.push(ensure_task(interp, v, None)?);
    }
    let handles: Vec<JoinHandle<Value, Exc>> = values.iter().filter_map(handle_of).collect();
    Ok(awaitable("wait", async move {
        let (done, _pending) = core::wait(handles, when, timeout)
            .await
            .map_err(cancelled_exc)?;
        let done_ids: Vec<core::trace::TaskId> = done.iter().map(|h| h.id()).collect();
        let (d, p): (Vec<Value>, Vec<Value>) = values
            .into_iter()
            .partition(|v| handle_of(v).is_some_and(|h| done_ids.contains(&h.id())));
        Ok(Value::tuple(vec![task_set(d)?, task_set(p)?]))
    }))
}

/// The iterator `asyncio.as_completed` returns.
struct AsCompletedIter {
    inner: Rc<RefCell<Option<core::AsCompleted<Value, Exc>>>>,
    remaining: Cell<usize>,
}

impl Native for AsCompletedIter {
    fn type_name(&self) -> &'static str {
        "generator"
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "__iter__" => Some(bound(this, "__iter__", |_, a| {
                Ok(a.pos.first().cloned().unwrap_or(Value::None))
            })),
            "__next__" => Some(bound(this, "__next__", |_, a| {
                let it = a
                    .pos
                    .first()
                    .and_then(native_ref::<AsCompletedIter>)
                    .ok_or_else(|| Exc::type_error("as_completed"))?;
                if it.remaining.get() == 0 {
                    return Err(Exc::new(class("StopIteration"), vec![]));
                }
                it.remaining.set(it.remaining.get() - 1);
                let inner = it.inner.clone();
                Ok(awaitable("_wait_for_one", async move {
                    let mut ac = inner
                        .borrow_mut()
                        .take()
                        .ok_or_else(|| Exc::runtime_error("as_completed awaited concurrently"))?;
                    let r = ac.next().await;
                    *inner.borrow_mut() = Some(ac);
                    match r {
                        Ok(Some(outcome)) => outcome,
                        Ok(None) => Err(Exc::runtime_error("as_completed: no more tasks")),
                        Err(core::AsCompletedError::Elapsed(_)) => Err(timeout_error()),
                        Err(core::AsCompletedError::Cancelled(c)) => Err(cancelled_exc(c)),
                    }
                }))
            })),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn as_completed(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let timeout = match a.take_kw("timeout").or_else(|| a.pos.get(1).cloned()) {
        None | Some(Value::None) => None,
        Some(v) => Some(duration(secs_arg(&v, "timeout")?)),
    };
    let items = interp.collect(a.pos.first().unwrap_or(&Value::None))?;
    let mut handles = Vec::new();
    for v in items {
        let t = ensure_task(interp, v, None)?;
        handles.extend(handle_of(&t));
    }
    let n = handles.len();
    let ac = core::as_completed(handles, timeout);
    Ok(Value::Native(Rc::new(AsCompletedIter {
        inner: Rc::new(RefCell::new(Some(ac))),
        remaining: Cell::new(n),
    })))
}

fn shield(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let v = a
        .pos
        .first()
        .cloned()
        .ok_or_else(|| Exc::type_error("shield() missing 1 required positional argument"))?;
    let t = ensure_task(interp, v, None)?;
    let h = handle_of(&t).ok_or_else(|| Exc::runtime_error("internal: shield"))?;
    Ok(awaitable("shield", async move { core::shield(h).await }))
}

// ------------------------------------------------------------- TaskGroup

struct TaskGroupObj {
    tg: core::TaskGroup<Value, Exc>,
}

fn tg_of(a: &Args) -> Result<&TaskGroupObj, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<TaskGroupObj>)
        .ok_or_else(|| Exc::type_error("expected a TaskGroup"))
}

fn tg_error(e: core::TaskGroupError<Exc>) -> Exc {
    match e {
        core::TaskGroupError::Cancelled(c) => c,
        core::TaskGroupError::Failed(errors) => {
            crate::builtins::exception_group("unhandled errors in a TaskGroup".into(), errors)
        }
        core::TaskGroupError::State(s) => Exc::runtime_error(s),
    }
}

impl Native for TaskGroupObj {
    fn type_name(&self) -> &'static str {
        "TaskGroup"
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "__aenter__" => |_, a| {
                let me = a.pos.first().cloned().unwrap_or(Value::None);
                tg_of(&a)?.tg.enter().map_err(tg_error)?;
                Ok(awaitable("__aenter__", async move { Ok(me) }))
            },
            "__aexit__" => |_, a| {
                let tg = tg_of(&a)?.tg.clone();
                let body = match a.pos.get(2) {
                    Some(Value::Object(o)) if o.exc.is_some() => Err(Exc(o.clone())),
                    _ => Ok(()),
                };
                Ok(awaitable("__aexit__", async move {
                    tg.exit(body).await.map_err(tg_error)?;
                    Ok(Value::Bool(false))
                }))
            },
            "create_task" => |interp, mut a| {
                let name = match a.take_kw("name") {
                    Some(Value::Str(ref s)) => Some(s.clone()),
                    _ => None,
                };
                let context = a.take_kw("context");
                let t = tg_of(&a)?;
                let v = a.pos.get(1).cloned().ok_or_else(|| {
                    Exc::type_error("create_task() missing 1 required positional argument: 'coro'")
                })?;
                let n = interp.task_counter.get() + 1;
                let name: Rc<str> = name.unwrap_or_else(|| format!("Task-{n}").into());
                // A coroutine, or one of the awaitables asyncio and the I/O
                // modules implement as coroutines (`asyncio.sleep`,
                // `pool.fetchval(...)`, `session.get(...)`, …).
                let (fut, coro_name, line) = if let Some(c) = native_ref::<Coroutine>(&v) {
                    (c.take()?, c.name().clone(), c.line())
                } else if let Some(aw) = native_ref::<crate::gen::Awaitable>(&v) {
                    (aw.take()?, Rc::from(aw.what()), 0)
                } else if let Some(fut) = is_coroutine_like(&v)
                    .then(|| future_awaitable(&v))
                    .flatten()
                {
                    (fut, Rc::from("coroutine"), 0)
                } else {
                    return Err(Exc::type_error(format!(
                        "a coroutine was expected, got {}",
                        interp.repr(&v)?
                    )));
                };
                interp.task_counter.set(n);
                let ctx = super::stdlib::contextvars::context_for(interp, context)?;
                let fut = super::stdlib::contextvars::bind(interp, fut, ctx);
                let (fut, keep) = kept_alive(fut);
                let handle = t.tg.spawn_named(name.clone(), fut).map_err(tg_error)?;
                Ok(task_value(interp, handle, name, coro_name, line, &keep))
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ------------------------------------------------------------- primitives

fn name_kw(a: &mut Args) -> Option<Rc<str>> {
    match a.take_kw("name") {
        Some(Value::Str(ref s)) => Some(s.clone()),
        _ => None,
    }
}

struct SemObj(core::Semaphore, bool);

fn sem_of(a: &Args) -> Result<&SemObj, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<SemObj>)
        .ok_or_else(|| Exc::type_error("expected a Semaphore"))
}

fn release_sem(s: &SemObj) -> Result<(), Exc> {
    s.0.release()
        .map_err(|_| Exc::value_error("BoundedSemaphore released too many times"))
}

impl Native for SemObj {
    fn type_name(&self) -> &'static str {
        if self.1 {
            "BoundedSemaphore"
        } else {
            "Semaphore"
        }
    }
    fn repr(&self) -> String {
        format!(
            "<asyncio.locks.{} [{}]>",
            self.type_name(),
            if self.0.locked() {
                "locked".to_string()
            } else {
                format!("unlocked, value:{}", self.0.available_permits())
            }
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        if name == "_value" {
            return Some(Value::Int(self.0.available_permits() as i64));
        }
        let f: BuiltinFn = match name {
            "acquire" => |_, a| {
                let s = sem_of(&a)?.0.clone();
                Ok(awaitable("Semaphore.acquire", async move {
                    s.acquire().await.map_err(cancelled_exc)?.forget();
                    Ok(Value::Bool(true))
                }))
            },
            // `async with sem as x`: x is None, as in CPython.
            "__aenter__" => |_, a| {
                let s = sem_of(&a)?.0.clone();
                Ok(awaitable("_ContextManagerMixin.__aenter__", async move {
                    s.acquire().await.map_err(cancelled_exc)?.forget();
                    Ok(Value::None)
                }))
            },
            "release" => |_, a| {
                release_sem(sem_of(&a)?)?;
                Ok(Value::None)
            },
            "__aexit__" => |_, a| {
                release_sem(sem_of(&a)?)?;
                Ok(awaitable("__aexit__", async { Ok(Value::Bool(false)) }))
            },
            "locked" => |_, a| Ok(Value::Bool(sem_of(&a)?.0.locked())),
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `asyncio.Semaphore(value=1)` / `asyncio.BoundedSemaphore(value=1)`.
fn new_semaphore(mut a: Args, bounded: bool) -> Result<Value, Exc> {
    let name = name_kw(&mut a);
    let n = a
        .take_kw("value")
        .or_else(|| a.pos.first().cloned())
        .map(|v| v.as_int().unwrap_or(1))
        .unwrap_or(1);
    if n < 0 {
        return Err(Exc::value_error("Semaphore initial value must be >= 0"));
    }
    let n = n as usize;
    let s = match (name, bounded) {
        (Some(nm), false) => core::Semaphore::named(nm, n),
        (None, false) => core::Semaphore::new(n),
        (Some(nm), true) => core::Semaphore::bounded_named(nm, n),
        (None, true) => core::Semaphore::bounded(n),
    };
    Ok(Value::Native(Rc::new(SemObj(s, bounded))))
}

/// The lock under a `Lock` or a `Condition` receiver.
fn held_lock(a: &Args) -> Result<core::Lock, Exc> {
    let v = a.pos.first();
    if let Some(l) = v.and_then(native_ref::<LockObj>) {
        return Ok(l.0.clone());
    }
    if let Some(c) = v.and_then(native_ref::<CondObj>) {
        return Ok(c.0.lock().clone());
    }
    Err(Exc::type_error("expected a Lock or a Condition"))
}

fn release_lock(a: &Args) -> Result<(), Exc> {
    held_lock(a)?
        .release()
        .map_err(|_| Exc::runtime_error("Lock is not acquired."))
}

/// The lock methods `Lock` and `Condition` share.
fn lock_method(name: &str) -> Option<BuiltinFn> {
    Some(match name {
        "acquire" => |_, a| {
            let l = held_lock(&a)?;
            Ok(awaitable("Lock.acquire", async move {
                l.acquire().await.map_err(cancelled_exc)?.forget();
                Ok(Value::Bool(true))
            }))
        },
        // `async with lock as x`: x is None, as in CPython.
        "__aenter__" => |_, a| {
            let l = held_lock(&a)?;
            Ok(awaitable("_ContextManagerMixin.__aenter__", async move {
                l.acquire().await.map_err(cancelled_exc)?.forget();
                Ok(Value::None)
            }))
        },
        "release" => |_, a| {
            release_lock(&a)?;
            Ok(Value::None)
        },
        "__aexit__" => |_, a| {
            release_lock(&a)?;
            Ok(awaitable("__aexit__", async { Ok(Value::Bool(false)) }))
        },
        "locked" => |_, a| Ok(Value::Bool(held_lock(&a)?.locked())),
        _ => return None,
    })
}

struct LockObj(core::Lock);

impl Native for LockObj {
    fn type_name(&self) -> &'static str {
        "Lock"
    }
    fn repr(&self) -> String {
        format!(
            "<asyncio.locks.Lock [{}]>",
            if self.0.locked() {
                "locked"
            } else {
                "unlocked"
            }
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        lock_method(name).map(|f| bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

struct EventObj(core::Event);

fn event_of(a: &Args) -> Result<&EventObj, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<EventObj>)
        .ok_or_else(|| Exc::type_error("expected an Event"))
}

impl Native for EventObj {
    fn type_name(&self) -> &'static str {
        "Event"
    }
    fn repr(&self) -> String {
        format!(
            "<asyncio.locks.Event [{}]>",
            if self.0.is_set() { "set" } else { "unset" }
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "set" => |_, a| {
                event_of(&a)?.0.set();
                Ok(Value::None)
            },
            "clear" => |_, a| {
                event_of(&a)?.0.clear();
                Ok(Value::None)
            },
            "is_set" => |_, a| Ok(Value::Bool(event_of(&a)?.0.is_set())),
            "wait" => |_, a| {
                let e = event_of(&a)?.0.clone();
                Ok(awaitable("Event.wait", async move {
                    e.wait().await.map_err(cancelled_exc)?;
                    Ok(Value::Bool(true))
                }))
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

struct CondObj(core::Condition);

fn cond_of(a: &Args) -> Result<&CondObj, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<CondObj>)
        .ok_or_else(|| Exc::type_error("expected a Condition"))
}

fn cond_error(e: core::ConditionError) -> Exc {
    match e {
        core::ConditionError::NotAcquired => Exc::runtime_error("cannot wait on un-acquired lock"),
        core::ConditionError::Cancelled(c) => cancelled_exc(c),
    }
}

impl Native for CondObj {
    fn type_name(&self) -> &'static str {
        "Condition"
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        if let Some(f) = lock_method(name) {
            return Some(bound(this, name, f));
        }
        let f: BuiltinFn = match name {
            "wait" => |_, a| {
                let c = cond_of(&a)?.0.clone();
                Ok(awaitable("Condition.wait", async move {
                    c.wait().await.map_err(cond_error)?;
                    Ok(Value::Bool(true))
                }))
            },
            "wait_for" => |interp, a| {
                let c = cond_of(&a)?.0.clone();
                let pred = a.pos.get(1).cloned().unwrap_or(Value::None);
                let w = weak(interp);
                Ok(awaitable("Condition.wait_for", async move {
                    loop {
                        let i = w
                            .upgrade()
                            .ok_or_else(|| Exc::runtime_error("interpreter gone"))?;
                        let r = i.call(&pred, Args::default())?;
                        if i.truthy(&r)? {
                            return Ok(r);
                        }
                        drop(i);
                        c.wait().await.map_err(cond_error)?;
                    }
                }))
            },
            "notify" => |_, a| {
                let n = a.pos.get(1).and_then(|v| v.as_int()).unwrap_or(1).max(0) as usize;
                cond_of(&a)?
                    .0
                    .notify(n)
                    .map_err(|_| Exc::runtime_error("cannot notify on un-acquired lock"))?;
                Ok(Value::None)
            },
            "notify_all" => |_, a| {
                cond_of(&a)?
                    .0
                    .notify_all()
                    .map_err(|_| Exc::runtime_error("cannot notify on un-acquired lock"))?;
                Ok(Value::None)
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A queue item ordered with Python's `<` (for `PriorityQueue`).
#[derive(Clone)]
struct Ordered(Value, Weak<Interp>);

thread_local! {
    /// The first comparison of `PriorityQueue` items that failed (a tie
    /// between payloads that do not order, say), for the put or get that
    /// made it to raise, as CPython's `heapq` does.
    static ORDER_ERROR: RefCell<Option<Exc>> = const { RefCell::new(None) };
}

/// Runs a queue operation, then raises the first failed comparison of its
/// items, if one failed.
fn ordered_op<T>(op: impl FnOnce() -> T) -> Result<T, Exc> {
    ORDER_ERROR.with(|e| e.borrow_mut().take());
    let r = op();
    match ORDER_ERROR.with(|e| e.borrow_mut().take()) {
        Some(e) => Err(e),
        None => Ok(r),
    }
}

impl PartialEq for Ordered {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Ordered {}

impl PartialOrd for Ordered {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ordered {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let Some(i) = self.1.upgrade() else {
            return std::cmp::Ordering::Equal;
        };
        let lt = |a: &Value, b: &Value| match i.compare(crate::ir::CmpOp::Lt, a, b) {
            Ok(v) => matches!(v, Value::Bool(true)),
            Err(e) => {
                ORDER_ERROR.with(|slot| {
                    slot.borrow_mut().get_or_insert(e);
                });
                false
            }
        };
        if lt(&self.0, &other.0) {
            std::cmp::Ordering::Less
        } else if lt(&other.0, &self.0) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }
}

struct QueueObj(core::Queue<Ordered>, &'static str, Weak<Interp>);

fn queue_of(a: &Args) -> Result<&QueueObj, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<QueueObj>)
        .ok_or_else(|| Exc::type_error("expected a Queue"))
}

impl Native for QueueObj {
    fn type_name(&self) -> &'static str {
        self.1
    }
    fn repr(&self) -> String {
        format!("<{} maxsize={}>", self.1, self.0.maxsize())
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        if name == "maxsize" {
            return Some(Value::Int(self.0.maxsize() as i64));
        }
        let f: BuiltinFn = match name {
            "put" => |_, a| {
                let q = queue_of(&a)?;
                let (qq, w) = (q.0.clone(), q.2.clone());
                let item = Ordered(a.pos.get(1).cloned().unwrap_or(Value::None), w);
                Ok(awaitable("Queue.put", async move {
                    ORDER_ERROR.with(|e| e.borrow_mut().take());
                    qq.put(item).await.map_err(|e| match e {
                        core::PutError::ShutDown(_) => Exc::new(class("QueueShutDown"), vec![]),
                        core::PutError::Cancelled(_, c) => cancelled_exc(c),
                    })?;
                    match ORDER_ERROR.with(|e| e.borrow_mut().take()) {
                        Some(e) => Err(e),
                        None => Ok(Value::None),
                    }
                }))
            },
            "get" => |_, a| {
                let q = queue_of(&a)?.0.clone();
                Ok(awaitable("Queue.get", async move {
                    q.get().await.map(|o| o.0).map_err(|e| match e {
                        core::GetError::ShutDown => Exc::new(class("QueueShutDown"), vec![]),
                        core::GetError::Cancelled(c) => cancelled_exc(c),
                    })
                }))
            },
            "put_nowait" => |_, a| {
                let q = queue_of(&a)?;
                let item = Ordered(a.pos.get(1).cloned().unwrap_or(Value::None), q.2.clone());
                ordered_op(|| q.0.try_put(item))?.map_err(|e| match e {
                    core::TryPutError::Full(_) => Exc::new(class("QueueFull"), vec![]),
                    core::TryPutError::ShutDown(_) => Exc::new(class("QueueShutDown"), vec![]),
                })?;
                Ok(Value::None)
            },
            "get_nowait" => |_, a| {
                queue_of(&a)?.0.try_get().map(|o| o.0).map_err(|e| match e {
                    core::TryGetError::Empty => Exc::new(class("QueueEmpty"), vec![]),
                    core::TryGetError::ShutDown => Exc::new(class("QueueShutDown"), vec![]),
                })
            },
            "qsize" => |_, a| Ok(Value::Int(queue_of(&a)?.0.len() as i64)),
            "empty" => |_, a| Ok(Value::Bool(queue_of(&a)?.0.is_empty())),
            "full" => |_, a| Ok(Value::Bool(queue_of(&a)?.0.is_full())),
            "task_done" => |_, a| {
                queue_of(&a)?
                    .0
                    .task_done()
                    .map_err(|_| Exc::value_error("task_done() called too many times"))?;
                Ok(Value::None)
            },
            "join" => |_, a| {
                let q = queue_of(&a)?.0.clone();
                Ok(awaitable("Queue.join", async move {
                    q.join().await.map_err(cancelled_exc)?;
                    Ok(Value::None)
                }))
            },
            "shutdown" => |interp, mut a| {
                let imm = match a.take_kw("immediate").or_else(|| a.pos.get(1).cloned()) {
                    Some(v) => interp.truthy(&v)?,
                    None => false,
                };
                queue_of(&a)?.0.shutdown(imm);
                Ok(Value::None)
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn make_queue(
    interp: &Interp,
    mut a: Args,
    kind: core::QueueKind,
    tname: &'static str,
) -> Result<Value, Exc> {
    let name = name_kw(&mut a);
    let maxsize = match a.take_kw("maxsize").or_else(|| a.pos.first().cloned()) {
        Some(v) => v
            .as_int()
            .ok_or_else(|| Exc::type_error("maxsize must be an integer"))?
            .max(0) as usize,
        None => 0,
    };
    Ok(Value::Native(Rc::new(QueueObj(
        core::Queue::with_kind(kind, maxsize, name),
        tname,
        weak(interp),
    ))))
}

// ------------------------------------------------------------------ loops

struct LoopObj {
    closed: Cell<bool>,
    /// Set by `loop.stop()`: `run_forever()` returns at the end of the
    /// iteration.
    stopping: Rc<Cell<bool>>,
}

thread_local! {
    static CURRENT_LOOP: RefCell<Option<Value>> = const { RefCell::new(None) };
}

fn the_loop() -> Value {
    CURRENT_LOOP.with(|l| {
        l.borrow_mut()
            .get_or_insert_with(|| {
                Value::Native(Rc::new(LoopObj {
                    closed: Cell::new(false),
                    stopping: Rc::default(),
                }))
            })
            .clone()
    })
}

fn schedule_callback(
    interp: &Interp,
    at: Option<f64>,
    cb: Value,
    args: Vec<Value>,
    context: Option<Value>,
) -> Result<Value, Exc> {
    let rt = runtime(interp)?;
    // The callback runs in a copy of the context current now.
    let ctx = super::stdlib::contextvars::context_for(interp, context)?;
    let w = weak(interp);
    let cancelled = Rc::new(Cell::new(false));
    let flag = cancelled.clone();
    let run = move || {
        if flag.get() {
            return;
        }
        if let Some(i) = w.upgrade() {
            let r = super::stdlib::contextvars::run_in(&i, &ctx, || i.call(&cb, Args::new(args)));
            if let Err(e) = r {
                i.write(
                    core::trace::Stream::Stderr,
                    &format!("Exception in callback: {}\n", e.summary()),
                );
            }
        }
    };
    let (when, task) = match at {
        None => {
            rt.call_soon(run);
            (None, None)
        }
        Some(when) => {
            // A timer task that runs the callback at `when`.
            let deadline = core::Instant::from_secs_f64(when);
            let task = rt.spawn_named("call_at", async move {
                core::sleep_until(deadline).await.map_err(Exc::from)?;
                run();
                Ok::<_, Exc>(Value::None)
            });
            (Some(when), Some(task))
        }
    };
    Ok(Value::Native(Rc::new(TimerHandleObj {
        when,
        cancelled,
        task,
    })))
}

/// What `call_soon` / `call_later` / `call_at` return.
struct TimerHandleObj {
    when: Option<f64>,
    cancelled: Rc<Cell<bool>>,
    task: Option<JoinHandle<Value, Exc>>,
}

crate::debug_via_repr!(TimerHandleObj);

fn timer_of(a: &Args) -> Result<&TimerHandleObj, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<TimerHandleObj>)
        .ok_or_else(|| Exc::type_error("expected a TimerHandle"))
}

impl Native for TimerHandleObj {
    fn type_name(&self) -> &'static str {
        if self.when.is_some() {
            "TimerHandle"
        } else {
            "Handle"
        }
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "cancel" => |_, a| {
                let t = timer_of(&a)?;
                t.cancelled.set(true);
                if let Some(task) = &t.task {
                    task.cancel(None);
                }
                Ok(Value::None)
            },
            "cancelled" => |_, a| Ok(Value::Bool(timer_of(&a)?.cancelled.get())),
            "when" => |_, a| {
                let t = timer_of(&a)?;
                t.when
                    .map(Value::Float)
                    .ok_or_else(|| Exc::attribute_error("'Handle' object has no attribute 'when'"))
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Native for LoopObj {
    fn type_name(&self) -> &'static str {
        "_UnixSelectorEventLoop"
    }
    fn repr(&self) -> String {
        format!(
            "<_UnixSelectorEventLoop running=False closed={}>",
            if self.closed.get() { "True" } else { "False" }
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "time" => |i, _| Ok(Value::Float(runtime(i)?.now().as_secs_f64())),
            "create_task" => |i, mut a| {
                // A loop that is not running yet still takes tasks: they
                // start when it runs.
                let name = name_kw(&mut a);
                let context = a.take_kw("context");
                let v = a.pos.get(1).cloned().ok_or_else(|| {
                    Exc::type_error("create_task() missing 1 required positional argument: 'coro'")
                })?;
                if !is_coroutine_value(&v) {
                    return Err(Exc::type_error(format!(
                        "a coroutine was expected, got {}",
                        i.repr(&v)?
                    )));
                }
                ensure_task_in(i, v, name, context)
            },
            "create_future" => |i, _| Ok(future_value(i)),
            "run_until_complete" => |i, a| {
                if a.pos
                    .first()
                    .and_then(native_ref::<LoopObj>)
                    .is_some_and(|l| l.closed.get())
                {
                    return Err(Exc::runtime_error("Event loop is closed"));
                }
                let aw = a.pos.get(1).cloned().ok_or_else(|| {
                    Exc::type_error(
                        "run_until_complete() missing 1 required positional argument: 'future'",
                    )
                })?;
                run_nested(i, aw, false)
            },
            "close" => |_, a| {
                if let Some(l) = a.pos.first().and_then(native_ref::<LoopObj>) {
                    l.closed.set(true);
                }
                Ok(Value::None)
            },
            "run_forever" => |i, a| {
                let Some(l) = a.pos.first().and_then(native_ref::<LoopObj>) else {
                    return Err(Exc::type_error("expected an event loop"));
                };
                if l.closed.get() {
                    return Err(Exc::runtime_error("Event loop is closed"));
                }
                if i.loops_running.get() > 0 {
                    return Err(Exc::runtime_error("This event loop is already running"));
                }
                let stopping = l.stopping.clone();
                stopping.set(false);
                let rt = runtime(i)?;
                i.loops_running.set(i.loops_running.get() + 1);
                // Until `stop()`; with nothing left to run and no stop
                // coming, the runtime reports the deadlock (CPython would
                // wait forever).
                let r = rt.run_nested(|| stopping.get()).map_err(run_error);
                i.loops_running.set(i.loops_running.get().saturating_sub(1));
                stopping.set(false);
                r.map(|()| Value::None)
            },
            "stop" => |_, a| {
                if let Some(l) = a.pos.first().and_then(native_ref::<LoopObj>) {
                    l.stopping.set(true);
                }
                Ok(Value::None)
            },
            "is_closed" => |_, a| {
                Ok(Value::Bool(
                    a.pos
                        .first()
                        .and_then(native_ref::<LoopObj>)
                        .is_some_and(|l| l.closed.get()),
                ))
            },
            "is_running" => |i, _| Ok(Value::Bool(i.loops_running.get() > 0)),
            "run_in_executor" => super::threads::run_in_executor,
            // One thread here, so "threadsafe" changes nothing.
            "call_soon" | "call_soon_threadsafe" => |i, mut a| {
                let context = a.take_kw("context");
                schedule_callback(
                    i,
                    None,
                    a.pos.get(1).cloned().unwrap_or(Value::None),
                    a.pos.get(2..).map(<[Value]>::to_vec).unwrap_or_default(),
                    context,
                )
            },
            "call_later" => |i, mut a| {
                let context = a.take_kw("context");
                let delay = secs_arg(a.pos.get(1).unwrap_or(&Value::None), "delay")?;
                let at = runtime(i)?.now().as_secs_f64() + delay.max(0.0);
                schedule_callback(
                    i,
                    Some(at),
                    a.pos.get(2).cloned().unwrap_or(Value::None),
                    a.pos.get(3..).map(<[Value]>::to_vec).unwrap_or_default(),
                    context,
                )
            },
            "call_at" => |i, mut a| {
                let context = a.take_kw("context");
                let at = secs_arg(a.pos.get(1).unwrap_or(&Value::None), "when")?;
                schedule_callback(
                    i,
                    Some(at),
                    a.pos.get(2).cloned().unwrap_or(Value::None),
                    a.pos.get(3..).map(<[Value]>::to_vec).unwrap_or_default(),
                    context,
                )
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ------------------------------------------------------------ module-level

/// What `asyncio.run` and `create_task` take as a coroutine: ours, the
/// awaitables asyncio implements as coroutines, and the I/O modules' calls
/// that are awaitable.
fn is_coroutine_value(v: &Value) -> bool {
    native_ref::<Coroutine>(v).is_some()
        || native_ref::<crate::gen::Awaitable>(v).is_some()
        || is_coroutine_like(v)
}

/// Whether `v` is a coroutine function: an `async def`, or one of the
/// built-ins that stand for asyncio's own `async def`s (`asyncio.sleep`,
/// `wait_for`, `wait`, `to_thread`; a queue's `get`, a lock's `acquire`, an
/// event's `wait`, any `__aenter__`/`__aexit__`, …).
pub fn is_coroutine_function(interp: &Interp, v: &Value) -> bool {
    const METHODS: [(&str, &[&str]); 9] = [
        ("Queue", &["get", "put", "join"]),
        ("LifoQueue", &["get", "put", "join"]),
        ("PriorityQueue", &["get", "put", "join"]),
        ("Lock", &["acquire"]),
        ("Semaphore", &["acquire"]),
        ("BoundedSemaphore", &["acquire"]),
        ("Condition", &["acquire", "wait", "wait_for"]),
        ("Event", &["wait"]),
        ("Barrier", &["wait", "reset", "abort"]),
    ];
    match v {
        Value::Function(f) => f.def.kind == crate::ir::FuncKind::Coroutine,
        Value::Bound(b) => match (&b.0, &b.1) {
            (Value::Native(n), Value::Builtin(f)) => {
                matches!(&*f.name, "__aenter__" | "__aexit__")
                    || METHODS
                        .iter()
                        .any(|(t, ms)| *t == n.type_name() && ms.contains(&&*f.name))
            }
            (_, f) => is_coroutine_function(interp, f),
        },
        // The module's own function objects (not `time.sleep`).
        Value::Builtin(b) => {
            ["sleep", "wait_for", "wait", "to_thread"].contains(&&*b.name)
                && interp.import("asyncio").is_ok_and(|m| {
                    matches!(interp.getattr(&m, &b.name), Ok(Value::Builtin(ref x)) if Rc::ptr_eq(x, b))
                })
        }
        _ => false,
    }
}

/// Whether `v` is one of the I/O modules' awaitables that their real
/// libraries implement as coroutines (a `session.get(...)`, an
/// `aiofiles.open(...)`, a `pool.acquire()`), not yet awaited.
fn is_coroutine_like(v: &Value) -> bool {
    super::aiohttp::is_request(v)
        || super::files::is_open_call(v)
        || super::asyncpg::is_awaitable(v)
}

fn create_task(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let name = name_kw(&mut a);
    let context = a.take_kw("context");
    let v = a.pos.first().cloned().ok_or_else(|| {
        Exc::type_error("create_task() missing 1 required positional argument: 'coro'")
    })?;
    if !is_coroutine_value(&v) {
        return Err(Exc::type_error(format!(
            "a coroutine was expected, got {}",
            interp.repr(&v)?
        )));
    }
    if interp.loops_running.get() == 0 {
        if let Some(c) = native_ref::<Coroutine>(&v) {
            let _ = c.take();
        }
        return Err(Exc::runtime_error("no running event loop"));
    }
    ensure_task_in(interp, v, name, context)
}

fn sleep(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let result = a
        .take_kw("result")
        .or_else(|| a.pos.get(1).cloned())
        .unwrap_or(Value::None);
    let d = duration(secs_arg(a.pos.first().unwrap_or(&Value::Int(0)), "delay")?);
    let _ = interp;
    Ok(awaitable("sleep", async move {
        core::sleep(d).await.map_err(cancelled_exc)?;
        Ok(result)
    }))
}

fn run_error(e: core::RunError) -> Exc {
    match e {
        core::RunError::CannotBlock => Exc::runtime_error(
            "this clock cannot wait inside a function: call asyncio.run(...) as a statement at the top level of the program",
        ),
        core::RunError::Deadlock(_) => Exc::runtime_error(e.to_string()),
    }
}

/// `asyncio.run` / `loop.run_until_complete` called from synchronous code
/// (inside an expression or a function): runs the loop re-entrantly until
/// the main task is done.
fn run_nested(interp: &Interp, aw: Value, full_run: bool) -> Result<Value, Exc> {
    run_nested_in(interp, aw, full_run, None)
}

/// [`run_nested`] with the context the main task runs in (`Runner.run`'s).
fn run_nested_in(
    interp: &Interp,
    aw: Value,
    full_run: bool,
    context: Option<Value>,
) -> Result<Value, Exc> {
    if interp.loops_running.get() > 0 {
        return Err(refused(aw, full_run));
    }
    if full_run && !is_coroutine_value(&aw) {
        return Err(Exc::value_error(format!(
            "a coroutine was expected, got {}",
            interp.repr(&aw)?
        )));
    }
    let rt = runtime(interp)?;
    interp.loops_running.set(interp.loops_running.get() + 1);
    let result = (|| {
        let task = ensure_task_in(interp, aw, None, context)?;
        let h = handle_of(&task).ok_or_else(|| Exc::runtime_error("internal: main task"))?;
        rt.run_nested(|| h.is_finished()).map_err(run_error)?;
        let r = h
            .result()
            .unwrap_or_else(|| Err(Exc::runtime_error("the main task did not finish")));
        if full_run {
            let left: Vec<JoinHandle<Value, Exc>> =
                live_tasks(interp).iter().filter_map(handle_of).collect();
            for t in &left {
                t.cancel(None);
            }
            rt.run_nested(|| left.iter().all(|t| t.is_finished()))
                .map_err(run_error)?;
        }
        r
    })();
    interp
        .loops_running
        .set(interp.loops_running.get().saturating_sub(1));
    result
}

/// `asyncio.Runner()`: runs several coroutines, one after another, on one
/// loop (here the program's one clock goes on between them), and closes it
/// at the end of its `with` block.
struct RunnerObj {
    closed: Cell<bool>,
    /// The context its runs share (made at the first).
    context: RefCell<Option<Value>>,
    /// What `get_loop()` returns: a loop object of its own.
    the_loop: Value,
}

crate::debug_via_repr!(RunnerObj);

fn runner_of(a: &Args) -> Result<&RunnerObj, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<RunnerObj>)
        .ok_or_else(|| Exc::type_error("expected a Runner"))
}

fn open_runner(a: &Args) -> Result<&RunnerObj, Exc> {
    let r = runner_of(a)?;
    if r.closed.get() {
        return Err(Exc::runtime_error("Runner is closed"));
    }
    Ok(r)
}

/// Closes a runner: cancels the tasks still alive and waits for them, as
/// `Runner.close()` does, then closes its loop.
fn close_runner(interp: &Interp, r: &RunnerObj) -> Result<(), Exc> {
    if r.closed.replace(true) {
        return Ok(());
    }
    if let Some(l) = native_ref::<LoopObj>(&r.the_loop) {
        l.closed.set(true);
    }
    let left: Vec<JoinHandle<Value, Exc>> =
        live_tasks(interp).iter().filter_map(handle_of).collect();
    if left.is_empty() {
        return Ok(());
    }
    for t in &left {
        t.cancel(None);
    }
    runtime(interp)?
        .run_nested(|| left.iter().all(|t| t.is_finished()))
        .map_err(run_error)
}

impl Native for RunnerObj {
    fn type_name(&self) -> &'static str {
        "Runner"
    }
    fn repr(&self) -> String {
        let state = if self.closed.get() {
            "closed"
        } else {
            "initialized"
        };
        format!("<asyncio.runners.Runner object [{state}]>")
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "__enter__" => |_, a| {
                open_runner(&a)?;
                Ok(a.pos.first().cloned().unwrap_or(Value::None))
            },
            "__exit__" | "close" => |i, a| {
                close_runner(i, runner_of(&a)?)?;
                Ok(Value::None)
            },
            "get_loop" => |_, a| Ok(open_runner(&a)?.the_loop.clone()),
            "run" => |i, mut a| {
                let context = a.take_kw("context").filter(|c| !matches!(c, Value::None));
                let runner = open_runner(&a)?;
                let coro = a.pos.get(1).cloned().ok_or_else(|| {
                    Exc::type_error("Runner.run() missing 1 required positional argument: 'coro'")
                })?;
                if !is_coroutine_value(&coro) {
                    return Err(Exc::value_error(format!(
                        "a coroutine was expected, got {}",
                        i.repr(&coro)?
                    )));
                }
                if i.loops_running.get() > 0 {
                    let e = Exc::runtime_error(
                        "Runner.run() cannot be called from a running event loop",
                    );
                    e.state().held.borrow_mut().push(coro);
                    return Err(e);
                }
                // Every run without `context=` shares the runner's context,
                // a copy of the one current at its first run.
                let context = match context {
                    Some(c) => c,
                    None => runner
                        .context
                        .borrow_mut()
                        .get_or_insert_with(|| super::stdlib::contextvars::copy_current(i))
                        .clone(),
                };
                run_nested_in(i, coro, false, Some(context))
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn new_runner(_: &Interp, mut a: Args) -> Result<Value, Exc> {
    a.take_kw("debug");
    if a.take_kw("loop_factory")
        .is_some_and(|f| !matches!(f, Value::None))
    {
        return Err(Exc::unsupported("Runner(loop_factory=...)"));
    }
    if !a.pos.is_empty() {
        return Err(Exc::type_error(format!(
            "Runner.__init__() takes 1 positional argument but {} were given",
            a.pos.len() + 1
        )));
    }
    Ok(Value::Native(Rc::new(RunnerObj {
        closed: Cell::new(false),
        context: RefCell::new(None),
        the_loop: Value::Native(Rc::new(LoopObj {
            closed: Cell::new(false),
            stopping: Rc::default(),
        })),
    })))
}

// ---------------------------------------------------------------- Barrier

/// Where a barrier is in its cycle (CPython's `_BarrierState`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum BarrierState {
    /// Taking arrivals.
    Filling,
    /// All parties arrived; the waiters are leaving.
    Draining,
    /// `reset()` while tasks waited: they leave with `BrokenBarrierError`.
    Resetting,
    /// `abort()`: every wait fails until `reset()`.
    Broken,
}

/// `asyncio.Barrier(parties)`, with CPython's algorithm: the last of
/// `parties` arrivals releases the others; arrivals while the barrier
/// drains wait for the next cycle; `wait()` returns the arrival index.
/// Waits show on the timeline as waits on an event named `Barrier`.
struct BarrierObj {
    parties: usize,
    count: Cell<usize>,
    state: Cell<BarrierState>,
    /// Set when the parties are complete (or on abort or reset).
    released: RefCell<core::Event>,
    /// Set when a cycle's waiters have all left (or on abort).
    drained: RefCell<core::Event>,
}

crate::debug_via_repr!(BarrierObj);

impl BarrierObj {
    /// A waiter leaves (CPython's `_exit`): the last one out of a draining
    /// or resetting barrier opens the next cycle.
    fn leave(&self) {
        self.count.set(self.count.get().saturating_sub(1));
        if self.count.get() == 0
            && matches!(
                self.state.get(),
                BarrierState::Draining | BarrierState::Resetting
            )
        {
            self.state.set(BarrierState::Filling);
            *self.released.borrow_mut() = core::Event::named("Barrier");
            self.drained.borrow().set();
        }
    }
}

fn broken_barrier(msg: &str) -> Exc {
    Exc::of("BrokenBarrierError", msg)
}

fn barrier_of(a: &Args) -> Result<Rc<dyn Native>, Exc> {
    match a.pos.first() {
        Some(Value::Native(n)) if n.as_any().is::<BarrierObj>() => Ok(n.clone()),
        _ => Err(Exc::type_error("expected a Barrier")),
    }
}

/// `await barrier.wait()`.
async fn barrier_wait(this: Rc<dyn Native>) -> Result<Value, Exc> {
    let Some(b) = this.as_any().downcast_ref::<BarrierObj>() else {
        return Err(Exc::type_error("expected a Barrier"));
    };
    // Arrivals wait while the previous cycle drains or resets.
    while matches!(
        b.state.get(),
        BarrierState::Draining | BarrierState::Resetting
    ) {
        let drained = b.drained.borrow().clone();
        drained.wait().await.map_err(cancelled_exc)?;
    }
    if b.state.get() == BarrierState::Broken {
        return Err(broken_barrier("Barrier aborted"));
    }
    let index = b.count.get();
    b.count.set(index + 1);
    if index + 1 == b.parties {
        b.state.set(BarrierState::Draining);
        *b.drained.borrow_mut() = core::Event::named("Barrier");
        b.released.borrow().set();
    } else {
        let released = b.released.borrow().clone();
        let waited = released.wait().await;
        if let Err(c) = waited {
            b.leave();
            return Err(cancelled_exc(c));
        }
        if matches!(
            b.state.get(),
            BarrierState::Broken | BarrierState::Resetting
        ) {
            b.leave();
            return Err(broken_barrier("Abort or reset of barrier"));
        }
    }
    b.leave();
    Ok(Value::Int(index as i64))
}

impl Native for BarrierObj {
    fn type_name(&self) -> &'static str {
        "Barrier"
    }
    fn repr(&self) -> String {
        let state = match self.state.get() {
            BarrierState::Filling => "filling",
            BarrierState::Draining => "draining",
            BarrierState::Resetting => "resetting",
            BarrierState::Broken => "broken",
        };
        let waiting = if self.state.get() == BarrierState::Filling {
            self.count.get()
        } else {
            0
        };
        if self.state.get() == BarrierState::Broken {
            return "<asyncio.locks.Barrier object [broken]>".into();
        }
        format!(
            "<asyncio.locks.Barrier object [{state}, waiters:{waiting}/{}]>",
            self.parties
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "parties" => return Some(Value::Int(self.parties as i64)),
            "n_waiting" => {
                let n = if self.state.get() == BarrierState::Filling {
                    self.count.get()
                } else {
                    0
                };
                return Some(Value::Int(n as i64));
            }
            "broken" => return Some(Value::Bool(self.state.get() == BarrierState::Broken)),
            _ => {}
        }
        let f: BuiltinFn = match name {
            "wait" => |_, a| {
                let this = barrier_of(&a)?;
                Ok(awaitable("wait", barrier_wait(this)))
            },
            "abort" => |_, a| {
                let this = barrier_of(&a)?;
                Ok(awaitable("abort", async move {
                    if let Some(b) = this.as_any().downcast_ref::<BarrierObj>() {
                        b.state.set(BarrierState::Broken);
                        b.released.borrow().set();
                        b.drained.borrow().set();
                    }
                    Ok(Value::None)
                }))
            },
            "reset" => |_, a| {
                let this = barrier_of(&a)?;
                Ok(awaitable("reset", async move {
                    if let Some(b) = this.as_any().downcast_ref::<BarrierObj>() {
                        if b.count.get() > 0 {
                            b.state.set(BarrierState::Resetting);
                            b.released.borrow().set();
                        } else {
                            b.state.set(BarrierState::Filling);
                            *b.released.borrow_mut() = core::Event::named("Barrier");
                            *b.drained.borrow_mut() = core::Event::named("Barrier");
                        }
                    }
                    Ok(Value::None)
                }))
            },
            "__aenter__" => |_, a| {
                let this = barrier_of(&a)?;
                Ok(awaitable("__aenter__", barrier_wait(this)))
            },
            "__aexit__" => |_, _| Ok(awaitable("__aexit__", async { Ok(Value::None) })),
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn new_barrier(_: &Interp, a: Args) -> Result<Value, Exc> {
    let parties = match a
        .pos
        .first()
        .or_else(|| a.kw.iter().find(|(k, _)| &**k == "parties").map(|(_, v)| v))
    {
        Some(v) => v.as_int().ok_or_else(|| {
            Exc::type_error(format!(
                "'<' not supported between instances of '{}' and 'int'",
                v.type_name()
            ))
        })?,
        None => {
            return Err(Exc::type_error(
                "Barrier.__init__() missing 1 required positional argument: 'parties'",
            ))
        }
    };
    if parties < 1 {
        return Err(Exc::value_error("parties must be > 0"));
    }
    Ok(Value::Native(Rc::new(BarrierObj {
        parties: parties as usize,
        count: Cell::new(0),
        state: Cell::new(BarrierState::Filling),
        released: RefCell::new(core::Event::named("Barrier")),
        drained: RefCell::new(core::Event::named("Barrier")),
    })))
}

fn run_sync(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    a.take_kw("debug");
    let aw =
        a.pos.first().cloned().ok_or_else(|| {
            Exc::type_error("run() missing 1 required positional argument: 'main'")
        })?;
    run_nested(interp, aw, true)
}

/// The `asyncio` module.
pub fn module(interp: &Interp) -> Value {
    let _ = interp;
    let mut items: Vec<(&str, Value)> = vec![
        ("run", func("asyncio.run", run_sync)),
        ("Runner", func("Runner", new_runner)),
        ("Barrier", func("Barrier", new_barrier)),
        ("sleep", func("sleep", sleep)),
        ("to_thread", func("to_thread", super::threads::to_thread)),
        ("create_task", func("create_task", create_task)),
        (
            "ensure_future",
            func("ensure_future", |i, a| {
                ensure_task(i, a.pos.first().cloned().unwrap_or(Value::None), None)
            }),
        ),
        ("gather", func("gather", gather)),
        ("wait_for", func("wait_for", wait_for)),
        ("timeout", func("timeout", timeout)),
        ("timeout_at", func("timeout_at", timeout_at)),
        ("wait", func("wait", wait)),
        ("as_completed", func("as_completed", as_completed)),
        ("shield", func("shield", shield)),
        (
            "TaskGroup",
            func("TaskGroup", |_, _| {
                Ok(Value::Native(Rc::new(TaskGroupObj {
                    tg: core::TaskGroup::new(),
                })))
            }),
        ),
        (
            "Semaphore",
            func("Semaphore", |_, a| new_semaphore(a, false)),
        ),
        (
            "BoundedSemaphore",
            func("BoundedSemaphore", |_, a| new_semaphore(a, true)),
        ),
        (
            "Lock",
            func("Lock", |_, mut a| {
                let l = match name_kw(&mut a) {
                    Some(n) => core::Lock::named(n),
                    None => core::Lock::new(),
                };
                Ok(Value::Native(Rc::new(LockObj(l))))
            }),
        ),
        (
            "Event",
            func("Event", |_, mut a| {
                let e = match name_kw(&mut a) {
                    Some(n) => core::Event::named(n),
                    None => core::Event::new(),
                };
                Ok(Value::Native(Rc::new(EventObj(e))))
            }),
        ),
        (
            "Condition",
            func("Condition", |_, mut a| {
                let name = name_kw(&mut a);
                let c = match a.take_kw("lock").or_else(|| a.pos.first().cloned()) {
                    Some(v) if native_ref::<LockObj>(&v).is_some() => core::Condition::with_lock(
                        native_ref::<LockObj>(&v)
                            .map(|l| l.0.clone())
                            .unwrap_or_default(),
                    ),
                    _ => match name {
                        Some(n) => core::Condition::named(n),
                        None => core::Condition::new(),
                    },
                };
                Ok(Value::Native(Rc::new(CondObj(c))))
            }),
        ),
        (
            "Queue",
            func("Queue", |i, a| {
                make_queue(i, a, core::QueueKind::Fifo, "Queue")
            }),
        ),
        (
            "LifoQueue",
            func("LifoQueue", |i, a| {
                make_queue(i, a, core::QueueKind::Lifo, "LifoQueue")
            }),
        ),
        (
            "PriorityQueue",
            func("PriorityQueue", |i, a| {
                make_queue(i, a, core::QueueKind::Priority, "PriorityQueue")
            }),
        ),
        (
            "current_task",
            func("current_task", |i, _| {
                if i.loops_running.get() == 0 {
                    return Err(Exc::runtime_error("no running event loop"));
                }
                Ok(current_task_value(i))
            }),
        ),
        (
            "all_tasks",
            func("all_tasks", |i, _| task_set(live_tasks(i))),
        ),
        (
            "get_running_loop",
            func("get_running_loop", |i, _| {
                if i.loops_running.get() == 0 {
                    return Err(Exc::runtime_error("no running event loop"));
                }
                Ok(the_loop())
            }),
        ),
        (
            "get_event_loop",
            func("get_event_loop", |_, _| Ok(the_loop())),
        ),
        (
            "new_event_loop",
            func("new_event_loop", |_, _| {
                let l = Value::Native(Rc::new(LoopObj {
                    closed: Cell::new(false),
                    stopping: Rc::default(),
                }));
                CURRENT_LOOP.with(|c| *c.borrow_mut() = Some(l.clone()));
                Ok(l)
            }),
        ),
        (
            "set_event_loop",
            func("set_event_loop", |_, a| {
                if let Some(l) = a.pos.first() {
                    CURRENT_LOOP.with(|c| *c.borrow_mut() = Some(l.clone()));
                }
                Ok(Value::None)
            }),
        ),
        (
            "isfuture",
            func("isfuture", |_, a| {
                Ok(Value::Bool(a.pos.first().is_some_and(|v| {
                    task_of(v).is_some()
                        || native_ref::<FutureObj>(v).is_some()
                        || native_ref::<GatherFut>(v).is_some()
                })))
            }),
        ),
        (
            "iscoroutine",
            func("iscoroutine", |_, a| {
                // asyncio's own awaitables (`sleep`, `wait_for`, a queue's
                // `get`, …) are coroutines in CPython, like `async def`'s.
                Ok(Value::Bool(a.pos.first().is_some_and(|v| {
                    native_ref::<Coroutine>(v).is_some()
                        || native_ref::<crate::gen::Awaitable>(v).is_some()
                })))
            }),
        ),
        (
            "iscoroutinefunction",
            func("iscoroutinefunction", |i, a| {
                Ok(Value::Bool(
                    a.pos.first().is_some_and(|v| is_coroutine_function(i, v)),
                ))
            }),
        ),
        ("FIRST_COMPLETED", Value::str("FIRST_COMPLETED")),
        ("FIRST_EXCEPTION", Value::str("FIRST_EXCEPTION")),
        ("ALL_COMPLETED", Value::str("ALL_COMPLETED")),
        ("TimeoutError", Value::Class(class("TimeoutError"))),
    ];
    for name in [
        "CancelledError",
        "QueueEmpty",
        "QueueFull",
        "QueueShutDown",
        "InvalidStateError",
        "BrokenBarrierError",
    ] {
        items.push((name, Value::Class(class(name))));
    }
    items.push(("Task", crate::builtins::native_class("Task")));
    items.push(("Future", crate::builtins::native_class("Future")));
    make_module("asyncio", items)
}

/// `await` and the async-generator finalizer hook, as an `impl Interp` block
/// (awaiting reaches tasks and futures, which are this module's); and
/// what the VM asks about `asyncio.run` in the program's module.
impl Interp {
    /// Whether `callee` is `asyncio.run` or a loop's `run_until_complete`
    /// ([`is_run`]).
    #[inline]
    pub(crate) fn is_asyncio_run(&self, callee: &Value) -> bool {
        is_run(callee)
    }

    /// `asyncio.Future()` ([`new_future`]), for instantiating the class.
    pub(crate) fn new_asyncio_future(&self, args: Args) -> Result<Value, Exc> {
        new_future(self, args)
    }

    /// `asyncio.run(main())` called from the program's module ([`run_main`]).
    pub(crate) async fn run_asyncio_main(
        self: &Rc<Self>,
        callee: &Value,
        args: Args,
    ) -> Result<Value, Exc> {
        run_main(self, callee, args).await
    }

    /// Closes the generators dropped while suspended, as CPython does when
    /// their last reference goes: a generator's `close()` runs at once (an
    /// error in its clean-up is printed as "Exception ignored in: …"); an
    /// async generator's `aclose()` becomes a task of the running loop, as
    /// asyncio's finalizer hook makes it.
    pub fn run_finalizers(&self) {
        for g in self.take_finalizers() {
            if g.is_async() {
                close_dropped_async_generator(self, g);
            }
        }
    }

    /// Awaits an awaitable value.
    ///
    /// # Errors
    ///
    /// `TypeError` for values that cannot be awaited, or whatever the
    /// awaited work raised.
    pub fn await_value(self: &Rc<Self>, v: Value) -> LocalFuture<'static, Result<Value, Exc>> {
        let me = self.clone();
        Box::pin(async move {
            if let Value::Native(n) = &v {
                if let Some(c) = n.as_any().downcast_ref::<crate::gen::Coroutine>() {
                    let fut = c.take()?;
                    return fut.await;
                }
                if let Some(a) = n.as_any().downcast_ref::<crate::gen::Awaitable>() {
                    let fut = a.take()?;
                    return fut.await;
                }
                if let Some(t) = n.as_any().downcast_ref::<TaskObj>() {
                    let r = t.handle.clone().await;
                    return match r {
                        // The awaiter's own cancellation, not the task's.
                        Err(e) if e.is("CancelledError") && !t.handle.is_cancelled() => Err(e),
                        _ => t.outcome().unwrap_or(r),
                    };
                }
                if let Some(fut) = future_awaitable(&v) {
                    return fut.await;
                }
            }
            if let Value::Object(o) = &v {
                if o.class.lookup("__await__").is_some() {
                    // `def __await__(self): return self._go().__await__()`:
                    // what it returns is awaited. A generator-based
                    // `__await__` (`yield from …`) is not supported.
                    let method = me.getattr(&v, "__await__")?;
                    let inner = me.call(&method, Args::default())?;
                    let native_awaitable = matches!(&inner, Value::Native(n)
                        if n.as_any().is::<crate::gen::Coroutine>()
                            || n.as_any().is::<crate::gen::Awaitable>()
                            || n.as_any().is::<TaskObj>());
                    if native_awaitable {
                        return me.await_value(inner).await;
                    }
                    if let Some(fut) = future_awaitable(&inner) {
                        return fut.await;
                    }
                    return Err(Exc::unsupported(
                        "an __await__ method that does not return a coroutine's __await__()",
                    ));
                }
            }
            let _ = &me;
            Err(Exc::type_error(format!(
                "object {} can't be used in 'await' expression",
                v.type_name()
            )))
        })
    }
}
