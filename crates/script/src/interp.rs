//! The interpreter's state for one run, and what the bytecode loop
//! (`crate::vm`) and the built-ins call back into: argument binding and
//! frames, names, exceptions, output, limits and preemption.
//!
//! This is layer L4 (see `tests/layers.rs`): it names nothing above the
//! object model. Methods of [`Interp`] whose bodies need a higher layer are
//! `impl Interp` blocks there, called as `interp.method(..)` all the same:
//! `Interp::call`, function and class bodies in `vm::calls`; `import` in
//! `modules`; `Interp::new` (with the builtins table) and `build_class`
//! in `builtins`; unawaited-coroutine warnings, generator finalizers and
//! `yield_from` in `gen`; `await_value` and `run_finalizers` in
//! `modules::asyncio`; `report_ignored` in `traceback`. What a library
//! module keeps per run (test results, check verdicts, the databases) is
//! held type-erased (`Interp::module_state`), made by the module on first
//! use; `record_test`, `set_sql` and the like are the modules' own.
//!
//! The protocols and built-in types (L5, L6) reach the layers above them
//! the same way: `Interp::value_method`, `generator_kind`, `enum_members`,
//! `print_target` and the like are declared next to what they wrap.

use crate::exc::Exc;
use crate::ir::*;
use crate::value::*;
use indexmap::IndexMap;
use looplab_core::trace::Stream;
use looplab_core::Handle;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

/// A boxed, non-`Send` future (declared with the host seam, which needs it
/// and sits below the interpreter).
pub use crate::http::LocalFuture;

/// A module's (or class body's) name table.
pub type Namespace = Rc<RefCell<crate::value::Names>>;

/// Python calls that may nest in Rust at once (see `Interp::enter_call`):
/// calls within the bytecode loop do not count, so plain recursion reaches
/// the full recursion limit.
pub const NATIVE_DEPTH: u32 = 400;

/// Steps a program may still take after the step limit raised, to run
/// its handlers and `finally` blocks.
pub const STEP_GRACE: u64 = 200_000;

/// Limits that keep a program from taking the page (or machine) down.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Statements and calls executed before the program is stopped.
    pub max_steps: u64,
    /// Nested Python calls before `RecursionError` (`sys.getrecursionlimit()`).
    pub max_depth: u32,
    /// Items in one list, dict, set or string before `MemoryError`.
    pub max_collection: usize,
    /// Tasks alive at once before `RuntimeError`.
    pub max_tasks: usize,
    /// Steps after which a loop in a coroutine lets the host run (render,
    /// handle a Stop button) before going on; no other task runs meanwhile.
    pub preempt_every: u64,
    /// Standard-output lines kept with their times for
    /// [`Outcome::stdout_lines`](crate::Outcome::stdout_lines); later
    /// lines still go to the output sink and the trace. A host that
    /// streams output (the browser engine) sets 0.
    pub max_kept_lines: usize,
    /// On the virtual clock: the clock reading (seconds) past which the
    /// run is stopped instead of jumping to its next timer — a loop that
    /// sleeps forever ends at once on the virtual clock, having produced
    /// hours of output. `None`: no limit.
    pub virtual_horizon: Option<f64>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_steps: 50_000_000,
            max_depth: 1000,
            max_collection: 10_000_000,
            max_tasks: 100_000,
            preempt_every: 100_000,
            max_kept_lines: 1_000_000,
            virtual_horizon: None,
        }
    }
}

/// Where the program's output goes.
pub type OutputSink = Box<dyn FnMut(Stream, &str)>;

