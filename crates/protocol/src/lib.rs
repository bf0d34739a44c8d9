//! The messages between Looplab's page and its engine.
//!
//! The engine (interpreter, runtime and browser host) runs in a dedicated
//! Web Worker; the page, the embeddable widget and the npm package's
//! `run()` talk to it only through these messages. Each message is plain
//! data, encoded to bytes with [`looplab_core::wire`] (so it crosses
//! `postMessage` as one transferable buffer, not a tree of JS objects) and
//! starts with [`VERSION`]: a page and an engine from different builds
//! say so instead of misreading each other.
//!
//! The conversation:
//!
//! - the engine says [`FromEngine::Ready`] once it can take a run;
//! - the page sends [`ToEngine::Run`]; the engine answers with
//!   [`FromEngine::Batch`]es of trace events (at most one per frame's worth
//!   of time) and one [`FromEngine::End`];
//! - the page acknowledges each batch it has applied ([`ToEngine::Ack`]).
//!   The engine stops working while [`MAX_UNACKED`] batches are
//!   unacknowledged, so a program that prints millions of lines runs at the
//!   speed the page can show them, and neither side's memory grows without
//!   bound;
//! - pause, resume, step and speed steer a real-time run;
//! - stopping is not a message: the page terminates the Worker (whatever
//!   the program is doing) and starts a fresh one for the next run.

use looplab_core::wire::{self, Reader, WireError, Writer};

/// The protocol's version: the first byte of every message.
pub const VERSION: u8 = 4;

/// Batches the engine may have sent without an acknowledgement before it
/// waits.
pub const MAX_UNACKED: u64 = 3;

/// Which clock a run uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// Virtual time: the run goes flat out and sleeps take no time.
    Virtual,
    /// The page's clock, scaled by the speed; requests go to the network.
    Real,
}

/// The simulated mock API's defaults (virtual-clock runs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mock {
    /// Latency of every request, in milliseconds.
    pub latency_ms: f64,
    /// Random extra latency, up to this many milliseconds.
    pub jitter_ms: f64,
    /// Share of requests that fail (0–1).
    pub fail: f64,
}

/// What files and databases cost on the run's clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IoCosts {
    /// Milliseconds per file operation.
    pub file_op_ms: f64,
    /// Extra milliseconds per KB a file operation moves.
    pub file_per_kb_ms: f64,
    /// Share of file operations that fail with `OSError` (0–1).
    pub file_fail: f64,
    /// Milliseconds per database query.
    pub db_ms: f64,
    /// Random extra query time, up to this many milliseconds either way.
    pub db_jitter_ms: f64,
    /// Share of queries that lose their connection (0–1).
    pub db_fail: f64,
}

impl Default for IoCosts {
    fn default() -> IoCosts {
        IoCosts {
            file_op_ms: 1.0,
            file_per_kb_ms: 0.0,
            file_fail: 0.0,
            db_ms: 5.0,
            db_jitter_ms: 0.0,
            db_fail: 0.0,
        }
    }
}

impl Default for Mock {
    fn default() -> Mock {
        Mock {
            latency_ms: 100.0,
            jitter_ms: 0.0,
            fail: 0.0,
        }
    }
}

/// How much of the trace the engine sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceMode {
    /// None: the program runs untraced (the cheapest).
    None,
    /// Counts only, in [`RunEnd::summary`].
    Summary,
    /// Every event, in [`FromEngine::Batch`]es.
    Events,
}

