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

mod attr;
pub mod bigint;
pub mod builtins;
mod bytearray;
mod compile;
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
mod printable_table;
mod random;
pub mod syntax;
pub mod value;
mod vm;

pub use compile::{compile_module, CompileError};
pub use interp::Limits;
/// Which stream program output goes to.
pub use looplab_core::trace::Stream as OutStream;

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
    /// The trace, when requested, as Chrome Trace Event Format JSON.
    pub trace_json: Option<String>,
    /// The trace as JSON lines, when requested.
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

/// Formats a traceback as CPython prints it, chained exceptions first
/// ("The above exception was the direct cause of the following
/// exception:" / "During handling of the above exception, another
/// exception occurred:"), each frame with its source line, and an
/// exception group as CPython's tree (`+-+---- 1 ----`, each
/// sub-exception's traceback in the margin).
pub fn traceback_with_source(e: &exc::Exc, filename: &str, source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::new();
    format_chain(e, filename, &lines, &mut out, 0, &mut TbCtx::default());
    out
}

/// A traceback without source lines.
pub fn traceback_text(e: &exc::Exc, filename: &str) -> String {
    traceback_with_source(e, filename, "")
}

/// Where a traceback is being written: how deep in exception groups (each
/// level indents two columns and draws a margin), and whether the last
/// group opened still needs its closing line (CPython's `_ExceptionPrintContext`).
#[derive(Default)]
struct TbCtx {
    group_depth: usize,
    need_close: bool,
}

impl TbCtx {
    fn indent(&self) -> String {
        " ".repeat(2 * self.group_depth)
    }

    /// Writes `text` (whole lines) indented, with a margin inside a group.
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        let mut prefix = self.indent();
        if self.group_depth > 0 {
            prefix.push(margin);
            prefix.push(' ');
        }
        for line in text.lines() {
            out.push_str(&prefix);
            out.push_str(line);
            out.push('\n');
        }
    }
}

/// The most sub-exceptions of a group CPython prints.
const MAX_GROUP_WIDTH: usize = 15;
/// The deepest nesting of groups CPython prints.
const MAX_GROUP_DEPTH: usize = 10;

fn format_chain(
    e: &exc::Exc,
    filename: &str,
    lines: &[&str],
    out: &mut String,
    depth: usize,
    ctx: &mut TbCtx,
) {
    if depth < 16 {
        let st = e.state();
        let cause = st.cause.borrow().clone();
        let context = st.context.borrow().clone();
        if let Some(c) = cause {
            format_chain(&c, filename, lines, out, depth + 1, ctx);
            ctx.emit(
                out,
                "\nThe above exception was the direct cause of the following exception:\n\n",
                '|',
            );
        } else if let (Some(c), false) = (context, st.suppress_context.get()) {
            format_chain(&c, filename, lines, out, depth + 1, ctx);
            ctx.emit(
                out,
                "\nDuring handling of the above exception, another exception occurred:\n\n",
                '|',
            );
        }
    }
    let frames = frames_text(e, filename, lines);
    let mut summary = summary_with_suggestion(e);
    // Notes added with add_note(), one a line under the message.
    if let Some(value::Value::List(notes)) = e.0.dict.borrow().get("__notes__") {
        for note in notes.borrow().iter() {
            summary.push('\n');
            match note {
                value::Value::Str(s) => summary.push_str(s),
                other => summary.push_str(&crate::format::repr_plain(other)),
            }
        }
    }
    let group = e.state().group.borrow().clone();
    let Some((_, children)) = group else {
        if !frames.is_empty() {
            ctx.emit(out, "Traceback (most recent call last):\n", '|');
            ctx.emit(out, &frames, '|');
        }
        ctx.emit(out, &summary, '|');
        return;
    };
    if ctx.group_depth >= MAX_GROUP_DEPTH {
        ctx.emit(
            out,
            &format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"),
            '|',
        );
        return;
    }
    let top = ctx.group_depth == 0;
    if top {
        ctx.group_depth += 1;
    }
    if !frames.is_empty() {
        ctx.emit(
            out,
            "Exception Group Traceback (most recent call last):\n",
            if top { '+' } else { '|' },
        );
        ctx.emit(out, &frames, '|');
    }
    ctx.emit(out, &e.summary(), '|');
    let shown = children.len().min(MAX_GROUP_WIDTH + 1);
    ctx.need_close = false;
    for (i, child) in children.iter().take(shown).enumerate() {
        let last = i + 1 == shown;
        if last {
            ctx.need_close = true;
        }
        let truncated = i >= MAX_GROUP_WIDTH;
        let title = if truncated {
            "...".to_string()
        } else {
            (i + 1).to_string()
        };
        out.push_str(&format!(
            "{}{}+---------------- {title} ----------------\n",
            ctx.indent(),
            if i == 0 { "+-" } else { "  " }
        ));
        ctx.group_depth += 1;
        if truncated {
            let more = children.len() - MAX_GROUP_WIDTH;
            ctx.emit(
                out,
                &format!(
                    "and {more} more exception{}\n",
                    if more > 1 { "s" } else { "" }
                ),
                '|',
            );
        } else {
            format_chain(child, filename, lines, out, 0, ctx);
        }
        if last && ctx.need_close {
            out.push_str(&format!(
                "{}+------------------------------------\n",
                ctx.indent()
            ));
            ctx.need_close = false;
        }
        ctx.group_depth -= 1;
    }
    if top {
        ctx.group_depth = 0;
    }
}

