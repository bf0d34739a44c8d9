//! The Looplab interpreter: the asyncio-flavoured subset of Python that
//! Looplab runs, evaluated on `looplab-core`, so every task of a program is
//! a runtime task and shows in the trace.
//!
//! ```
//! use looplab_script::{run, Options};
//!
//! let out = run("import asyncio\nasync def main():\n    await asyncio.sleep(1)\n    print('done')\nasyncio.run(main())\n", &Options::default());
//! assert_eq!(out.stdout, "done\n");
//! assert!(out.error.is_none());
//! ```
//!
//! # Layers
//!
//! The modules are layered, lowest first; a module refers only to its own
//! layer and those below. `tests/layers.rs` holds the table, checks every
//! `crate::` path against it, and lists the upward references that remain
//! (that list may only shrink).
//!
//! 0. leaves: `random`, `knobs`, `printable_table`, `text`
//! 1. syntax: `syntax`, `ir`, `compile` (source to IR)
//! 2. host seams: `http`, `mockapi`, `fs`
//! 3. object model: `value`, `dict`, `classes`, `exc`, `bigint`, `plain`
//! 4. interpreter state: `interp`
//! 5. protocols: `ops`, `attr`, `format`, `traceback`, `slices`
//! 6. built-in types: `methods`, `builtins`, `bytearray`, `frozenset`,
//!    `collections_abc`
//! 7. evaluator: `vm`, `gen`
//! 8. library modules: `modules` and its children
//! 9. this file: the public API that builds an interpreter and runs a
//!    program

mod attr;
pub mod bigint;
pub mod builtins;
mod bytearray;
mod classes;
mod collections_abc;
mod compile;
mod dict;
pub mod exc;
pub mod format;
mod frozenset;
pub mod fs;
mod gen;
pub mod http;
pub mod interp;
pub mod ir;
pub mod knobs;
mod methods;
pub mod mockapi;
pub mod modules;
mod ops;
mod plain;
mod printable_table;
mod random;
mod slices;
pub mod syntax;
mod text;
mod traceback;
pub mod value;
mod vm;

pub use compile::{compile_module, CompileError};
pub use interp::Limits;
/// Which stream program output goes to.
pub use looplab_core::trace::Stream as OutStream;
pub use traceback::{summary_with_suggestion, traceback_text, traceback_with_source};

use looplab_core::trace::Stream;
use looplab_core::{Config, Runtime, VirtualClock};
use std::cell::RefCell;
use std::rc::Rc;

/// Which clock a run uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// Virtual time: sleeps take no time; the same program gives the same
    /// output and trace every time.
    #[default]
    Virtual,
    /// Wall-clock time (native runs only).
    Real,
}

/// How to run a program.
#[derive(Clone, Debug)]
pub struct Options {
    /// The file name used in messages.
    pub filename: String,
    /// The clock.
    pub clock: Clock,
    /// The seed of `random` (programs can re-seed).
    pub seed: u64,
    /// Limits.
    pub limits: Limits,
    /// Whether to record a trace.
    pub trace: bool,
    /// The simulated mock API's latency, jitter and failure rate (used
    /// unless a host gives the session its own network with
    /// [`Session::set_http_backend`]).
    pub mock: mockapi::MockSettings,
    /// The workspace the program's files live in (a host with a workspace
    /// of its own gives it with [`Session::set_file_system`]).
    pub files: fs::Workspace,
    /// What file operations cost on the run's clock.
    pub file_costs: fs::FileSettings,
    /// Makes the SQL engine behind `asyncpg` (none: `connect` says the
    /// host has no database; a host can also give one to a started
    /// [`Session`]).
    pub sql: Option<modules::asyncpg::SqlBackendFactory>,
    /// What database work costs on the run's clock.
    pub db_costs: modules::asyncpg::DbSettings,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            filename: "main.py".into(),
            clock: Clock::Virtual,
            seed: 0,
            limits: Limits::default(),
            trace: false,
            mock: mockapi::MockSettings::default(),
            files: fs::Workspace::default(),
            file_costs: fs::FileSettings::default(),
            sql: None,
            db_costs: modules::asyncpg::DbSettings::default(),
        }
    }
}