/// A program to run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunRequest {
    /// The page's number for this run; every answer carries it.
    pub run: u64,
    /// The program.
    pub source: String,
    /// The clock.
    pub clock: Clock,
    /// Playback speed of a real-time run (0.1–10).
    pub speed: f64,
    /// The seed of `random` and the simulated network.
    pub seed: u64,
    /// The simulated mock API.
    pub mock: Mock,
    /// The page's URL: relative request URLs resolve against it.
    pub base_url: String,
    /// What to send of the trace.
    pub trace: TraceMode,
    /// Whether [`RunEnd::stdout`] collects what the program printed (the
    /// page reads output from the trace instead).
    pub collect_output: bool,
    /// Whether to run the program's `test*` functions pytest-style
    /// (virtual clock) instead of the program.
    pub tests: bool,
    /// The workspace to start from; `None`: the demo workspace.
    pub files: Option<Vec<WorkspaceFile>>,
    /// What files and databases cost.
    pub io: IoCosts,
    /// Check the program with this checker (an exercise's `## Checker`,
    /// Python for the `looplab_check` harness) instead of running it: a
    /// fresh run on the virtual clock; [`RunEnd::requirements`] holds the
    /// verdicts. The sender has the exercises (the engine embeds none) and
    /// answers an unknown exercise itself.
    pub checker: Option<String>,
    /// An instant run stops at this clock reading (seconds; 0: never),
    /// rather than jumping on forever.
    pub horizon: f64,
}

/// One requirement's verdict in an exercise check.
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    /// What is required.
    pub name: String,
    /// `pass`, `fail` or `skip` (not checked).
    pub state: String,
    /// For a failure, what happened and when; for a skip, why.
    pub detail: String,
    /// The clock reading the detail is about.
    pub at: Option<f64>,
    /// The line of the program the detail is about.
    pub line: Option<u32>,
}

/// A file of the program's workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceFile {
    /// Its path in the workspace (`data/orders-1.csv`; an empty directory
    /// ends with `/`).
    pub path: String,
    /// Its bytes.
    pub data: Vec<u8>,
}

/// One test of a test run.
#[derive(Clone, Debug, PartialEq)]
pub struct TestResult {
    /// `main.py::test_double[1-2]`
    pub id: String,
    /// `passed`, `failed`, `error`, `skipped` or `xfailed`.
    pub outcome: String,
    /// The one-line reason, empty when it passed.
    pub summary: String,
    /// The short traceback and `E` lines.
    pub details: String,
}

/// The most workspace bytes a [`RunEnd`] carries back.
pub const MAX_WORKSPACE: usize = 8 << 20;

/// What the page asks of the engine.
#[derive(Clone, Debug, PartialEq)]
pub enum ToEngine {
    /// Start a program (ending any other at once).
    Run(RunRequest),
    /// Freeze a real-time run's clock and work.
    Pause,
    /// Unfreeze it.
    Resume,
    /// While paused: run one task step.
    Step,
    /// Change a real-time run's speed.
    Speed(f64),
    /// The page has applied this batch.
    Ack {
        /// The batch's number.
        batch: u64,
    },
}

/// The error a program ended with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    /// It did not compile.
    Syntax {
        /// The message, without `SyntaxError: `.
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
        /// The traceback Python prints.
        traceback: String,
        /// The line of the innermost frame in the program, if any.
        line: Option<u32>,
    },
    /// No task could ever run again.
    Deadlock(String),
}

/// Counts of a run's trace ([`TraceMode::Summary`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Events recorded.
    pub events: u64,
    /// Tasks created.
    pub tasks: u64,
    /// Tasks that ended with an error.
    pub failed: u64,
    /// Tasks that ended cancelled.
    pub cancelled: u64,
    /// Output lines.
    pub lines: u64,
}