/// `NameError: name 'totl' is not defined. Did you mean: 'total'?`: an
/// exception's last traceback line, with CPython's suggestion when it has
/// one.
pub fn summary_with_suggestion(e: &exc::Exc) -> String {
    match e
        .state()
        .suggest
        .borrow()
        .as_ref()
        .and_then(|s| s.suggestion())
    {
        Some(name) => format!("{}. Did you mean: '{name}'?", e.summary()),
        None => e.summary(),
    }
}

/// An exception's frames as CPython lists them, outermost first: the
/// `File` line and the source line of each.
fn frames_text(e: &exc::Exc, filename: &str, lines: &[&str]) -> String {
    /// After this many identical entries in a row (a recursion), CPython
    /// prints one line counting the rest.
    const RECURSIVE_CUTOFF: usize = 3;
    fn repeated(out: &mut String, count: usize) {
        if count > RECURSIVE_CUTOFF {
            let more = count - RECURSIVE_CUTOFF;
            let s = if more > 1 { "s" } else { "" };
            out.push_str(&format!("  [Previous line repeated {more} more time{s}]\n"));
        }
    }
    let mut out = String::new();
    let mut last: Option<(u32, Rc<str>)> = None;
    let mut count = 0;
    for entry in e.state().traceback.borrow().iter().rev() {
        let here = (entry.pos.line, entry.name.clone());
        if last.as_ref() != Some(&here) {
            repeated(&mut out, count);
            last = Some(here);
            count = 0;
        }
        count += 1;
        if count > RECURSIVE_CUTOFF {
            continue;
        }
        // A library module written in Python is numbered in its own
        // source and shown under a path of its own.
        let (file, src) = match &entry.module {
            Some(m) => (m.path(), m.line(entry.pos.line)),
            None => (
                filename.to_string(),
                lines
                    .get(entry.pos.line.saturating_sub(1) as usize)
                    .copied(),
            ),
        };
        out.push_str(&format!(
            "  File \"{file}\", line {}, in {}\n",
            entry.pos.line, entry.name
        ));
        if let Some(src) = src {
            let t = src.trim();
            if !t.is_empty() {
                out.push_str(&format!("    {t}\n"));
                // Another non-program frame is numbered in a source not
                // at hand: no markers under a line that is not its.
                let m = if entry.main || entry.module.is_some() {
                    markers(src, entry.pos, entry.end)
                } else {
                    None
                };
                if let Some(m) = m {
                    out.push_str(&format!("    {m}\n"));
                }
            }
        }
    }
    repeated(&mut out, count);
    out
}

/// The line under a frame's source line that marks the failing
/// expression's columns, as CPython 3.11 draws it (without the indent):
/// `^` under the expression, or for a binary operation `~` under the
/// operands and `^` under the operator, for a subscript `~` under the
/// value and `^` under the brackets. `None` when the range is unknown or
/// covers the whole (stripped) line without operator marks. A range running
/// onto later lines is marked to the end of its first line, without
/// operator marks. A character East Asian scripts draw wide takes two
/// columns (and two marks); any other, a tab too, one.
fn markers(line: &str, start: ir::Pos, end: ir::Pos) -> Option<String> {
    if end.line == 0 || end.line < start.line {
        return None;
    }
    let chars: Vec<char> = line.trim_end().chars().collect();
    let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
    let from = (start.col as usize).saturating_sub(1).min(chars.len());
    let to = if end.line == start.line {
        (end.col as usize).saturating_sub(1).min(chars.len())
    } else {
        chars.len()
    };
    if to <= from {
        return None;
    }
    let segment: String = chars.get(from..to)?.iter().collect();
    let anchors = if end.line == start.line {
        operator_anchors(&segment)
    } else {
        None
    };
    if from <= lead && to >= chars.len() && anchors.is_none() {
        return None;
    }
    let width = |c: &char| {
        let c = *c as u32;
        if WIDE.iter().any(|&(a, b)| a <= c && c <= b) {
            2
        } else {
            1
        }
    };
    let pad: usize = chars
        .get(lead..from)
        .unwrap_or_default()
        .iter()
        .map(width)
        .sum();
    let mut m = " ".repeat(pad);
    for (i, c) in chars.get(from..to).unwrap_or_default().iter().enumerate() {
        let mark = match anchors {
            Some((a, b)) if i < a || i >= b => "~",
            _ => "^",
        };
        m.push_str(&mark.repeat(width(c)));
    }
    Some(m)
}