/// The interpreter's state for one program run.
pub struct Interp {
    me: Weak<Interp>,
    /// The `__main__` module's globals.
    pub globals: Namespace,
    /// Built-in names.
    pub builtins: crate::value::Names,
    /// The modules imported so far, by name (see `Interp::import`).
    pub(crate) modules: RefCell<HashMap<Rc<str>, Value>>,
    out: RefCell<OutputSink>,
    /// Limits in force.
    pub limits: Limits,
    steps: Cell<u64>,
    next_preempt: Cell<u64>,
    depth: Cell<u32>,
    /// Python calls that recurse in Rust (each entry into the bytecode
    /// loop from Rust: a built-in calling back, a class's `__init__`), bounded by
    /// [`NATIVE_DEPTH`] so that the native stack never overflows.
    native_depth: Cell<u32>,
    stop: Arc<AtomicBool>,
    /// The seeded random number generator behind the `random` module.
    pub rng: RefCell<crate::random::Mt19937>,
    runtime: RefCell<Option<Handle>>,
    /// Python-visible task numbering (`Task-1` is `asyncio.run`'s main).
    pub task_counter: Cell<u64>,
    /// Worker threads started so far (`asyncio_0`, `asyncio_1`, …: the
    /// names of the default executor's threads).
    pub(crate) worker_counter: Cell<u64>,
    /// Whether code on a worker thread is running (see [`Interp::block_for`]).
    pub(crate) in_worker: Cell<bool>,
    /// The time blocking calls on the running worker thread have taken,
    /// which its fiber waits out after the instruction that made them.
    owed: Cell<std::time::Duration>,
    /// Tasks created through asyncio, for `all_tasks()`: weak, as asyncio's
    /// own registry is (a task that has not finished is kept alive by its
    /// running coroutine; a finished one only by the program's references).
    pub tasks: RefCell<Vec<Weak<dyn Native>>>,
    /// The same tasks by runtime task id, for `current_task()`.
    pub task_index: RefCell<HashMap<u64, Weak<dyn Native>>>,
    /// The program's file name, for tracebacks.
    pub filename: Rc<str>,
    /// The program's source, for tracebacks printed during the run.
    source: RefCell<Rc<str>>,
    /// The exception an `except` clause (or `finally`, `with`) most
    /// recently took, for `traceback.format_exc()` and `sys.exc_info()`:
    /// weak, so that the exception (and what its frames keep alive, such
    /// as an unawaited coroutine) goes when the clause is done with it.
    pub(crate) last_caught: RefCell<std::rc::Weak<Object>>,
    /// The long strs indexed last, and where their characters start (see
    /// `Interp::str_item` in `ops`): a loop indexing them finds them here.
    pub(crate) text_index: RefCell<crate::text::TextIndexes>,
    /// Whether the clock is virtual (for messages).
    pub virtual_clock: bool,
    /// How many `asyncio.run` / `run_until_complete` calls are running.
    pub loops_running: Cell<u32>,
    /// Completed stdout lines with the clock reading when each ended.
    pub stdout_lines: RefCell<Vec<(f64, String)>>,
    partial_line: RefCell<String>,
    /// Where `aiohttp` requests go.
    http: RefCell<Rc<dyn crate::http::HttpBackend>>,
    /// Whether failed `assert`s are explained (test runs).
    explain_asserts: Cell<bool>,
    /// The globals of the modules written in Python that stand in for
    /// modules CPython writes in C (`decimal`): tracebacks leave their
    /// frames out, as CPython's show no frames for C code.
    c_module_globals: RefCell<Vec<std::rc::Weak<RefCell<crate::value::Names>>>>,
    /// The globals of each library module written in Python, with its
    /// name and source: tracebacks show its frames with a path of their own.
    pub(crate) source_modules: RefCell<Vec<SourceModule>>,
    /// The line of the program's own code running now (its last statement
    /// begun in a frame of the program's module).
    line: Cell<u32>,
    /// How many statements of the program's own code have begun: tells the
    /// runtime whether a task moved to another line in its step.
    lines_begun: Cell<u64>,
    /// An exercise check's checker (its Python source) and how many of the
    /// program's first lines are the learner's.
    checker: RefCell<Option<(Rc<str>, u32)>>,
    /// The workspace `open()`, `os` and `aiofiles` reach.
    fs: RefCell<Rc<dyn crate::fs::FileSystem>>,
    /// What file operations cost.
    file_settings: Cell<crate::fs::FileSettings>,
    /// The generator behind simulated I/O failures (the program's
    /// `random` is not disturbed).
    io_rng: RefCell<crate::random::Mt19937>,
    /// Generators dropped while suspended, to be closed before the next
    /// instruction ([`Interp::run_finalizers`]).
    /// (Type-erased: the generator type is the evaluator's, `gen`.)
    pub(crate) finalizers: RefCell<Vec<Rc<dyn std::any::Any>>>,
    /// Whether `finalizers` holds any (checked after every instruction,
    /// where borrowing the queue would cost more).
    pub(crate) finalize_due: Cell<bool>,
    /// Async generators started while a loop runs, for `asyncio.run`'s
    /// `shutdown_asyncgens` (weak, as asyncio's own set is).
    pub(crate) async_generators: RefCell<Vec<Weak<dyn std::any::Any>>>,
    /// `contextvars`: the context each asyncio task runs in, by runtime
    /// task id (an entry goes when its task ends), and the context of code
    /// outside any task (made on first use).
    pub(crate) task_contexts: RefCell<HashMap<u64, Value>>,
    pub(crate) base_context: RefCell<Option<Value>>,
    /// The dicts `obj.__dict__` gave out, by address, with their objects:
    /// writes to one are written back to its object's attributes (see
    /// `attr::dict_written`).
    pub(crate) dict_views: RefCell<DictViews>,
    /// What library modules keep per run (the test results, the
    /// databases), one value of each type, made on first use: see
    /// [`Interp::module_state`].
    module_state: RefCell<Vec<Rc<dyn std::any::Any>>>,
}

impl Drop for Interp {
    fn drop(&mut self) {
        self.clear_sys_modules();
    }
}

impl std::fmt::Debug for Interp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interp")
            .field("filename", &self.filename)
            .finish_non_exhaustive()
    }
}

/// A library module written in Python: its globals (weakly) and how
/// tracebacks name it.
pub(crate) type SourceModule = (
    std::rc::Weak<RefCell<crate::value::Names>>,
    Rc<crate::exc::ModuleSource>,
);

/// The `__dict__` dicts handed out, by the dict's address and by the
/// object's: while one is alive, the object's attribute writes go to it
/// too and `obj.__dict__` gives it again, so it stays the object's
/// namespace as in CPython.
#[derive(Default)]
pub(crate) struct DictViews {
    pub(crate) by_dict: HashMap<usize, (Weak<RefCell<Dict>>, Weak<Object>)>,
    pub(crate) by_object: HashMap<usize, Weak<RefCell<Dict>>>,
}

/// Where a generator's `yield` meets its driver (`crate::gen` drives it).
#[derive(Default, Debug)]
pub struct Channel {
    pub(crate) yielded: RefCell<Option<Value>>,
    pub(crate) sent: RefCell<Option<Value>>,
    pub(crate) thrown: RefCell<Option<Exc>>,
}