/// How a run ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunEnd {
    /// The error, if it ended with one.
    pub error: Option<RunError>,
    /// What it printed, if asked for ([`RunRequest::collect_output`]);
    /// at most [`MAX_COLLECTED`] bytes.
    pub stdout: String,
    /// What it wrote to standard error, tracebacks included (as capped).
    pub stderr: String,
    /// Bytes of output left out of `stdout` and `stderr` past the cap.
    pub output_cut: u64,
    /// Seconds on the run's clock.
    pub elapsed: f64,
    /// The trace's counts, if asked for.
    pub summary: Option<Summary>,
    /// A test run's results, in order.
    pub tests: Vec<TestResult>,
    /// The workspace after the run (files past [`MAX_WORKSPACE`] bytes in
    /// all are left out).
    pub files: Vec<WorkspaceFile>,
    /// The databases the program opened, as JSON: `[{"name", "tables":
    /// [{"name", "columns": [...], "rows": n, "sample": {"columns",
    /// "rows"}}]}]`; empty when it opened none.
    pub databases: String,
    /// An exercise check's verdicts, in order (empty for other runs).
    pub requirements: Vec<Requirement>,
}

/// The most output [`RunEnd`] carries, in bytes per stream.
pub const MAX_COLLECTED: usize = 16 << 20;

/// What the engine tells the page.
// One `End` per run: its size next to a batch's costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum FromEngine {
    /// The engine is loaded and takes runs.
    Ready,
    /// Trace events of a run, in order, as one
    /// [`wire::encode_events`] batch.
    Batch {
        /// The run.
        run: u64,
        /// The batch's number (from 0 in each run).
        batch: u64,
        /// The encoded events ([`FromEngine::events`] decodes them).
        events: Vec<u8>,
    },
    /// The run is over (after its last batch).
    End {
        /// The run.
        run: u64,
        /// How.
        end: RunEnd,
    },
    /// The engine could not do what it was asked (a message it could not
    /// read, for instance).
    Fatal(String),
}

impl FromEngine {
    /// The events of a batch (none for other messages).
    ///
    /// # Errors
    ///
    /// Bytes that are not an event batch.
    pub fn events(&self) -> Result<Vec<looplab_core::trace::Event>, WireError> {
        match self {
            FromEngine::Batch { events, .. } => wire::decode_events(events),
            _ => Ok(Vec::new()),
        }
    }
}

fn begin(tag: u8) -> Writer {
    let mut w = Writer::new();
    w.u8(VERSION);
    w.u8(tag);
    w
}

fn open(bytes: &[u8]) -> Result<(Reader<'_>, u8), WireError> {
    let mut r = Reader::new(bytes);
    let v = r.u8()?;
    if v != VERSION {
        return Err(r.error(format!(
            "message of protocol version {v}; this side speaks version {VERSION} (reload the page)"
        )));
    }
    let tag = r.u8()?;
    Ok((r, tag))
}

fn close<T>(r: &Reader<'_>, v: T) -> Result<T, WireError> {
    if r.is_done() {
        Ok(v)
    } else {
        Err(r.error("bytes left over after the message"))
    }
}

impl ToEngine {
    /// The message as bytes.
    pub fn encode(&self) -> Vec<u8> {
        match self {
            ToEngine::Run(q) => {
                let mut w = begin(0);
                w.u64(q.run);
                w.str(&q.source);
                w.u8(match q.clock {
                    Clock::Virtual => 0,
                    Clock::Real => 1,
                });
                w.f64(q.speed);
                w.u64(q.seed);
                w.f64(q.mock.latency_ms);
                w.f64(q.mock.jitter_ms);
                w.f64(q.mock.fail);
                w.str(&q.base_url);
                w.u8(match q.trace {
                    TraceMode::None => 0,
                    TraceMode::Summary => 1,
                    TraceMode::Events => 2,
                });
                w.bool(q.collect_output);
                w.bool(q.tests);
                w.opt(q.files.as_ref(), |w, files| put_files(w, files));
                for v in [
                    q.io.file_op_ms,
                    q.io.file_per_kb_ms,
                    q.io.file_fail,
                    q.io.db_ms,
                    q.io.db_jitter_ms,
                    q.io.db_fail,
                ] {
                    w.f64(v);
                }
                w.opt(q.checker.as_ref(), |w, c| w.str(c));
                w.f64(q.horizon);
                w.into_bytes()
            }
            ToEngine::Pause => begin(1).into_bytes(),
            ToEngine::Resume => begin(2).into_bytes(),
            ToEngine::Step => begin(3).into_bytes(),
            ToEngine::Speed(s) => {
                let mut w = begin(4);
                w.f64(*s);
                w.into_bytes()
            }
            ToEngine::Ack { batch } => {
                let mut w = begin(5);
                w.u64(*batch);
                w.into_bytes()
            }
        }
    }