/// The characters drawn two columns wide (East Asian Wide and Fullwidth,
/// Unicode 14, as CPython 3.11's `unicodedata` has them; unassigned code
/// points between two such ranges are counted in).
const WIDE: [(u32, u32); 81] = [
    (0x1100, 0x115F),
    (0x231A, 0x231B),
    (0x2329, 0x232A),
    (0x23E9, 0x23EC),
    (0x23F0, 0x23F0),
    (0x23F3, 0x23F3),
    (0x25FD, 0x25FE),
    (0x2614, 0x2615),
    (0x2648, 0x2653),
    (0x267F, 0x267F),
    (0x2693, 0x2693),
    (0x26A1, 0x26A1),
    (0x26AA, 0x26AB),
    (0x26BD, 0x26BE),
    (0x26C4, 0x26C5),
    (0x26CE, 0x26CE),
    (0x26D4, 0x26D4),
    (0x26EA, 0x26EA),
    (0x26F2, 0x26F3),
    (0x26F5, 0x26F5),
    (0x26FA, 0x26FA),
    (0x26FD, 0x26FD),
    (0x2705, 0x2705),
    (0x270A, 0x270B),
    (0x2728, 0x2728),
    (0x274C, 0x274C),
    (0x274E, 0x274E),
    (0x2753, 0x2755),
    (0x2757, 0x2757),
    (0x2795, 0x2797),
    (0x27B0, 0x27B0),
    (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x2E80, 0x303E),
    (0x3041, 0x3247),
    (0x3250, 0x4DBF),
    (0x4E00, 0xA4C6),
    (0xA960, 0xA97C),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAD9),
    (0xFE10, 0xFE19),
    (0xFE30, 0xFE6B),
    (0xFF01, 0xFF60),
    (0xFFE0, 0xFFE6),
    (0x16FE0, 0x1B2FB),
    (0x1F004, 0x1F004),
    (0x1F0CF, 0x1F0CF),
    (0x1F18E, 0x1F18E),
    (0x1F191, 0x1F19A),
    (0x1F200, 0x1F320),
    (0x1F32D, 0x1F335),
    (0x1F337, 0x1F37C),
    (0x1F37E, 0x1F393),
    (0x1F3A0, 0x1F3CA),
    (0x1F3CF, 0x1F3D3),
    (0x1F3E0, 0x1F3F0),
    (0x1F3F4, 0x1F3F4),
    (0x1F3F8, 0x1F43E),
    (0x1F440, 0x1F440),
    (0x1F442, 0x1F4FC),
    (0x1F4FF, 0x1F53D),
    (0x1F54B, 0x1F54E),
    (0x1F550, 0x1F567),
    (0x1F57A, 0x1F57A),
    (0x1F595, 0x1F596),
    (0x1F5A4, 0x1F5A4),
    (0x1F5FB, 0x1F64F),
    (0x1F680, 0x1F6C5),
    (0x1F6CC, 0x1F6CC),
    (0x1F6D0, 0x1F6D2),
    (0x1F6D5, 0x1F6DF),
    (0x1F6EB, 0x1F6EC),
    (0x1F6F4, 0x1F6FC),
    (0x1F7E0, 0x1F7F0),
    (0x1F90C, 0x1F93A),
    (0x1F93C, 0x1F945),
    (0x1F947, 0x1F9FF),
    (0x1FA70, 0x1FAF6),
    (0x20000, 0x3134A),
];

/// Where the `^` marks go inside a binary operation's or a subscript's
/// source text (character offsets): the operator (one or two characters),
/// or the brackets to the end. `None` for other expressions.
fn operator_anchors(segment: &str) -> Option<(usize, usize)> {
    use ruff_python_ast::Expr as E;
    use ruff_text_size::Ranged;
    let parsed = ruff_python_parser::parse_expression(segment).ok()?;
    let chars: Vec<char> = segment.chars().collect();
    let at = |byte: ruff_text_size::TextSize| -> usize {
        segment
            .get(..byte.to_usize())
            .map_or(0, |s| s.chars().count())
    };
    // Past the left part: skip blanks and the closing brackets of a
    // parenthesised operand.
    let skip = |mut i: usize| {
        while chars.get(i).is_some_and(|c| c.is_whitespace() || *c == ')') {
            i += 1;
        }
        i
    };
    match parsed.expr() {
        E::BinOp(b) => {
            let op = skip(at(b.left.end()));
            let right = at(b.right.start());
            let mut stop = op + 1;
            if stop < right && chars.get(stop).is_some_and(|c| !c.is_whitespace()) {
                stop += 1;
            }
            Some((op, stop))
        }
        E::Subscript(s) => Some((skip(at(s.value.end())), chars.len())),
        _ => None,
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
        interp.set_http_backend(Rc::new(http::SimulatedNetwork::new(opts.mock, opts.seed)));
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
    pub fn run_blocking(self) -> Outcome {
        self.drive_blocking();
        self.finish()
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
    pub fn finish(self) -> Outcome {
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
        if self.trace {
            outcome.trace_json = Some(self.rt.trace().to_chrome_trace());
            outcome.trace_lines = Some(self.rt.trace().to_json_lines());
        }
        outcome
    }
}