impl Channel {
    /// The `yield` side: hands `v` out, suspends once, and returns what was
    /// sent in (or raises what was thrown in).
    pub async fn yield_value(&self, v: Value) -> Result<Value, Exc> {
        *self.yielded.borrow_mut() = Some(v);
        let mut first = true;
        std::future::poll_fn(|_| {
            if first {
                first = false;
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        })
        .await;
        if let Some(e) = self.thrown.borrow_mut().take() {
            return Err(e);
        }
        Ok(self.sent.borrow_mut().take().unwrap_or(Value::None))
    }
}

/// One activation of a function (or module or class body).
pub struct Frame {
    pub(crate) locals: Vec<Option<Value>>,
    pub(crate) cells: Vec<Rc<RefCell<Option<Value>>>>,
    pub(crate) def: Rc<FuncDef>,
    pub(crate) globals: Namespace,
    pub(crate) class_ns: Option<Namespace>,
    /// For generator frames: where `yield` hands values over.
    pub(crate) chan: Option<Rc<Channel>>,
    pub(crate) handling: Vec<Exc>,
    /// The position of the statement being executed.
    pub(crate) pos: Pos,
    /// A number unique to this activation, for tracebacks.
    pub(crate) id: u64,
    /// The class this function was defined in, for `super()`.
    pub(crate) class_value: Option<Value>,
    /// In a class body: the cell its functions get (see [`Function`]).
    pub(crate) class_cell: Option<crate::value::ClassCell>,
    /// Whether this frame runs inside a task's own poll (module body,
    /// coroutine, async generator) and so may hand control to the host.
    pub(crate) can_yield: bool,
}

/// Frame ids only tell frames apart (a traceback's entries), so one
/// counter serves every thread; an atomic for the reason of `CLASS_EPOCH`
/// (`crate::value`).
static FRAME_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

#[inline(always)]
pub(crate) fn frame_id() -> u64 {
    FRAME_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
}

thread_local! {
    static CURRENT: RefCell<Weak<Interp>> = const { RefCell::new(Weak::new()) };
}

/// The interpreter running on this thread (for library code without an
/// interpreter at hand).
pub fn current() -> Option<Rc<Interp>> {
    CURRENT.with(|c| c.borrow().upgrade())
}

/// Dict and set keys call user `__eq__`/`__hash__` through the running
/// interpreter (installed by `Interp::with_builtins`).
impl KeyHooks for Interp {
    fn key_eq(&self, a: &Value, b: &Value) -> bool {
        self.eq(a, b).unwrap_or(false)
    }
    fn key_hash(&self, v: &Value, method: &Value) -> Option<i64> {
        self.call(method, Args::new(vec![v.clone()])).ok()?.as_int()
    }
}

/// Creates a fresh cell.
fn cell(v: Option<Value>) -> Rc<RefCell<Option<Value>>> {
    Rc::new(RefCell::new(v))
}

/// Polls `fut` once with a waker that does nothing.
pub(crate) fn poll_once<T>(fut: &mut LocalFuture<'_, T>) -> Poll<T> {
    let mut cx = Context::from_waker(std::task::Waker::noop());
    fut.as_mut().poll(&mut cx)
}

impl Interp {
    /// A fresh interpreter whose built-in names are `builtins` (see
    /// `Interp::new`, which gives it the `builtins` module's table), made
    /// the one [`current`] returns.
    pub(crate) fn with_builtins(
        filename: &str,
        seed: u64,
        limits: Limits,
        out: OutputSink,
        virtual_clock: bool,
        builtins: crate::value::Names,
    ) -> Rc<Interp> {
        let interp = Interp::build(filename, seed, limits, out, virtual_clock, builtins);
        CURRENT.with(|c| *c.borrow_mut() = Rc::downgrade(&interp));
        let hooks: Rc<dyn KeyHooks> = interp.clone();
        crate::value::install_key_hooks(Rc::downgrade(&hooks));
        interp
    }

    fn build(
        filename: &str,
        seed: u64,
        limits: Limits,
        out: OutputSink,
        virtual_clock: bool,
        builtins: crate::value::Names,
    ) -> Rc<Interp> {
        Rc::new_cyclic(|me| {
            let globals: Namespace = Rc::new(RefCell::new(IndexMap::default()));
            globals
                .borrow_mut()
                .insert("__name__".into(), Value::str("__main__"));
            // The program's path, as CPython sets it for a script.
            globals
                .borrow_mut()
                .insert("__file__".into(), Value::str(filename));
            Interp {
                me: me.clone(),
                globals,
                builtins,
                modules: RefCell::new(HashMap::new()),
                out: RefCell::new(out),
                limits,
                steps: Cell::new(0),
                next_preempt: Cell::new(0),
                depth: Cell::new(0),
                native_depth: Cell::new(0),
                stop: Arc::new(AtomicBool::new(false)),
                rng: RefCell::new(crate::random::Mt19937::new(seed)),
                runtime: RefCell::new(None),
                task_counter: Cell::new(0),
                worker_counter: Cell::new(0),
                in_worker: Cell::new(false),
                owed: Cell::new(std::time::Duration::ZERO),
                tasks: RefCell::new(Vec::new()),
                task_index: RefCell::new(HashMap::new()),
                filename: filename.into(),
                source: RefCell::new("".into()),
                last_caught: RefCell::new(std::rc::Weak::new()),
                text_index: RefCell::default(),
                virtual_clock,
                loops_running: Cell::new(0),
                stdout_lines: RefCell::new(Vec::new()),
                partial_line: RefCell::new(String::new()),
                http: RefCell::new(crate::http::default_backend(
                    crate::mockapi::MockSettings::default(),
                    seed,
                )),
                explain_asserts: Cell::new(false),
                c_module_globals: RefCell::new(Vec::new()),
                source_modules: RefCell::new(Vec::new()),
                line: Cell::new(0),
                lines_begun: Cell::new(0),
                checker: RefCell::new(None),
                fs: RefCell::new(Rc::new(crate::fs::MemoryFs::new())),
                file_settings: Cell::new(crate::fs::FileSettings::default()),
                io_rng: RefCell::new(crate::random::Mt19937::new(seed ^ 0x5f11e5)),
                finalizers: RefCell::new(Vec::new()),
                finalize_due: Cell::new(false),
                async_generators: RefCell::new(Vec::new()),
                task_contexts: RefCell::new(HashMap::new()),
                base_context: RefCell::new(None),
                dict_views: RefCell::new(DictViews::default()),
                module_state: RefCell::new(Vec::new()),
            }
        })
    }

    /// The run's value of type `T`, which a library module keeps here (the
    /// type is the module's own: this layer does not name it), made with
    /// `T::default()` on first use.
    pub(crate) fn module_state<T: std::any::Any + Default>(&self) -> Rc<T> {
        let mut all = self.module_state.borrow_mut();
        let found = all
            .iter()
            .find(|s| <dyn std::any::Any>::is::<T>(&***s))
            .cloned();
        if let Some(state) = found.and_then(|s| s.downcast::<T>().ok()) {
            return state;
        }
        let state = Rc::new(T::default());
        all.push(state.clone());
        state
    }

    /// Replaces the run's value of type `T` (see [`Interp::module_state`]).
    pub(crate) fn set_module_state<T: std::any::Any>(&self, state: Rc<T>) {
        let mut all = self.module_state.borrow_mut();
        all.retain(|s| !<dyn std::any::Any>::is::<T>(&**s));
        all.push(state);
    }

    /// A strong reference to this interpreter.
    ///
    /// # Panics
    ///
    /// Never while the interpreter is alive (callers hold `&self`).
    #[allow(clippy::expect_used)]
    pub fn rc(&self) -> Rc<Interp> {
        self.me.upgrade().expect("interpreter alive while in use")
    }

    /// A flag that stops the program at its next step when set.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        self.stop.clone()
    }