    /// Reads a message made by [`encode`](ToEngine::encode).
    ///
    /// # Errors
    ///
    /// Another protocol version, or bytes that are not a message.
    pub fn decode(bytes: &[u8]) -> Result<ToEngine, WireError> {
        let (mut r, tag) = open(bytes)?;
        let msg = match tag {
            0 => {
                let run = r.u64()?;
                let source = r.str()?.to_string();
                let clock = match r.u8()? {
                    0 => Clock::Virtual,
                    1 => Clock::Real,
                    b => return Err(r.error(format!("{b} is not a clock"))),
                };
                let speed = r.f64()?;
                let seed = r.u64()?;
                let mock = Mock {
                    latency_ms: r.f64()?,
                    jitter_ms: r.f64()?,
                    fail: r.f64()?,
                };
                let base_url = r.str()?.to_string();
                let trace = match r.u8()? {
                    0 => TraceMode::None,
                    1 => TraceMode::Summary,
                    2 => TraceMode::Events,
                    b => return Err(r.error(format!("{b} is not a trace mode"))),
                };
                let collect_output = r.bool()?;
                let tests = r.bool()?;
                let files = r.opt(get_files)?;
                let io = IoCosts {
                    file_op_ms: r.f64()?,
                    file_per_kb_ms: r.f64()?,
                    file_fail: r.f64()?,
                    db_ms: r.f64()?,
                    db_jitter_ms: r.f64()?,
                    db_fail: r.f64()?,
                };
                let checker = r.opt(|r| Ok(r.str()?.to_string()))?;
                let horizon = r.f64()?;
                ToEngine::Run(RunRequest {
                    run,
                    source,
                    clock,
                    speed,
                    seed,
                    mock,
                    base_url,
                    trace,
                    collect_output,
                    tests,
                    files,
                    io,
                    checker,
                    horizon,
                })
            }
            1 => ToEngine::Pause,
            2 => ToEngine::Resume,
            3 => ToEngine::Step,
            4 => ToEngine::Speed(r.f64()?),
            5 => ToEngine::Ack { batch: r.u64()? },
            b => return Err(r.error(format!("{b} is not a message to the engine"))),
        };
        close(&r, msg)
    }
}

fn put_files(w: &mut Writer, files: &[WorkspaceFile]) {
    w.u64(files.len() as u64);
    for f in files {
        w.str(&f.path);
        w.bytes(&f.data);
    }
}

fn get_files(r: &mut Reader<'_>) -> Result<Vec<WorkspaceFile>, WireError> {
    let n = r.u64()?;
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(WorkspaceFile {
            path: r.str()?.to_string(),
            data: r.bytes()?.to_vec(),
        });
    }
    Ok(out)
}

fn put_error(w: &mut Writer, e: &Option<RunError>) {
    match e {
        None => w.u8(0),
        Some(RunError::Syntax { message, line, col }) => {
            w.u8(1);
            w.str(message);
            w.u64(u64::from(*line));
            w.u64(u64::from(*col));
        }
        Some(RunError::Uncaught {
            summary,
            traceback,
            line,
        }) => {
            w.u8(2);
            w.str(summary);
            w.str(traceback);
            w.opt(*line, |w, l| w.u64(u64::from(l)));
        }
        Some(RunError::Deadlock(msg)) => {
            w.u8(3);
            w.str(msg);
        }
    }
}

