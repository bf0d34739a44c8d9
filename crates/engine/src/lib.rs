//! Looplab's engine for the browser: the interpreter and the runtime,
//! driven by the page's messages from inside a dedicated Web Worker, so
//! that no program can freeze the page and Stop is instant (the page
//! terminates the Worker).
//!
//! - [`outbox`]: batching, flow control and output collection (plain
//!   Rust, tested natively);
//! - `host`: the runtime's host on `performance.now()`, one timer and the
//!   microtask queue, in a Worker or a page;
//! - `fetch`: `aiohttp` requests as `fetch` calls;
//! - `runner`: one program run in slices;
//! - `worker`: the Worker's message loop (`startEngine`);
//! - [`warm`]: a waiting Worker's warm-up runs, so the browser has
//!   compiled the engine's busy code before the run comes;
//! - `upgrade`: in the first-run engine (`crates/engine-lite`, built
//!   without the `full` feature), the hand-over of a run it cannot do to
//!   the full engine;
//! - `node`: the npm package's `run()` in Node, in-process.
//!
//! Only this crate and the page's (the root crate) touch wasm-bindgen,
//! web-sys and js-sys; the page never links this one (it talks to it
//! through `looplab-protocol`).

pub mod outbox;
pub mod workspace;

#[cfg(all(target_arch = "wasm32", feature = "full"))]
pub mod bench;
#[cfg(all(target_arch = "wasm32", feature = "full"))]
pub mod fetch;
#[cfg(target_arch = "wasm32")]
pub mod host;
#[cfg(all(target_arch = "wasm32", feature = "full"))]
pub mod node;
#[cfg(target_arch = "wasm32")]
pub mod runner;
#[cfg(all(target_arch = "wasm32", feature = "full"))]
pub mod sql;
#[cfg(all(target_arch = "wasm32", not(feature = "full")))]
pub mod upgrade;
pub mod warm;
#[cfg(target_arch = "wasm32")]
pub mod worker;

use looplab_protocol::{traceback_line, RunEnd, RunError};
use looplab_script::{Outcome, ProgramError};

/// The protocol's form of a finished program's outcome (output not
/// included: it streams).
pub fn run_end_of(o: &Outcome) -> RunEnd {
    let error = o.error.as_ref().map(|e| match e {
        ProgramError::Syntax { message, line, col } => RunError::Syntax {
            message: message.clone(),
            line: *line,
            col: *col,
        },
        ProgramError::Uncaught {
            summary, traceback, ..
        } => RunError::Uncaught {
            summary: summary.clone(),
            traceback: traceback.clone(),
            line: traceback_line(traceback),
        },
        ProgramError::Deadlock(msg) => RunError::Deadlock(msg.clone()),
    });
    RunEnd {
        error,
        stderr: o.stderr.clone(),
        elapsed: o.elapsed,
        tests: o
            .tests
            .iter()
            .map(|t| looplab_protocol::TestResult {
                id: t.id.clone(),
                outcome: t.outcome.clone(),
                summary: t.summary.clone(),
                details: t.details.clone(),
            })
            .collect(),
        ..RunEnd::default()
    }
}

/// The protocol's form of a check's verdicts.
#[cfg(feature = "full")]
pub fn requirements_of(
    reqs: &[looplab_exercise::Requirement],
) -> Vec<looplab_protocol::Requirement> {
    reqs.iter()
        .map(|r| looplab_protocol::Requirement {
            name: r.name.clone(),
            state: r.state.as_str().to_string(),
            detail: r.detail.clone(),
            at: r.at,
            line: r.line,
        })
        .collect()
}