    /// Sends the program's `aiohttp` requests to `backend`.
    pub fn set_http_backend(&self, backend: Rc<dyn crate::http::HttpBackend>) {
        *self.http.borrow_mut() = backend;
    }

    /// Gives the program the workspace `fs` and what its operations cost.
    pub fn set_file_system(
        &self,
        fs: Rc<dyn crate::fs::FileSystem>,
        settings: crate::fs::FileSettings,
    ) {
        *self.fs.borrow_mut() = fs;
        self.file_settings.set(settings);
    }

    /// The program's workspace.
    pub fn file_system(&self) -> Rc<dyn crate::fs::FileSystem> {
        self.fs.borrow().clone()
    }

    /// What file operations cost.
    pub fn file_settings(&self) -> crate::fs::FileSettings {
        self.file_settings.get()
    }

    /// A number in [0, 1) for simulated I/O failures.
    pub fn io_random(&self) -> f64 {
        self.io_rng.borrow_mut().random()
    }

    /// The line of the program's own code running now (0 before any).
    pub fn current_line(&self) -> u32 {
        self.line.get()
    }

    /// [`current_line`](Self::current_line), and how many statements of
    /// the program have begun (the runtime's line source).
    pub fn line_now(&self) -> (u32, u64) {
        (self.line.get(), self.lines_begun.get())
    }

    /// Makes this run an exercise check: `checker` is the checker's
    /// source, and the program's first `learner_lines` lines are the
    /// learner's.
    pub fn set_checker(&self, checker: &str, learner_lines: u32) {
        *self.checker.borrow_mut() = Some((checker.into(), learner_lines));
    }

    /// The checker's source, in a check run.
    pub fn checker_source(&self) -> Option<Rc<str>> {
        self.checker.borrow().as_ref().map(|c| c.0.clone())
    }

    /// How many of the program's first lines are the learner's (all of
    /// them outside a check run).
    pub fn learner_lines(&self) -> u32 {
        match &*self.checker.borrow() {
            Some((_, n)) => *n,
            None => u32::MAX,
        }
    }

    /// Explains failed `assert`s as pytest does (test runs).
    pub fn set_explain_asserts(&self, on: bool) {
        self.explain_asserts.set(on);
    }

    /// pytest's explanation of an `assert` whose parts evaluated to `l`
    /// (and `r` for a comparison), or `None` when it holds. `left_texts`
    /// and `right_texts` are the reprs of the arguments its "where" lines
    /// show by value (`?` for one that failed to evaluate).
    ///
    /// # Errors
    ///
    /// What comparing, testing or `repr()` raises.
    pub(crate) fn explain_assert(
        &self,
        parts: &crate::ir::AssertParts,
        l: &Value,
        r: Option<&Value>,
        left_texts: &[String],
        right_texts: &[String],
    ) -> Result<Option<String>, Exc> {
        use crate::ir::{AssertParts, CmpOp};
        let where_line = |v: &Value,
                          call: &Option<Rc<crate::ir::CallShow>>,
                          texts: &[String]|
         -> Result<Option<String>, Exc> {
            let Some(call) = call else { return Ok(None) };
            // pytest's approx explains itself (below); no "where" for it.
            if call.func.ends_with("approx") {
                return Ok(None);
            }
            let mut by_value = texts.iter();
            let mut shown = Vec::new();
            for (kw, arg) in &call.args {
                let text = match arg {
                    Ok(_) => by_value.next().cloned().unwrap_or_else(|| "?".to_string()),
                    Err(text) => text.to_string(),
                };
                shown.push(match kw {
                    Some(k) => format!("{k}={text}"),
                    None => text,
                });
            }
            Ok(Some(format!(
                "\n +  where {} = {}({})",
                self.repr(v)?,
                call.func,
                shown.join(", ")
            )))
        };
        let message = match (parts, r) {
            (
                AssertParts::Compare {
                    op,
                    left_call,
                    right_call,
                    ..
                },
                Some(r),
            ) => {
                let ok = self.compare(*op, l, r)?;
                if self.truthy(&ok)? {
                    return Ok(None);
                }
                let sym = match op {
                    CmpOp::Eq => "==",
                    CmpOp::NotEq => "!=",
                    CmpOp::Lt => "<",
                    CmpOp::LtE => "<=",
                    CmpOp::Gt => ">",
                    CmpOp::GtE => ">=",
                    CmpOp::Is => "is",
                    CmpOp::IsNot => "is not",
                    CmpOp::In => "in",
                    CmpOp::NotIn => "not in",
                };
                // pytest shortens reprs as its explanations do: to half a
                // line for the `==` of two collections or strings (which it
                // then explains), else to 240 characters.
                let explained = *op == CmpOp::Eq
                    && matches!(
                        (l, r),
                        (Value::Str(_), Value::Str(_))
                            | (
                                Value::List(_) | Value::Tuple(_),
                                Value::List(_) | Value::Tuple(_)
                            )
                            | (Value::Dict(_), Value::Dict(_))
                            | (Value::Set(_), Value::Set(_))
                    );
                let max = if explained {
                    (80 - 15 - sym.len() - 2) / 2
                } else {
                    240
                };
                let short = |v: &Value| -> Result<String, Exc> {
                    let text = self.repr(v)?;
                    let chars: Vec<char> = text.chars().collect();
                    Ok(if chars.len() > max {
                        let i = (max - 3) / 2;
                        let j = max - 3 - i;
                        let head: String = chars[..i].iter().collect();
                        let tail: String = chars[chars.len() - j..].iter().collect();
                        format!("{head}...{tail}")
                    } else {
                        text
                    })
                };
                let mut m = format!("assert {} {sym} {}", short(l)?, short(r)?);
                if let Some(w) = where_line(l, left_call, left_texts)? {
                    m.push_str(&w);
                }
                if let Some(w) = where_line(r, right_call, right_texts)? {
                    m.push_str(&w);
                }
                if right_call
                    .as_ref()
                    .is_some_and(|c| c.func.ends_with("approx"))
                {
                    m.push_str(&format!(
                        "\n\ncomparison failed\nObtained: {}\nExpected: {}",
                        self.repr(l)?,
                        self.repr(r)?
                    ));
                }
                m
            }
            (AssertParts::Truth { negated, call, .. }, _) => {
                if self.truthy(l)? != *negated {
                    return Ok(None);
                }
                let mut m = format!(
                    "assert {}{}",
                    if *negated { "not " } else { "" },
                    self.repr(l)?
                );
                if let Some(w) = where_line(l, call, left_texts)? {
                    m.push_str(&w);
                }
                m
            }
            (AssertParts::Compare { .. }, None) => return Ok(None),
        };
        Ok(Some(message))
    }