fn get_error(r: &mut Reader<'_>) -> Result<Option<RunError>, WireError> {
    Ok(match r.u8()? {
        0 => None,
        1 => Some(RunError::Syntax {
            message: r.str()?.to_string(),
            line: r.u32()?,
            col: r.u32()?,
        }),
        2 => Some(RunError::Uncaught {
            summary: r.str()?.to_string(),
            traceback: r.str()?.to_string(),
            line: r.opt(Reader::u32)?,
        }),
        3 => Some(RunError::Deadlock(r.str()?.to_string())),
        b => return Err(r.error(format!("{b} is not a run error"))),
    })
}

impl FromEngine {
    /// The message as bytes.
    pub fn encode(&self) -> Vec<u8> {
        match self {
            FromEngine::Ready => begin(0).into_bytes(),
            FromEngine::Batch { run, batch, events } => {
                let mut w = begin(1);
                w.u64(*run);
                w.u64(*batch);
                w.bytes(events);
                w.into_bytes()
            }
            FromEngine::End { run, end } => {
                let mut w = begin(2);
                w.u64(*run);
                put_error(&mut w, &end.error);
                w.str(&end.stdout);
                w.str(&end.stderr);
                w.u64(end.output_cut);
                w.f64(end.elapsed);
                w.opt(end.summary, |w, s| {
                    for n in [s.events, s.tasks, s.failed, s.cancelled, s.lines] {
                        w.u64(n);
                    }
                });
                w.u64(end.tests.len() as u64);
                for t in &end.tests {
                    for s in [&t.id, &t.outcome, &t.summary, &t.details] {
                        w.str(s);
                    }
                }
                put_files(&mut w, &end.files);
                w.str(&end.databases);
                w.u64(end.requirements.len() as u64);
                for q in &end.requirements {
                    w.str(&q.name);
                    w.str(&q.state);
                    w.str(&q.detail);
                    w.opt(q.at, |w, at| w.f64(at));
                    w.opt(q.line, |w, l| w.u64(u64::from(l)));
                }
                w.into_bytes()
            }
            FromEngine::Fatal(msg) => {
                let mut w = begin(3);
                w.str(msg);
                w.into_bytes()
            }
        }
    }

    /// Reads a message made by [`encode`](FromEngine::encode).
    ///
    /// # Errors
    ///
    /// Another protocol version, or bytes that are not a message.
    pub fn decode(bytes: &[u8]) -> Result<FromEngine, WireError> {
        let (mut r, tag) = open(bytes)?;
        let msg = match tag {
            0 => FromEngine::Ready,
            1 => FromEngine::Batch {
                run: r.u64()?,
                batch: r.u64()?,
                events: r.bytes()?.to_vec(),
            },
            2 => {
                let run = r.u64()?;
                let error = get_error(&mut r)?;
                let stdout = r.str()?.to_string();
                let stderr = r.str()?.to_string();
                let output_cut = r.u64()?;
                let elapsed = r.f64()?;
                let summary = r.opt(|r| {
                    Ok(Summary {
                        events: r.u64()?,
                        tasks: r.u64()?,
                        failed: r.u64()?,
                        cancelled: r.u64()?,
                        lines: r.u64()?,
                    })
                })?;
                let n = r.u64()?;
                let mut tests = Vec::new();
                for _ in 0..n {
                    tests.push(TestResult {
                        id: r.str()?.to_string(),
                        outcome: r.str()?.to_string(),
                        summary: r.str()?.to_string(),
                        details: r.str()?.to_string(),
                    });
                }
                let files = get_files(&mut r)?;
                let databases = r.str()?.to_string();
                let n = r.u64()?;
                let mut requirements = Vec::new();
                for _ in 0..n {
                    requirements.push(Requirement {
                        name: r.str()?.to_string(),
                        state: r.str()?.to_string(),
                        detail: r.str()?.to_string(),
                        at: r.opt(|r| r.f64())?,
                        line: r
                            .opt(|r| r.u64())?
                            .map(|l| u32::try_from(l).unwrap_or(u32::MAX)),
                    });
                }
                FromEngine::End {
                    run,
                    end: RunEnd {
                        error,
                        stdout,
                        stderr,
                        output_cut,
                        elapsed,
                        summary,
                        tests,
                        files,
                        databases,
                        requirements,
                    },
                }
            }
            3 => FromEngine::Fatal(r.str()?.to_string()),
            b => return Err(r.error(format!("{b} is not a message from the engine"))),
        };
        close(&r, msg)
    }
}