/// A program's error, as Python would report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgramError {
    /// It did not compile: `FILE:LINE:COL: message`.
    Syntax {
        /// The message.
        message: String,
        /// Line (1-based).
        line: u32,
        /// Column (1-based).
        col: u32,
    },
    /// It raised an exception nobody caught.
    Uncaught {
        /// `ValueError: boom`.
        summary: String,
        /// The traceback Python would print, header included.
        traceback: String,
        /// `SystemExit`'s code, if that is what ended it.
        exit_code: Option<i32>,
    },
    /// The runtime found a deadlock.
    Deadlock(String),
}

/// What a run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Everything written to standard output.
    pub stdout: String,
    /// Everything written to standard error (tracebacks included).
    pub stderr: String,
    /// The error that ended the program, if any.
    pub error: Option<ProgramError>,
    /// The trace, when requested, as Chrome Trace Event Format JSON (from
    /// [`run`], [`run_with`] and [`Session::run_blocking`]; hosts that
    /// drain the trace as events get none).
    pub trace_json: Option<String>,
    /// The trace as JSON lines, when requested (as `trace_json`).
    pub trace_lines: Option<String>,
    /// Virtual (or wall) seconds the program took.
    pub elapsed: f64,
    /// Each stdout line with the clock reading when it was completed.
    pub stdout_lines: Vec<(f64, String)>,
    /// For a test run ([`run_tests`]): each test's result, in order.
    pub tests: Vec<modules::testing::TestCase>,
    /// For an exercise check ([`Session::start_check`]): each
    /// requirement's verdict, in order.
    pub checks: Vec<modules::checking::CheckRecord>,
    /// For an uncaught exception: the innermost line of the program's own
    /// code it passed through (in a check, of the learner's code only).
    pub error_line: Option<u32>,
}

impl Outcome {
    /// The process exit code Python would give: 0, 1 for an exception or
    /// a syntax error (`python3 main.py` exits with 1 for both), or
    /// `sys.exit`'s code.
    pub fn exit_code(&self) -> i32 {
        match &self.error {
            None => 0,
            Some(ProgramError::Uncaught {
                exit_code: Some(c), ..
            }) => *c,
            Some(_) => 1,
        }
    }
}

/// Compiles and runs `source`, collecting its output. Streaming output to a
/// sink as it is written is what [`run_with`] does.
pub fn run(source: &str, opts: &Options) -> Outcome {
    let out = Rc::new(RefCell::new((String::new(), String::new())));
    let sink = out.clone();
    let mut outcome = run_with(
        source,
        opts,
        Box::new(move |stream, text| {
            let mut o = sink.borrow_mut();
            match stream {
                Stream::Stdout => o.0.push_str(text),
                Stream::Stderr => o.1.push_str(text),
            }
        }),
    );
    let (stdout, stderr) = out.borrow().clone();
    outcome.stdout = stdout;
    outcome.stderr = format!("{stderr}{}", outcome.stderr);
    outcome
}

/// Compiles and runs `source`, sending output to `sink` as it is written.
/// The returned outcome's `stdout` is empty; its `stderr` holds only the
/// final traceback, if any.
pub fn run_with(source: &str, opts: &Options, sink: interp::OutputSink) -> Outcome {
    let host: Rc<dyn looplab_core::Host> = match opts.clock {
        Clock::Virtual => Rc::new(VirtualClock::new()),
        #[cfg(not(target_arch = "wasm32"))]
        Clock::Real => Rc::new(looplab_core::SystemClock::new()),
        #[cfg(target_arch = "wasm32")]
        Clock::Real => Rc::new(VirtualClock::new()),
    };
    match Session::start(source, opts, host, sink) {
        Ok(session) => session.run_blocking(),
        Err(outcome) => *outcome,
    }
}

/// The program a test run runs: `source`, then the pytest-style runner
/// over what it defined. The source's own lines keep their numbers.
pub fn test_program(source: &str, filename: &str) -> String {
    let name = filename.rsplit('/').next().unwrap_or(filename);
    format!(
        "{source}\nimport pytest as __looplab_pytest\n__looplab_pytest._pt_main(globals(), {})\n",
        crate::modules::stdlib::json::quote(name, false)
    )
}