    /// Where the program's `aiohttp` requests go.
    pub fn http_backend(&self) -> Rc<dyn crate::http::HttpBackend> {
        self.http.borrow().clone()
    }

    /// Gives the interpreter the program's source, for the tracebacks it
    /// prints while the program runs.
    pub fn set_source(&self, source: &str) {
        *self.source.borrow_mut() = source.into();
    }

    /// The program's source (empty unless [`Interp::set_source`] was
    /// called).
    pub fn source(&self) -> Rc<str> {
        self.source.borrow().clone()
    }

    /// Binds the runtime the program runs on.
    pub fn set_runtime(&self, h: Handle) {
        *self.runtime.borrow_mut() = Some(h);
    }

    /// The runtime, if bound.
    pub fn runtime(&self) -> Option<Handle> {
        self.runtime.borrow().clone().or_else(Handle::try_current)
    }

    /// Writes program output.
    pub fn write(&self, stream: Stream, text: &str) {
        if stream == Stream::Stdout {
            let now = self.runtime().map(|h| h.now().as_secs_f64()).unwrap_or(0.0);
            let mut partial = self.partial_line.borrow_mut();
            partial.push_str(text);
            while let Some(i) = partial.find('\n') {
                let line: String = partial.drain(..=i).collect();
                let mut kept = self.stdout_lines.borrow_mut();
                if kept.len() < self.limits.max_kept_lines {
                    kept.push((now, line.trim_end_matches('\n').to_string()));
                }
            }
            if self.limits.max_kept_lines == 0 {
                partial.clear();
            }
        }
        if let Some(h) = self.runtime() {
            for line in text.split_terminator('\n') {
                h.output(stream, line);
            }
        }
        (self.out.borrow_mut())(stream, text);
    }

    /// Counts one step and enforces the step limit and the stop flag.
    ///
    /// The limit raises `RuntimeError` once; handlers and `finally` blocks
    /// then get [`STEP_GRACE`] more steps (a check's harness reports where
    /// the program looped), after which every step raises.
    #[inline(always)]
    pub fn step(&self) -> Result<(), Exc> {
        let n = self.steps.get() + 1;
        self.steps.set(n);
        if n == self.limits.max_steps + 1
            || n > self.limits.max_steps.saturating_add(STEP_GRACE)
            || (n & 1023 == 0 && self.stop.load(Ordering::Relaxed))
        {
            return Err(self.step_refused(n));
        }
        Ok(())
    }

    /// Why step `n` may not run: the step limit, or the host's Stop.
    #[cold]
    #[inline(never)]
    fn step_refused(&self, n: u64) -> Exc {
        if n == self.limits.max_steps + 1 || n > self.limits.max_steps.saturating_add(STEP_GRACE) {
            Exc::runtime_error(format!(
                "step limit reached: the program ran more than {} steps (is there an endless loop?)",
                self.limits.max_steps
            ))
        } else {
            Exc::of("KeyboardInterrupt", "the program was stopped")
        }
    }

    /// Takes the stdout lines recorded so far (a final unterminated line
    /// included).
    pub fn take_stdout_lines(&self) -> Vec<(f64, String)> {
        let mut lines = std::mem::take(&mut *self.stdout_lines.borrow_mut());
        let rest = std::mem::take(&mut *self.partial_line.borrow_mut());
        if !rest.is_empty() {
            let now = self.runtime().map(|h| h.now().as_secs_f64()).unwrap_or(0.0);
            lines.push((now, rest));
        }
        lines
    }

    /// Whether a frame polled by its task should let the host run now
    /// (every `preempt_every` steps; never on the first check).
    pub(crate) fn preempt_due(&self) -> bool {
        let steps = self.steps.get();
        if steps < self.next_preempt.get() {
            return false;
        }
        let first = self.next_preempt.get() == 0;
        self.next_preempt
            .set(steps + self.limits.preempt_every.max(1));
        !first
    }

    /// Steps executed so far.
    pub fn steps(&self) -> u64 {
        self.steps.get()
    }

    /// Empties `sys.modules`, which holds `sys` itself: the cycle would
    /// otherwise outlive the interpreter.
    fn clear_sys_modules(&self) {
        if let Value::Dict(ref d) = self.sys_modules() {
            let held = std::mem::take(&mut *d.borrow_mut());
            drop(held);
        }
    }

    /// The modules imported so far, as the dict `sys.modules` starts with.
    pub(crate) fn imported_modules(&self) -> Vec<(Rc<str>, Value)> {
        let mut v: Vec<(Rc<str>, Value)> = self
            .modules
            .borrow()
            .iter()
            .map(|(k, m)| (k.clone(), m.clone()))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }

    /// `sys.modules` if `sys` has been imported, else `None`.
    pub(crate) fn sys_modules(&self) -> Value {
        let sys = self.modules.borrow().get("sys").cloned();
        match &sys {
            Some(Value::Native(m)) => m.get_attr(m, "modules").unwrap_or(Value::None),
            _ => Value::None,
        }
    }

    /// Marks `globals` as those of a module standing in for a C module: its
    /// frames stay out of tracebacks.
    #[cfg_attr(not(feature = "full"), allow(dead_code))]
    pub(crate) fn mark_c_module(&self, globals: &Namespace) {
        self.c_module_globals
            .borrow_mut()
            .push(Rc::downgrade(globals));
    }

    /// The library module written in Python whose globals are `globals`.
    pub(crate) fn module_source(
        &self,
        globals: &Namespace,
    ) -> Option<Rc<crate::exc::ModuleSource>> {
        self.source_modules
            .borrow()
            .iter()
            .find(|(w, _)| std::ptr::eq(w.as_ptr(), Rc::as_ptr(globals)))
            .map(|(_, m)| m.clone())
    }

