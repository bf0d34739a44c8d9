//! Running a check: the learner's program and the exercise's checker in
//! one fresh run on the virtual clock, then each requirement's verdict.

use crate::{trace, Exercise, Requirement, State};
use looplab_core::trace::Event;
use looplab_script::{Options, Outcome, ProgramError, Session};
use std::rc::Rc;

/// The options a check runs with: `base`'s limits, on the virtual clock,
/// with a trace, a fresh empty in-memory workspace and the default costs
/// (a check must not depend on the learner's settings or files).
pub fn options(base: &Options) -> Options {
    Options {
        filename: base.filename.clone(),
        limits: base.limits.clone(),
        trace: true,
        ..Options::default()
    }
}

/// Starts a check of `source` with `checker` (an exercise's checker, the
/// Python of its `## Checker`) on `host`.
///
/// # Errors
///
/// A syntax error in `source`, as the outcome the run would have had
/// ([`verdicts`] turns it into a failed requirement).
pub fn start(
    checker: &str,
    source: &str,
    opts: &Options,
    host: Rc<dyn looplab_core::Host>,
    sink: looplab_script::interp::OutputSink,
) -> Result<Session, Box<Outcome>> {
    Session::start_check(source, checker, opts, host, sink)
}

/// The requirements' verdicts from a finished check run: the harness's
/// records, trace queries answered from `events`, and what ended the run
/// early if something did.
pub fn verdicts(outcome: &Outcome, events: &[Event]) -> Vec<Requirement> {
    let mut reqs: Vec<Requirement> = Vec::new();
    if let Some(ProgramError::Syntax { message, line, .. }) = &outcome.error {
        reqs.push(Requirement {
            name: "The program compiles".into(),
            state: State::Fail,
            detail: format!(
                "line {line}: {}",
                looplab_script::syntax_error_text(message)
            ),
            at: None,
            line: Some(*line),
        });
        return reqs;
    }
    for r in &outcome.checks {
        let (state, detail, at) = match r.state.as_str() {
            "passed" => (State::Pass, String::new(), None),
            "skipped" => (State::Skip, r.detail.clone(), None),
            "trace" => {
                let v = trace::judge(&r.query, events);
                (v.state, v.detail, v.at)
            }
            _ => (State::Fail, r.detail.clone(), r.at),
        };
        reqs.push(Requirement {
            name: r.name.clone(),
            state,
            detail,
            at,
            line: r.line,
        });
    }
    let ended = |what: String| Requirement {
        name: "Runs without an exception".into(),
        state: State::Fail,
        detail: what,
        at: Some(outcome.elapsed),
        line: outcome.error_line,
    };
    match &outcome.error {
        Some(ProgramError::Uncaught { summary, .. }) => {
            let line = outcome
                .error_line
                .map(|l| format!(" (line {l})"))
                .unwrap_or_default();
            let what = if reqs.is_empty() {
                format!("{summary}{line}")
            } else {
                format!("the run ended early: {summary}{line}")
            };
            reqs.insert(0, ended(what));
        }
        Some(ProgramError::Deadlock(msg)) => {
            reqs.insert(0, ended(format!("the run ended in a deadlock: {msg}")));
        }
        _ => {}
    }
    if reqs.is_empty() {
        reqs.push(ended("the checker reported nothing".into()));
    }
    reqs
}

/// A finished check: the verdicts and the run they were judged on.
#[derive(Debug)]
pub struct Checked {
    /// Each requirement's verdict, in order.
    pub requirements: Vec<Requirement>,
    /// The run (its output and, as events, its trace).
    pub outcome: Outcome,
    /// The run's trace.
    pub events: Vec<Event>,
}

/// Checks `source` against `exercise` natively, to the end (the CLI and
/// the tests).
pub fn check(exercise: &Exercise, source: &str, base: &Options) -> Checked {
    let opts = options(base);
    let out = Rc::new(std::cell::RefCell::new(String::new()));
    let sink = out.clone();
    let host = Rc::new(looplab_core::VirtualClock::new());
    let (mut outcome, events) = match start(
        &exercise.checker,
        source,
        &opts,
        host,
        Box::new(move |_, text| sink.borrow_mut().push_str(text)),
    ) {
        Ok(session) => {
            session.drive_blocking();
            let events = session.drain_trace();
            (session.finish(), events)
        }
        Err(outcome) => (*outcome, Vec::new()),
    };
    outcome.stdout = out.borrow().clone();
    Checked {
        requirements: verdicts(&outcome, &events),
        outcome,
        events,
    }
}
