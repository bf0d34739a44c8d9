//! `looplab_check` (a module written in Python, `check.py`): the harness
//! an exercise's checker runs in, and the native helpers it needs
//! (`_looplab_check`): the checker's own source, where a learner's
//! exception happened, and where each requirement's verdict goes.

use super::testing::exc_of;
use super::{func, module};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;

/// The source of the `looplab_check` module.
pub const CHECK_SOURCE: &str = include_str!("check.py");

/// One requirement's verdict, as the checker reported it.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckRecord {
    /// What is required, in the exercise's words.
    pub name: String,
    /// `passed`, `failed`, `skipped` (not checked: the run ended before it
    /// could be), or `trace` (to be decided over the run's trace: see
    /// [`query`](CheckRecord::query)).
    pub state: String,
    /// For a failure: what happened (and when); for a skip: why.
    pub detail: String,
    /// The clock reading the detail is about, if any.
    pub at: Option<f64>,
    /// For `trace`: the query, as JSON (`{"kind": "queue_len", …}`).
    pub query: String,
    /// The line of the learner's code the detail is about, if any.
    pub line: Option<u32>,
}

/// Where a learner's exception was raised: the innermost frame of the
/// learner's code (the program's own frames, within its first `lines`
/// lines: the harness is appended after them), as
/// `line 12, in fetch: await session.get(url)`.
fn learner_frame(interp: &Interp, e: &Exc, lines: u32) -> String {
    let source = interp.source();
    let text: Vec<&str> = source.lines().collect();
    let Some(entry) = e.learner_frame(lines) else {
        return String::new();
    };
    let code = text
        .get(entry.pos.line as usize - 1)
        .map(|l| l.trim())
        .unwrap_or("");
    format!("line {}, in {}: {code}", entry.pos.line, entry.name)
}

/// The `_looplab_check` module.
pub fn helpers_module() -> Value {
    module(
        "_looplab_check",
        vec![
            (
                "load_checker",
                func("load_checker", |i, _| {
                    let source = i
                        .checker_source()
                        .ok_or_else(|| Exc::runtime_error("this run has no exercise checker"))?;
                    i.load_source_module("checker", &source)
                }),
            ),
            (
                "learner_lines",
                func("learner_lines", |i, _| {
                    Ok(Value::Int(i64::from(i.learner_lines())))
                }),
            ),
            (
                "where",
                func("where", |i, a| {
                    let e = a
                        .pos
                        .first()
                        .and_then(exc_of)
                        .ok_or_else(|| Exc::type_error("where() takes an exception"))?;
                    Ok(Value::str(learner_frame(i, &e, i.learner_lines())))
                }),
            ),
            (
                "where_line",
                func("where_line", |i, a| {
                    let e = a
                        .pos
                        .first()
                        .and_then(exc_of)
                        .ok_or_else(|| Exc::type_error("where_line() takes an exception"))?;
                    Ok(e.learner_frame(i.learner_lines())
                        .map_or(Value::None, |t| Value::Int(i64::from(t.pos.line))))
                }),
            ),
            (
                "summary",
                func("summary", |_, a| {
                    let e = a
                        .pos
                        .first()
                        .and_then(exc_of)
                        .ok_or_else(|| Exc::type_error("summary() takes an exception"))?;
                    Ok(Value::str(e.summary()))
                }),
            ),
            (
                "record",
                func("record", |i, a| {
                    let text = |n: usize| -> Result<String, Exc> {
                        match a.pos.get(n) {
                            None | Some(Value::None) => Ok(String::new()),
                            Some(v) => i.str(v),
                        }
                    };
                    let at = match a.pos.get(3) {
                        None | Some(Value::None) => None,
                        Some(Value::Float(f)) => Some(*f),
                        Some(Value::Int(n)) => Some(*n as f64),
                        Some(_) => {
                            return Err(Exc::type_error("record(): at must be a number of seconds"))
                        }
                    };
                    i.record_check(CheckRecord {
                        name: text(0)?,
                        state: text(1)?,
                        detail: text(2)?,
                        at,
                        query: text(4)?,
                        line: a
                            .pos
                            .get(5)
                            .and_then(Value::as_int)
                            .and_then(|l| u32::try_from(l).ok()),
                    });
                    Ok(Value::None)
                }),
            ),
            ("explain_asserts", super::testing::explain_asserts()),
        ],
    )
}

/// Loads `looplab_check` from its source.
///
/// # Errors
///
/// What loading it raises (a bug in `check.py`).
pub fn load_check(interp: &Interp) -> Result<Value, Exc> {
    interp.load_source_module("looplab_check", CHECK_SOURCE)
}

/// An exercise check's verdicts, in order (kept in the interpreter's
/// per-run module state).
#[derive(Default)]
struct Checks(std::cell::RefCell<Vec<CheckRecord>>);

impl Interp {
    /// Records an exercise requirement's verdict.
    pub fn record_check(&self, record: CheckRecord) {
        self.module_state::<Checks>().0.borrow_mut().push(record);
    }

    /// The verdicts of an exercise check so far, handed over.
    pub fn take_checks(&self) -> Vec<CheckRecord> {
        std::mem::take(&mut *self.module_state::<Checks>().0.borrow_mut())
    }
}