/// Runs the `test*` functions `source` defines, pytest-style (fixtures,
/// `@pytest.mark.asyncio`, `parametrize`, explained `assert`s; each async
/// test on a fresh event loop), printing pytest's `-v` report on stdout.
/// The outcome's [`tests`](Outcome::tests) holds each result; its exit
/// code is pytest's (0 all passed, 1 some failed, 5 none collected).
pub fn run_tests(source: &str, opts: &Options, sink: interp::OutputSink) -> Outcome {
    let host: Rc<dyn looplab_core::Host> = Rc::new(VirtualClock::new());
    match Session::start_tests(source, opts, host, sink) {
        Ok(session) => session.run_blocking(),
        Err(outcome) => *outcome,
    }
}

/// The program an exercise check runs: the learner's `source`, then the
/// harness, which loads the checker and runs its scenario against what the
/// source defined. The source's own lines keep their numbers.
pub fn check_program(source: &str) -> String {
    let sep = if source.ends_with('\n') || source.is_empty() {
        ""
    } else {
        "\n"
    };
    format!("{source}{sep}import looplab_check as __looplab_check\n__looplab_check._lc_main(globals())\n")
}

/// A horizon in words: `1 hour`, `10 min`, `90 s`.
fn fmt_horizon(secs: f64) -> String {
    if secs >= 3600.0 && (secs / 3600.0).fract() == 0.0 {
        let h = secs / 3600.0;
        format!("{h} hour{}", if h == 1.0 { "" } else { "s" })
    } else if secs >= 60.0 && (secs / 60.0).fract() == 0.0 {
        format!("{} min", secs / 60.0)
    } else {
        format!("{secs} s")
    }
}

/// A syntax error's message with its class, as CPython's last line says
/// it: `SyntaxError: expected ':'`; an indentation error's message already
/// carries its class (`IndentationError: unexpected indent`).
pub fn syntax_error_text(message: &str) -> String {
    if message.starts_with("IndentationError: ") || message.starts_with("TabError: ") {
        message.to_string()
    } else {
        format!("SyntaxError: {message}")
    }
}

/// The source line of a syntax error and the caret line under it, as
/// CPython shows them: the line without its indentation, four spaces in,
/// and `width` carets from the column (1-based; the node at fault, as
/// CPython underlines a compiler's error); for a forgotten comma `^^^` under
/// both expressions, for Python 2's `print x` under the statement, at the
/// end of a line whose dedent matches no block, and no caret where CPython
/// prints none. Nothing for a line past the end.
pub fn syntax_caret(source: &str, line: u32, col: u32, width: u32, message: &str) -> String {
    let Some(text) = source.lines().nth(line.saturating_sub(1) as usize) else {
        return String::new();
    };
    let text = text.trim_end();
    let stripped = text.trim_start();
    if stripped.is_empty() {
        return String::new();
    }
    let chars: Vec<char> = stripped.chars().collect();
    let indent = text.chars().count() - chars.len();
    let at = (col.saturating_sub(1) as usize)
        .saturating_sub(indent)
        .min(chars.len());
    let (from, width) = if message.starts_with("IndentationError: unexpected indent")
        || (message.starts_with("expected 'except' or 'finally' block") && indent > 0)
    {
        return format!("    {stripped}\n");
    } else if message.starts_with("IndentationError: unindent does not match") {
        (chars.len(), 1)
    } else if message.starts_with("Missing parentheses in call to 'print'") {
        (0, chars.len())
    } else if message.ends_with("Perhaps you forgot a comma?") {
        comma_span(&chars, at)
    } else if message.starts_with("':' expected after dictionary key") {
        // Under the key, not the token after it.
        let mut k = at;
        while k > 0 && chars[k - 1].is_whitespace() {
            k -= 1;
        }
        let key_end = k;
        while k > 0
            && (chars[k - 1].is_alphanumeric() || matches!(chars[k - 1], '_' | '.' | '"' | '\''))
        {
            k -= 1;
        }
        (k, key_end.saturating_sub(k).min(1))
    } else {
        (at, width as usize)
    };
    format!(
        "    {stripped}\n    {}{}\n",
        " ".repeat(from),
        "^".repeat(width.max(1))
    )
}