/// The line of the innermost frame of the program (`main.py`) in a
/// Python traceback, to mark in the editor.
pub fn traceback_line(traceback: &str) -> Option<u32> {
    traceback.lines().rev().find_map(frame_line)
}

/// The line one traceback line names in the program (`File "main.py",
/// line 7, in fetch`), if it is one; inside an exception group's tree the
/// line has a margin (`  |   File …`).
pub fn frame_line(text: &str) -> Option<u32> {
    text.trim()
        .trim_start_matches(['|', '+', '-', ' '])
        .strip_prefix("File \"main.py\", line ")?
        .split(',')
        .next()?
        .trim()
        .parse()
        .ok()
}

/// How the npm package's `run()` reports a run: one JSON text that
/// JavaScript parses into its result object (`{stdout, stderr, error,
/// elapsed, outputCut, summary?, trace?}`, see `npm/index.d.ts`).
/// `events` are included only when the caller asked for them.
pub fn result_json(end: &RunEnd, events: Option<&[looplab_core::trace::Event]>) -> String {
    use serde_json::{json, Value};
    let error = match &end.error {
        None => Value::Null,
        Some(RunError::Syntax { message, line, col }) => json!({
            "kind": "syntax",
            // An indentation error's message carries its own class.
            "message": if message.starts_with("IndentationError: ") || message.starts_with("TabError: ") {
                message.clone()
            } else {
                format!("SyntaxError: {message}")
            },
            "line": line,
            "column": col,
        }),
        Some(RunError::Uncaught {
            summary,
            traceback,
            line,
        }) => {
            let mut e = json!({
                "kind": "exception",
                "message": summary,
                "traceback": traceback,
            });
            if let (Some(l), Some(o)) = (line, e.as_object_mut()) {
                o.insert("line".into(), json!(l));
            }
            e
        }
        Some(RunError::Deadlock(msg)) => json!({ "kind": "deadlock", "message": msg }),
    };
    let mut out = json!({
        "stdout": end.stdout,
        "stderr": end.stderr,
        "error": error,
        "elapsed": end.elapsed,
        "outputCut": end.output_cut,
    });
    if let Some(o) = out.as_object_mut() {
        if !end.tests.is_empty() {
            o.insert(
                "tests".into(),
                end.tests
                    .iter()
                    .map(|t| {
                        json!({
                            "id": t.id,
                            "outcome": t.outcome,
                            "summary": t.summary,
                            "details": t.details,
                        })
                    })
                    .collect(),
            );
        }
        if !end.requirements.is_empty() {
            let passed = end.requirements.iter().all(|q| q.state == "pass");
            o.insert(
                "check".into(),
                json!({
                    "passed": passed,
                    "requirements": end.requirements.iter().map(|q| json!({
                        "name": q.name,
                        "passed": q.state == "pass",
                        "state": q.state,
                        "detail": q.detail,
                        "at": q.at,
                        "line": q.line,
                    })).collect::<Vec<_>>(),
                }),
            );
        }
        if let Some(s) = end.summary {
            o.insert(
                "summary".into(),
                json!({
                    "events": s.events,
                    "tasks": s.tasks,
                    "failed": s.failed,
                    "cancelled": s.cancelled,
                    "lines": s.lines,
                }),
            );
        }
        if let Some(events) = events {
            o.insert(
                "trace".into(),
                serde_json::to_value(events).unwrap_or(Value::Null),
            );
        }
    }
    out.to_string()
}