    /// Whether `globals` are those of a module standing in for a C module.
    /// (A weak reference keeps its allocation, so an address is never
    /// reused while it is listed.)
    pub(crate) fn is_c_module(&self, globals: &Namespace) -> bool {
        self.c_module_globals
            .borrow()
            .iter()
            .any(|w| std::ptr::eq(w.as_ptr(), Rc::as_ptr(globals)))
    }

    /// Counts a Python call's depth: `RecursionError` past the recursion
    /// limit, or past [`NATIVE_DEPTH`] for a call that recurses in Rust
    /// (`native`).
    #[inline(always)]
    pub(crate) fn enter_call(&self, native: bool) -> Result<(), Exc> {
        let depth = self.depth.get();
        let native_depth = self.native_depth.get() + u32::from(native);
        if depth >= self.limits.max_depth || native_depth > NATIVE_DEPTH {
            return Err(Exc::of(
                "RecursionError",
                "maximum recursion depth exceeded",
            ));
        }
        self.depth.set(depth + 1);
        self.native_depth.set(native_depth);
        Ok(())
    }

    /// Counts a call like [`Interp::enter_call`] without checking the
    /// limits (a frame already admitted once, resumed).
    pub(crate) fn enter_call_unchecked(&self, native: bool) {
        self.depth.set(self.depth.get() + 1);
        self.native_depth
            .set(self.native_depth.get() + u32::from(native));
    }

    /// A Python call counted by [`Interp::enter_call`] returned.
    #[inline(always)]
    pub(crate) fn leave_call(&self, native: bool) {
        self.depth.set(self.depth.get().saturating_sub(1));
        self.native_depth
            .set(self.native_depth.get().saturating_sub(u32::from(native)));
    }

    /// Whether dropped generators wait to be closed.
    #[inline]
    pub(crate) fn finalize_due(&self) -> bool {
        self.finalize_due.get()
    }

    /// A statement of the program's own code begins on `line`.
    #[inline(always)]
    pub(crate) fn begin_line(&self, line: u32) {
        self.line.set(line);
        self.lines_begun.set(self.lines_begun.get().wrapping_add(1));
    }

    /// Whether failed `assert`s are explained (a test run).
    pub(crate) fn explains_asserts(&self) -> bool {
        self.explain_asserts.get()
    }

    /// The exception `raise v from cause` raises in frame `f`: its cause
    /// set, and the exception being handled as its context.
    pub(crate) fn raise_value(
        &self,
        f: &Frame,
        v: Value,
        cause: Option<Value>,
    ) -> Result<Exc, Exc> {
        let e = self.make_exception(v)?;
        if let Some(cv) = cause {
            let cause = match cv {
                Value::None => None,
                other => Some(self.make_exception(other)?),
            };
            *e.state().cause.borrow_mut() = cause;
            e.state().suppress_context.set(true);
        }
        if let Some(h) = f.handling.last() {
            if !Rc::ptr_eq(&h.0, &e.0) && e.state().context.borrow().is_none() {
                *e.state().context.borrow_mut() = Some(h.clone());
            }
        }
        Ok(e)
    }

    /// Turns a raised value (class or instance) into an exception.
    ///
    /// # Errors
    ///
    /// `TypeError` if it is not an exception.
    pub fn make_exception(&self, v: Value) -> Result<Exc, Exc> {
        match &v {
            Value::Object(o) if o.exc.is_some() => Ok(Exc(o.clone())),
            Value::Class(c) if c.is_subclass(&crate::exc::class("BaseException")) => {
                let inst = self.call(&v, Args::default())?;
                self.make_exception(inst)
            }
            _ => Err(Exc::type_error("exceptions must derive from BaseException")),
        }
    }