/// Checks `source` with `checker` (an exercise's checker) on a virtual
/// clock, in this thread: what the npm package's `check()` does in Node
/// (the package has the exercises and sends the checker). The run's
/// output is collected; [`RunEnd::requirements`] holds the verdicts.
#[cfg(feature = "full")]
pub fn check_virtual(
    checker: &str,
    source: &str,
    mode: looplab_protocol::TraceMode,
) -> (RunEnd, Vec<looplab_core::trace::Event>) {
    let opts = looplab_exercise::run::options(&in_process_options(0, true));
    // Every event is kept: the trace queries need them.
    let (mut end, outcome, mut events) = in_process(mode, true, |clock, sink| {
        looplab_exercise::run::start(checker, source, &opts, clock, sink)
    });
    end.requirements = requirements_of(&looplab_exercise::run::verdicts(&outcome, &events));
    if mode != looplab_protocol::TraceMode::Events {
        events.clear();
    }
    (end, events)
}

/// Runs `source` to its end on a virtual clock, in this thread: what the
/// npm package's `run()` does in Node. Returns how it ended (output
/// collected) and, with [`TraceMode::Events`], every trace event.
pub fn run_virtual(
    source: &str,
    seed: u64,
    mode: looplab_protocol::TraceMode,
) -> (RunEnd, Vec<looplab_core::trace::Event>) {
    run_virtual_with(source, seed, mode, false)
}

/// Like [`run_virtual`]; with `tests`, runs the program's `test*`
/// functions pytest-style instead (the npm package's `test()`).
pub fn run_virtual_with(
    source: &str,
    seed: u64,
    mode: looplab_protocol::TraceMode,
    tests: bool,
) -> (RunEnd, Vec<looplab_core::trace::Event>) {
    use looplab_protocol::TraceMode;
    use looplab_script::Session;
    let opts = looplab_script::Options {
        files: looplab_script::fs::demo_workspace(),
        ..in_process_options(seed, mode != TraceMode::None)
    };
    let (end, _, events) = in_process(mode, mode == TraceMode::Events, |clock, sink| {
        if tests {
            Session::start_tests(source, &opts, clock, sink)
        } else {
            Session::start(source, &opts, clock, sink)
        }
    });
    (end, events)
}

/// The options of a run in this thread: output streams to the caller, the
/// session keeps no copy.
fn in_process_options(seed: u64, trace: bool) -> looplab_script::Options {
    looplab_script::Options {
        seed,
        trace,
        limits: looplab_script::Limits {
            max_kept_lines: 0,
            ..looplab_script::Limits::default()
        },
        ..looplab_script::Options::default()
    }
}

type Started = Result<looplab_script::Session, Box<Outcome>>;

/// Starts a session with `start` (on a virtual clock, its output
/// collected) and drives it to its end, jumping to each timer. Returns how
/// it ended, the outcome, and the trace's events if `keep`.
fn in_process(
    mode: looplab_protocol::TraceMode,
    keep: bool,
    start: impl FnOnce(
        std::rc::Rc<dyn looplab_core::Host>,
        looplab_script::interp::OutputSink,
    ) -> Started,
) -> (RunEnd, Outcome, Vec<looplab_core::trace::Event>) {
    use looplab_script::Progress;
    use std::cell::RefCell;
    use std::rc::Rc;
    let clock = Rc::new(looplab_core::VirtualClock::new());
    let collected = Rc::new(RefCell::new(outbox::Collected::default()));
    let sink = collected.clone();
    let mut outbox = outbox::Outbox::new(mode);
    let mut events = Vec::new();
    let outcome = match start(
        clock.clone(),
        Box::new(move |stream, text| sink.borrow_mut().write(stream, text)),
    ) {
        Err(o) => *o,
        Ok(session) => {
            loop {
                let p = session.tick(100_000);
                let drained = session.drain_trace();
                if keep {
                    events.extend(drained.iter().cloned());
                }
                outbox.push(drained);
                match p {
                    Progress::Finished => break,
                    Progress::Busy => {}
                    Progress::Sleeping(at) => clock.advance_to(at),
                    // Nothing outside the program can wake it here.
                    Progress::Waiting => break,
                }
            }
            session.finish()
        }
    };
    let mut end = run_end_of(&outcome);
    let c = std::mem::take(&mut *collected.borrow_mut());
    end.stdout = c.stdout;
    end.stderr = format!("{}{}", c.stderr, end.stderr);
    end.output_cut = c.cut;
    end.summary = outbox.summary();
    (end, outcome, events)
}