/// Where CPython underlines a forgotten comma: from the start of the
/// expression before `at` to the end of the one starting at `at`.
fn comma_span(chars: &[char], at: usize) -> (usize, usize) {
    let stops = |c: char| matches!(c, ',' | '(' | '[' | '{' | '=' | ':');
    let mut end = at;
    while end < chars.len()
        && !chars[end].is_whitespace()
        && !stops(chars[end])
        && !matches!(chars[end], ')' | ']' | '}')
    {
        end += 1;
    }
    let mut start = at;
    let mut quote: Option<char> = None;
    while start > 0 {
        let c = chars[start - 1];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if stops(c) => break,
            None => {}
        }
        start -= 1;
    }
    while start < at && chars[start].is_whitespace() {
        start += 1;
    }
    (start, end.saturating_sub(start))
}

/// The outcome of a program that does not compile.
fn syntax_outcome(e: CompileError, filename: &str, source: &str) -> Box<Outcome> {
    Box::new(Outcome {
        stderr: format!(
            "  File \"{filename}\", line {}\n{}{}\n",
            e.pos.line,
            syntax_caret(source, e.pos.line, e.pos.col, e.width, &e.message),
            syntax_error_text(&e.message)
        ),
        error: Some(ProgramError::Syntax {
            message: e.message,
            line: e.pos.line,
            col: e.pos.col,
        }),
        ..Outcome::default()
    })
}

/// What [`Session::tick`] left behind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Work is still runnable: tick again after letting the host render.
    Busy,
    /// Nothing is runnable; tick again at this instant (the next timer).
    Sleeping(looplab_core::Instant),
    /// Nothing is runnable and no timer is pending, but requests are in
    /// flight: tick again when one completes (the host's waker says so).
    Waiting,
    /// The program has finished (or is deadlocked): call
    /// [`Session::finish`].
    Finished,
}

