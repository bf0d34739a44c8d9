//! What the fuzz targets share: the options a fuzzed program runs with,
//! the runs themselves, and the generator of valid programs
//! ([`program`]).
//!
//! A fuzzed program runs on the virtual clock with limits small enough that
//! one input takes well under a second: a Python-level error (including
//! the limits' own `RuntimeError`/`MemoryError`/`RecursionError`) is a fine
//! outcome; a panic, a stack overflow or a hang is a bug.

pub mod program;

use looplab_script::{Limits, Options, Outcome, Session};
use std::cell::RefCell;
use std::rc::Rc;

/// Statements and calls one fuzzed run may execute.
pub const MAX_STEPS: u64 = 100_000;

/// The options every fuzzed run uses: the defaults (virtual clock,
/// in-memory workspace, simulated network) with tight limits. The
/// recursion limit stays CPython's 1000, as on the page: how deep the
/// native stack goes is part of what is tested.
pub fn options() -> Options {
    Options {
        limits: Limits {
            max_steps: MAX_STEPS,
            max_depth: 1000,
            max_collection: 10_000,
            max_tasks: 1_000,
            preempt_every: 10_000,
            max_kept_lines: 1_000,
            virtual_horizon: Some(3_600.0),
        },
        ..Options::default()
    }
}

/// A checker for [`run_check`]: it calls whatever the program defined
/// with no arguments, on the run's clock.
pub const CHECKER: &str = r#"
import asyncio
from looplab_check import requirement, fail, now

DEFINES = []

async def scenario(solution):
    seen = 0
    for name, value in list(solution.items()):
        if name.startswith("_") or not callable(value):
            continue
        seen += 1
        try:
            r = value()
            if asyncio.iscoroutine(r):
                await asyncio.wait_for(r, 5)
        except Exception as e:
            print("checker:", name, type(e).__name__)
    return seen

@requirement("The scenario ran")
def ran(run):
    assert run >= 0
"#;

/// Runs `source` as a program.
pub fn run(source: &str) -> Outcome {
    looplab_script::run(source, &options())
}

/// Runs `source` as a pytest-style test module.
pub fn run_tests(source: &str) -> Outcome {
    let host: Rc<dyn looplab_core::Host> = Rc::new(looplab_core::VirtualClock::new());
    match Session::start_tests(source, &options(), host, sink()) {
        Ok(session) => session.run_blocking(),
        Err(outcome) => *outcome,
    }
}

/// Runs `source` as an exercise solution checked by [`CHECKER`].
pub fn run_check(source: &str) -> Outcome {
    let host: Rc<dyn looplab_core::Host> = Rc::new(looplab_core::VirtualClock::new());
    match Session::start_check(source, CHECKER, &options(), host, sink()) {
        Ok(session) => session.run_blocking(),
        Err(outcome) => *outcome,
    }
}

fn sink() -> looplab_script::interp::OutputSink {
    let out = Rc::new(RefCell::new(String::new()));
    Box::new(move |_, text| {
        let mut o = out.borrow_mut();
        if o.len() < 1 << 20 {
            o.push_str(text);
        }
    })
}

/// FNV-1a: picks, from an input's bytes, which extra runs it gets.
pub fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