    pub(crate) fn exception_matches(&self, e: &Exc, class: &Value) -> Result<bool, Exc> {
        match class {
            Value::Class(c) => Ok(e.class().is_subclass(c)),
            Value::Tuple(items) => {
                for c in items.iter() {
                    if self.exception_matches(e, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(Exc::type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// A context manager's `__enter__` and `__exit__` (or `__aenter__`
    /// and `__aexit__`), with CPython's error when it has none.
    pub(crate) fn context_methods(
        &self,
        mgr: &Value,
        is_async: bool,
    ) -> Result<(Value, Value), Exc> {
        let (enter_name, exit_name) = if is_async {
            ("__aenter__", "__aexit__")
        } else {
            ("__enter__", "__exit__")
        };
        let enter = self.getattr(mgr, enter_name).map_err(|_| {
            Exc::type_error(format!(
                "'{}' object does not support the {}context manager protocol",
                mgr.type_name(),
                if is_async { "asynchronous " } else { "" }
            ))
        })?;
        let exit = self.getattr(mgr, exit_name)?;
        Ok((enter, exit))
    }

    /// Enters a (synchronous) context manager: its `__exit__`, and what
    /// `__enter__` returned.
    pub(crate) fn enter_context(&self, mgr: &Value) -> Result<(Value, Value), Exc> {
        let (enter, exit) = self.context_methods(mgr, false)?;
        let entered = self.call(&enter, Args::default())?;
        Ok((exit, entered))
    }

    pub(crate) fn closure_cells(
        &self,
        f: &Frame,
        def: &FuncDef,
    ) -> Vec<Rc<RefCell<Option<Value>>>> {
        let mut cells: Vec<Rc<RefCell<Option<Value>>>> =
            (0..def.own_cells).map(|_| cell(None)).collect();
        for i in &def.freevars_from {
            cells.push(
                f.cells
                    .get(*i as usize)
                    .cloned()
                    .unwrap_or_else(|| cell(None)),
            );
        }
        cells
    }

    // ------------------------------------------------------------ variables

    pub(crate) fn load(&self, f: &Frame, v: &Var) -> Result<Value, Exc> {
        match v {
            Var::Local(i, name) => f.locals[*i as usize].clone().ok_or_else(|| {
                Exc::of("UnboundLocalError", format!("cannot access local variable '{name}' where it is not associated with a value"))
            }),
            Var::Cell(i, name) => f.cells.get(*i as usize).and_then(|c| c.borrow().clone()).ok_or_else(|| {
                Exc::of(
                    "NameError",
                    format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
                )
            }),
            Var::Global(name) => self
                .load_global(&f.globals, name)
                .map_err(|e| self.suggest_name(e, f, name)),
            Var::Class(name) => {
                if let Some(ns) = &f.class_ns {
                    if let Some(v) = ns.borrow().get(name) {
                        return Ok(v.clone());
                    }
                }
                self.load_global(&f.globals, name)
                    .map_err(|e| self.suggest_name(e, f, name))
            }
        }
    }

    /// Lets a `NameError` suggest a close name in scope when it is printed:
    /// the frame's bound locals, then its globals, then the builtins.
    pub(crate) fn suggest_name(&self, e: Exc, f: &Frame, name: &Rc<str>) -> Exc {
        if e.is("NameError") {
            let locals: Vec<Rc<str>> = f
                .def
                .local_names
                .iter()
                .zip(f.locals.iter())
                .filter(|(_, v)| v.is_some())
                .map(|(n, _)| n.clone())
                .collect();
            let globals: Vec<Rc<str>> = f.globals.borrow().keys().cloned().collect();
            let builtins: Vec<Rc<str>> = self.builtins.keys().cloned().collect();
            *e.state().suggest.borrow_mut() = Some(crate::exc::Suggest::Names(
                name.clone(),
                vec![locals, globals, builtins],
            ));
        }
        e
    }

    pub(crate) fn load_global(&self, globals: &Namespace, name: &Rc<str>) -> Result<Value, Exc> {
        if let Some(v) = globals.borrow().get(name) {
            return Ok(v.clone());
        }
        if let Some(v) = self.builtins.get(name) {
            return Ok(v.clone());
        }
        Err(Exc::of(
            "NameError",
            format!("name '{name}' is not defined"),
        ))
    }

    pub(crate) fn store(&self, f: &mut Frame, v: &Var, value: Value) -> Result<(), Exc> {
        match v {
            Var::Local(i, _) => f.locals[*i as usize] = Some(value),
            Var::Cell(i, _) => {
                if let Some(c) = f.cells.get(*i as usize) {
                    *c.borrow_mut() = Some(value);
                }
            }
            Var::Global(name) => {
                f.globals.borrow_mut().insert(name.clone(), value);
            }
            Var::Class(name) => match &f.class_ns {
                Some(ns) => {
                    ns.borrow_mut().insert(name.clone(), value);
                }
                None => {
                    f.globals.borrow_mut().insert(name.clone(), value);
                }
            },
        }
        Ok(())
    }

    pub(crate) fn unbind(&self, f: &mut Frame, v: &Var) -> Result<(), Exc> {
        let missing = || Exc::of("NameError", format!("name '{}' is not defined", v.name()));
        match v {
            Var::Local(i, _) => f.locals[*i as usize].take().map(|_| ()).ok_or_else(missing),
            Var::Cell(i, _) => f
                .cells
                .get(*i as usize)
                .and_then(|c| c.borrow_mut().take())
                .map(|_| ())
                .ok_or_else(missing),
            Var::Global(name) => f
                .globals
                .borrow_mut()
                .shift_remove(name)
                .map(|_| ())
                .ok_or_else(missing),
            Var::Class(name) => match &f.class_ns {
                Some(ns) => ns
                    .borrow_mut()
                    .shift_remove(name)
                    .map(|_| ())
                    .ok_or_else(missing),
                None => f
                    .globals
                    .borrow_mut()
                    .shift_remove(name)
                    .map(|_| ())
                    .ok_or_else(missing),
            },
        }
    }

    // ---------------------------------------------------------- expressions

    // ---------------------------------------------------------------- calls

    /// What a blocking call (`time.sleep`, a synchronous file read) costs:
    /// on the loop's thread the whole loop stalls for `d`, visibly; on a
    /// worker thread only that thread waits, once the call returns, and the
    /// loop runs meanwhile (`modules::threads`).
    pub(crate) fn block_for(&self, d: std::time::Duration) {
        if self.in_worker.get() {
            self.owed.set(self.owed.get() + d);
        } else if let Some(h) = self.runtime() {
            h.block_for(d);
        }
    }

    /// The time the running worker thread's blocking calls have taken since
    /// it last waited (zero on the loop's thread).
    pub(crate) fn take_owed(&self) -> std::time::Duration {
        self.owed.replace(std::time::Duration::ZERO)
    }

    pub(crate) fn new_frame(&self, func: &Rc<Function>, mut args: Args) -> Result<Frame, Exc> {
        let def = &func.def;
        let p = &def.params;
        let mut locals: Vec<Option<Value>> = vec![None; def.nlocals as usize];
        let npos = p.positional.len();
        let fname = &def.qualname;
        // Positional arguments.
        let given = args.pos.len();
        let mut extra = Vec::new();
        for (i, v) in args.pos.drain(..).enumerate() {
            if i < npos {
                locals[i] = Some(v);
            } else {
                extra.push(v);
            }
        }
        let mut slot = npos;
        if let Some(_va) = &p.varargs {
            locals[slot] = Some(Value::tuple(extra));
            slot += 1;
        } else if !extra.is_empty() {
            let required = npos - p.defaults;
            let takes = if p.defaults > 0 {
                format!("from {required} to {npos}")
            } else {
                npos.to_string()
            };
            return Err(Exc::type_error(format!(
                "{fname}() takes {takes} positional argument{} but {given} {} given",
                if npos == 1 && p.defaults == 0 {
                    ""
                } else {
                    "s"
                },
                if given == 1 { "was" } else { "were" }
            )));
        }
        let kw_start = slot;
        slot += p.kwonly.len();
        let varkw_slot = if p.varkw.is_some() { Some(slot) } else { None };
        let mut varkw = Dict::default();
        // Keyword arguments.
        let mut kws = args.kw.drain(..);
        while let Some((k, v)) = kws.next() {
            if let Some(i) = p.positional.iter().position(|n| *n == k) {
                if i < p.positional_only {
                    if varkw_slot.is_some() {
                        varkw.insert(Key(Value::Str(k)), v);
                        continue;
                    }
                    // Every positional-only parameter given by keyword,
                    // in the parameters' order.
                    let only = &p.positional[..p.positional_only];
                    let mut given: Vec<Rc<str>> = vec![k];
                    given.extend(kws.by_ref().map(|(n, _)| n).filter(|n| only.contains(n)));
                    let names: Vec<&str> = only
                        .iter()
                        .filter(|n| given.contains(n))
                        .map(|n| &**n)
                        .collect();
                    return Err(Exc::type_error(format!(
                        "{fname}() got some positional-only arguments passed as keyword arguments: '{}'",
                        names.join(", ")
                    )));
                }
                if locals[i].is_some() {
                    return Err(Exc::type_error(format!(
                        "{fname}() got multiple values for argument '{k}'"
                    )));
                }
                locals[i] = Some(v);
            } else if let Some(i) = p.kwonly.iter().position(|n| *n == k) {
                locals[kw_start + i] = Some(v);
            } else if varkw_slot.is_some() {
                varkw.insert(Key(Value::Str(k)), v);
            } else {
                return Err(Exc::type_error(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )));
            }
        }
        // Defaults.
        let first_default = npos - p.defaults;
        let mut missing = Vec::new();
        for (i, local) in locals.iter_mut().enumerate().take(npos) {
            if local.is_none() {
                if i >= first_default {
                    *local = func.defaults.get(i - first_default).cloned();
                } else {
                    missing.push(p.positional[i].clone());
                }
            }
        }
        if !missing.is_empty() {
            return Err(Exc::type_error(format!(
                "{fname}() missing {} required positional argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
        let mut kw_missing = Vec::new();
        for (i, n) in p.kwonly.iter().enumerate() {
            if locals[kw_start + i].is_none() {
                match func.kw_defaults.iter().find(|(k, _)| k == n) {
                    Some((_, v)) => locals[kw_start + i] = Some(v.clone()),
                    None => kw_missing.push(n.clone()),
                }
            }
        }
        if !kw_missing.is_empty() {
            return Err(Exc::type_error(format!(
                "{fname}() missing {} required keyword-only argument{}: {}",
                kw_missing.len(),
                if kw_missing.len() == 1 { "" } else { "s" },
                name_list(&kw_missing)
            )));
        }
        if let Some(s) = varkw_slot {
            locals[s] = Some(Value::dict(varkw));
        }
        let mut cells: Vec<Rc<RefCell<Option<Value>>>> =
            (0..def.own_cells).map(|_| cell(None)).collect();
        for (slot, ci) in &def.param_cells {
            if let Some(c) = cells.get(*ci as usize) {
                *c.borrow_mut() = locals[*slot as usize].take();
            }
        }
        cells.extend(func.closure.iter().cloned());
        // `super()` and `__class__` inside methods.
        let class_ns = None;
        let mut frame = Frame {
            locals,
            cells,
            def: def.clone(),
            globals: func.globals.clone(),
            class_ns,
            chan: None,
            handling: Vec::new(),
            pos: def.pos,
            id: frame_id(),
            class_value: None,
            class_cell: None,
            can_yield: false,
        };
        frame.class_value = class_of_cell(func);
        frame.can_yield = matches!(def.kind, FuncKind::Coroutine | FuncKind::AsyncGenerator);
        Ok(frame)
    }
}

/// The class a function's class cell holds, if it has one and the class
/// still exists.
fn class_of_cell(func: &Function) -> Option<Value> {
    let cell = func.class_cell.as_ref()?;
    let class = cell.borrow().upgrade()?;
    Some(Value::Class(class))
}

impl Interp {
    /// The frame of a call whose arguments are already in their slots
    /// (`locals`, as long as the function's locals), for functions with
    /// neither cell parameters nor `*args`/`**kwargs`.
    pub(crate) fn simple_frame(&self, func: &Rc<Function>, locals: Vec<Option<Value>>) -> Frame {
        let def = &func.def;
        let mut cells: Vec<Rc<RefCell<Option<Value>>>> = Vec::new();
        if def.own_cells > 0 || !func.closure.is_empty() {
            cells.extend((0..def.own_cells).map(|_| cell(None)));
            cells.extend(func.closure.iter().cloned());
        }
        Frame {
            locals,
            cells,
            def: def.clone(),
            globals: func.globals.clone(),
            class_ns: None,
            chan: None,
            handling: Vec::new(),
            pos: def.pos,
            id: frame_id(),
            class_value: class_of_cell(func),
            class_cell: None,
            can_yield: false,
        }
    }
}

impl Frame {
    /// Makes this frame, emptied for reuse and its locals holding the
    /// arguments, the frame of a call like [`Interp::simple_frame`]'s.
    /// What it shares with the frame it was (the function, the globals)
    /// is kept rather than counted again.
    pub(crate) fn refill(&mut self, func: &Rc<Function>) {
        let def = &func.def;
        self.locals.resize(def.nlocals as usize, None);
        if def.own_cells > 0 || !func.closure.is_empty() {
            self.cells.extend((0..def.own_cells).map(|_| cell(None)));
            self.cells.extend(func.closure.iter().cloned());
        }
        if !Rc::ptr_eq(&self.def, def) {
            self.def = def.clone();
        }
        if !Rc::ptr_eq(&self.globals, &func.globals) {
            self.globals = func.globals.clone();
        }
        self.class_ns = None;
        self.chan = None;
        self.pos = def.pos;
        self.id = frame_id();
        self.class_value = class_of_cell(func);
        self.class_cell = None;
        self.can_yield = false;
    }
}

impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Frame")
            .field("function", &self.def.qualname)
            .field("pos", &self.pos)
            .finish_non_exhaustive()
    }
}

impl Frame {
    /// The frame of a module body `def` running in `globals`.
    pub(crate) fn module(def: &Rc<FuncDef>, globals: Namespace) -> Frame {
        Frame {
            locals: vec![None; def.nlocals as usize],
            cells: (0..def.own_cells).map(|_| cell(None)).collect(),
            def: def.clone(),
            globals,
            class_ns: None,
            chan: None,
            handling: Vec::new(),
            pos: def.pos,
            id: frame_id(),
            class_value: None,
            class_cell: None,
            can_yield: false,
        }
    }

    /// A frame for a generator or coroutine body created elsewhere.
    pub(crate) fn set_chan(&mut self, chan: Rc<Channel>) {
        self.chan = Some(chan);
    }
}

fn name_list(names: &[Rc<str>]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        _ => format!(
            "{}, and {}",
            quoted[..quoted.len() - 1].join(", "),
            quoted[quoted.len() - 1]
        ),
    }
}