/// A program started on a host and driven step by step: what an
/// event-driven host (the browser) uses instead of [`run_with`].
///
/// ```
/// use looplab_script::{Options, Progress, Session};
/// use looplab_core::VirtualClock;
/// use std::rc::Rc;
///
/// let clock = Rc::new(VirtualClock::new());
/// let src = "import asyncio\nasync def main():\n    await asyncio.sleep(2)\n    print('hi')\nasyncio.run(main())\n";
/// let session = Session::start(src, &Options::default(), clock.clone(), Box::new(|_, _| {})).ok().unwrap();
/// loop {
///     match session.tick(10_000) {
///         Progress::Finished => break,
///         Progress::Sleeping(t) => clock.advance_to(t),
///         _ => {}
///     }
/// }
/// assert_eq!(session.finish().stdout_lines, vec![(2.0, "hi".to_string())]);
/// ```
pub struct Session {
    rt: Runtime,
    host: Rc<dyn looplab_core::Host>,
    interp: Rc<interp::Interp>,
    main: looplab_core::JoinHandle<value::Value, exc::Exc>,
    source: String,
    filename: String,
    trace: bool,
    deadlock: RefCell<Option<looplab_core::RunError>>,
    /// What [`wind_down`](Session::wind_down) reported, for stderr.
    wound_down: RefCell<Option<String>>,
    /// The virtual-time horizon ([`Limits::virtual_horizon`]), if any.
    horizon: Option<looplab_core::Instant>,
    /// The timer past the horizon the run was stopped at.
    horizon_hit: std::cell::Cell<Option<looplab_core::Instant>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("filename", &self.filename)
            .field("finished", &self.main.is_finished())
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Compiles `source` and starts it on `host` (nothing runs until the
    /// first [`tick`](Session::tick)).
    ///
    /// # Errors
    ///
    /// A syntax error, as the outcome the run would have had.
    pub fn start(
        source: &str,
        opts: &Options,
        host: Rc<dyn looplab_core::Host>,
        sink: interp::OutputSink,
    ) -> Result<Session, Box<Outcome>> {
        let def = compile_module(source).map_err(|e| syntax_outcome(e, &opts.filename, source))?;
        let rt = Runtime::with_config(
            host.clone(),
            Config {
                trace: opts.trace,
                ..Config::default()
            },
        );
        let interp = interp::Interp::new(
            &opts.filename,
            opts.seed,
            opts.limits.clone(),
            sink,
            opts.clock == Clock::Virtual,
        );
        interp.set_runtime(rt.handle());
        let weak = Rc::downgrade(&interp);
        rt.set_line_source(Rc::new(move || {
            weak.upgrade().map_or((0, 0), |i| i.line_now())
        }));
        interp.set_source(source);
        interp.set_http_backend(http::default_backend(opts.mock, opts.seed));
        interp.set_file_system(opts.files.open(), opts.file_costs);
        interp.set_sql(opts.sql.map(|make| make()), opts.db_costs);
        let main = rt.spawn_named("<module>", interp.run_module(def));
        Ok(Session {
            rt,
            host,
            interp,
            main,
            source: source.to_string(),
            filename: opts.filename.clone(),
            trace: opts.trace,
            deadlock: RefCell::new(None),
            wound_down: RefCell::new(None),
            horizon: match (opts.clock, opts.limits.virtual_horizon) {
                (Clock::Virtual, Some(h)) if h.is_finite() && h >= 0.0 => {
                    Some(looplab_core::Instant::from_secs_f64(h))
                }
                _ => None,
            },
            horizon_hit: std::cell::Cell::new(None),
        })
    }

    /// Like [`start`](Session::start), for a test run of `source` (see
    /// [`run_tests`]): the program, then the pytest-style runner.
    ///
    /// # Errors
    ///
    /// A syntax error, as the outcome the run would have had.
    pub fn start_tests(
        source: &str,
        opts: &Options,
        host: Rc<dyn looplab_core::Host>,
        sink: interp::OutputSink,
    ) -> Result<Session, Box<Outcome>> {
        let program = test_program(source, &opts.filename);
        let session = Session::start(&program, opts, host, sink)?;
        // Imported by pytest, a test module is not `__main__`.
        let stem = opts
            .filename
            .rsplit('/')
            .next()
            .unwrap_or("main.py")
            .trim_end_matches(".py")
            .to_string();
        session
            .interp
            .globals
            .borrow_mut()
            .insert("__name__".into(), value::Value::str(stem));
        Ok(session)
    }

    /// Like [`start`](Session::start), for an exercise check: the learner's
    /// `source` (its module body runs first, with `__name__` set to
    /// `"solution"`, so a `__main__` guard keeps its demo out), then the
    /// harness running `checker` (an exercise's checker module, Python
    /// source) against it. The outcome's [`checks`](Outcome::checks) holds
    /// the verdicts.
    ///
    /// # Errors
    ///
    /// A syntax error in `source`, as the outcome the run would have had.
    pub fn start_check(
        source: &str,
        checker: &str,
        opts: &Options,
        host: Rc<dyn looplab_core::Host>,
        sink: interp::OutputSink,
    ) -> Result<Session, Box<Outcome>> {
        // A syntax error is the learner's: report it against their source.
        compile_module(source).map_err(|e| syntax_outcome(e, &opts.filename, source))?;
        let session = Session::start(&check_program(source), opts, host, sink)?;
        let lines = u32::try_from(source.lines().count()).unwrap_or(u32::MAX);
        session.interp.set_checker(checker, lines);
        session
            .interp
            .globals
            .borrow_mut()
            .insert("__name__".into(), value::Value::str("solution"));
        Ok(session)
    }

    /// Runs up to `max_steps` task steps (timers that are due fire first)
    /// and says what to do next.
    pub fn tick(&self, max_steps: usize) -> Progress {
        let progress = self.advance(max_steps);
        if progress == Progress::Finished {
            self.wind_down();
        }
        progress
    }

    fn advance(&self, max_steps: usize) -> Progress {
        if self.is_finished() {
            return Progress::Finished;
        }
        let t = self.rt.tick(max_steps);
        if self.main.is_finished() {
            return Progress::Finished;
        }
        match t {
            looplab_core::Tick::Busy => Progress::Busy,
            looplab_core::Tick::Sleeping(at) if self.horizon.is_some_and(|h| at > h) => {
                self.horizon_hit.set(Some(at));
                Progress::Finished
            }
            looplab_core::Tick::Sleeping(at) => Progress::Sleeping(at),
            looplab_core::Tick::Idle if self.rt.pending_external() > 0 => Progress::Waiting,
            looplab_core::Tick::Idle => {
                *self.deadlock.borrow_mut() = Some(self.rt.deadlock());
                Progress::Finished
            }
        }
    }

    /// Sends the program's `aiohttp` requests to `backend` (the browser's
    /// `fetch`) instead of the simulated mock API.
    pub fn set_http_backend(&self, backend: Rc<dyn http::HttpBackend>) {
        self.interp.set_http_backend(backend);
    }

    /// Gives the program the workspace `fs` instead of the one its options
    /// name (the browser's engine keeps its workspace between runs).
    pub fn set_file_system(&self, fs: Rc<dyn fs::FileSystem>) {
        let costs = self.interp.file_settings();
        self.interp.set_file_system(fs, costs);
    }

    /// Gives `asyncpg` the SQL engine `backend` (the browser's lazily
    /// loaded module).
    pub fn set_sql_backend(&self, backend: Rc<dyn modules::asyncpg::SqlBackend>) {
        let costs = self.interp.db_world_settings();
        self.interp.set_sql(Some(backend), costs);
    }

    /// Whether the program has finished (or deadlocked).
    pub fn is_finished(&self) -> bool {
        self.main.is_finished()
            || self.deadlock.borrow().is_some()
            || self.horizon_hit.get().is_some()
    }

    /// Asks the program to stop: its next step raises `KeyboardInterrupt`.
    /// A host that must end it at once drops the session instead.
    pub fn stop(&self) {
        self.interp
            .stop_flag()
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// The trace events recorded since the last call (nothing when the
    /// session was started without a trace).
    pub fn drain_trace(&self) -> Vec<looplab_core::trace::Event> {
        self.rt.drain_trace()
    }

    /// The clock reading now.
    pub fn now(&self) -> looplab_core::Instant {
        self.rt.now()
    }

    /// The host the session runs on.
    pub fn host(&self) -> &Rc<dyn looplab_core::Host> {
        &self.host
    }

    /// Drives the session to the end with the host's blocking wait (the
    /// virtual clock jumps to each deadline), as the CLI does.
    /// With a trace, the outcome holds it as text too
    /// ([`trace_json`](Outcome::trace_json), [`trace_lines`](Outcome::trace_lines)).
    pub fn run_blocking(self) -> Outcome {
        self.drive_blocking();
        let mut outcome = self.outcome();
        if self.trace {
            let t = self.rt.trace();
            outcome.trace_json = Some(t.to_chrome_trace());
            outcome.trace_lines = Some(t.to_json_lines());
        }
        outcome
    }

    /// Drives the session to its end as [`run_blocking`](Session::run_blocking)
    /// does, leaving the trace to be drained before [`finish`](Session::finish).
    pub fn drive_blocking(&self) {
        loop {
            match self.tick(usize::MAX) {
                Progress::Finished => break,
                Progress::Busy => {}
                Progress::Sleeping(at) => {
                    if !self.host.park_until(at) {
                        *self.deadlock.borrow_mut() = Some(looplab_core::RunError::CannotBlock);
                        break;
                    }
                }
                Progress::Waiting => {
                    *self.deadlock.borrow_mut() = Some(looplab_core::RunError::CannotBlock);
                    break;
                }
            }
        }
    }

    /// Lets go of what the finished program still holds, as an
    /// interpreter does at exit: a coroutine among it that was never
    /// awaited is reported (`sys:1: RuntimeWarning: …` after the traceback,
    /// and a trace warning). Done once, when [`tick`](Session::tick) first
    /// reports the end, so that a host draining the trace gets those
    /// warnings too.
    fn wind_down(&self) {
        if self.wound_down.borrow().is_some() {
            return;
        }
        // Suspended generators the globals hold are closed as CPython's
        // shutdown closes them: those named by a global first, in the
        // order the names were made, then those inside other values.
        // What the uncaught exception kept alive goes with it.
        if let Some(Err(e)) = self.main.result() {
            drop(e.state().held.take());
            self.interp.run_finalizers();
        }
        let held: Vec<(Rc<str>, value::Value)> =
            self.interp.globals.borrow_mut().drain(..).collect();
        let (gens, rest): (Vec<_>, Vec<_>) = held.into_iter().partition(
            |(_, v)| matches!(v, value::Value::Native(n) if n.as_any().is::<gen::Generator>()),
        );
        for (_, v) in gens.into_iter().chain(rest) {
            drop(v);
            self.interp.run_finalizers();
        }
        let text = self.interp.report_unawaited_at_exit();
        *self.wound_down.borrow_mut() = Some(text);
    }

    /// The outcome of a finished session. Output written through the sink
    /// is not repeated in `stdout`; `stderr` holds the final traceback.
    /// The trace stays events (drained with [`drain_trace`](Session::drain_trace)):
    /// [`run_blocking`](Session::run_blocking) gives it as text too.
    pub fn finish(self) -> Outcome {
        self.outcome()
    }

    /// [`finish`](Session::finish)'s work, leaving the runtime (and its
    /// trace, wind-down included) to read.
    fn outcome(&self) -> Outcome {
        let result = match self.deadlock.borrow_mut().take() {
            Some(e) => Err(e),
            None => Ok(self
                .main
                .result()
                .unwrap_or_else(|| Err(exc::Exc::runtime_error("the program did not finish")))),
        };
        let mut outcome = Outcome {
            elapsed: self.rt.now().as_secs_f64(),
            stdout_lines: self.interp.take_stdout_lines(),
            tests: self.interp.take_test_results(),
            checks: self.interp.take_checks(),
            ..Outcome::default()
        };
        match (self.horizon_hit.get().zip(self.horizon), result) {
            (Some((at, h)), _) => {
                let summary = format!(
                    "RuntimeError: this instant run was stopped at {} of virtual time",
                    fmt_horizon(h.as_secs_f64())
                );
                let text = format!(
                    "{summary}: its next timer was due at t = {:.1} s. A loop that sleeps forever never ends on the virtual clock, where sleeping takes no time; run it on the real clock to watch it live, or raise the limit.\n",
                    at.as_secs_f64()
                );
                outcome.stderr = text.clone();
                outcome.error = Some(ProgramError::Uncaught {
                    summary,
                    traceback: text,
                    exit_code: None,
                });
            }
            (None, Ok(Ok(_))) => {}
            (None, Ok(Err(e))) => {
                if e.is("SystemExit") {
                    let code = match e.state().args.borrow().first() {
                        None | Some(value::Value::None) => 0,
                        Some(v) => v.as_int().map(|c| c as i32).unwrap_or(1),
                    };
                    if code != 0 {
                        outcome.error = Some(ProgramError::Uncaught {
                            summary: e.summary(),
                            traceback: String::new(),
                            exit_code: Some(code),
                        });
                    }
                } else {
                    outcome.error_line = e
                        .learner_frame(self.interp.learner_lines())
                        .map(|t| t.pos.line);
                    let tb = traceback_with_source(&e, &self.filename, &self.source);
                    outcome.stderr = tb.clone();
                    outcome.error = Some(ProgramError::Uncaught {
                        summary: summary_with_suggestion(&e),
                        traceback: tb,
                        exit_code: None,
                    });
                }
            }
            (None, Err(e)) => {
                let msg = e.to_string();
                outcome.stderr = format!("{msg}\n");
                outcome.error = Some(ProgramError::Deadlock(msg));
            }
        }
        self.wind_down();
        if let Some(text) = self.wound_down.borrow_mut().take() {
            outcome.stderr.push_str(&text);
        }
        outcome
    }
}
