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
pub mod builtins;
mod compile;
pub mod exc;
pub mod format;
mod gen;
pub mod interp;
pub mod ir;
mod methods;
pub mod modules;
mod ops;
mod random;
pub mod value;

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
}

impl Default for Options {
    fn default() -> Options {
        Options {
            filename: "main.py".into(),
            clock: Clock::Virtual,
            seed: 0,
            limits: Limits::default(),
            trace: false,
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
}

impl Outcome {
    /// The process exit code Python would give: 0, 1 for an exception, 2
    /// for a syntax error, or `sys.exit`'s code.
    pub fn exit_code(&self) -> i32 {
        match &self.error {
            None => 0,
            Some(ProgramError::Syntax { .. }) => 2,
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
/// exception occurred:"), each frame with its source line.
pub fn traceback_with_source(e: &exc::Exc, filename: &str, source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::new();
    format_chain(e, filename, &lines, &mut out, 0);
    out
}

/// A traceback without source lines.
pub fn traceback_text(e: &exc::Exc, filename: &str) -> String {
    traceback_with_source(e, filename, "")
}

fn format_chain(e: &exc::Exc, filename: &str, lines: &[&str], out: &mut String, depth: usize) {
    if depth < 16 {
        let st = e.state();
        let cause = st.cause.borrow().clone();
        let context = st.context.borrow().clone();
        if let Some(c) = cause {
            format_chain(&c, filename, lines, out, depth + 1);
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        } else if let (Some(c), false) = (context, st.suppress_context.get()) {
            format_chain(&c, filename, lines, out, depth + 1);
            out.push_str(
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            );
        }
    }
    let tb = e.state().traceback.borrow();
    if !tb.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
        for entry in tb.iter().rev() {
            out.push_str(&format!(
                "  File \"{filename}\", line {}, in {}\n",
                entry.pos.line, entry.name
            ));
            if let Some(src) = lines.get(entry.pos.line.saturating_sub(1) as usize) {
                let t = src.trim();
                if !t.is_empty() {
                    out.push_str(&format!("    {t}\n"));
                }
            }
        }
    }
    out.push_str(&e.summary());
    out.push('\n');
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
    let def = match compile_module(source) {
        Ok(d) => d,
        Err(e) => {
            return Outcome {
                stderr: format!(
                    "  File \"{}\", line {}\nSyntaxError: {}\n",
                    opts.filename, e.pos.line, e.message
                ),
                error: Some(ProgramError::Syntax {
                    message: e.message,
                    line: e.pos.line,
                    col: e.pos.col,
                }),
                ..Outcome::default()
            }
        }
    };
    let host: Rc<dyn looplab_core::Host> = match opts.clock {
        Clock::Virtual => Rc::new(VirtualClock::new()),
        #[cfg(not(target_arch = "wasm32"))]
        Clock::Real => Rc::new(looplab_core::SystemClock::new()),
        #[cfg(target_arch = "wasm32")]
        Clock::Real => Rc::new(VirtualClock::new()),
    };
    let rt = Runtime::with_config(
        host,
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
    let fut = interp.run_module(def);
    let result = rt.block_on(fut);
    let mut outcome = Outcome {
        elapsed: rt.now().as_secs_f64(),
        stdout_lines: interp.take_stdout_lines(),
        ..Outcome::default()
    };
    match result {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => {
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
                let tb = traceback_with_source(&e, &opts.filename, source);
                outcome.stderr = tb.clone();
                outcome.error = Some(ProgramError::Uncaught {
                    summary: e.summary(),
                    traceback: tb,
                    exit_code: None,
                });
            }
        }
        Err(e) => {
            let msg = e.to_string();
            outcome.stderr = format!("{msg}\n");
            outcome.error = Some(ProgramError::Deadlock(msg));
        }
    }
    if opts.trace {
        outcome.trace_json = Some(rt.trace().to_chrome_trace());
        outcome.trace_lines = Some(rt.trace().to_json_lines());
    }
    outcome
}
