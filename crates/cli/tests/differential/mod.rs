//! Running a Python program through Looplab and comparing what it did with
//! what CPython 3.11 did on a virtual clock (`NAME.expected.json`, written
//! by `tests/corpus/reference.py`; the format is in `tests/corpus/README.md`).
//!
//! Shared by the differential tests (`corpus.rs`, `probe.rs`): each test
//! binary compiles this module on its own and uses part of it.

#![allow(dead_code)]

use looplab_script::{run, Options, Outcome, ProgramError};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Which line of Looplab's error output stands for CPython's
/// `stderr_last_line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastLine {
    /// The uncaught exception's summary line (`ValueError: boom`, with a
    /// "Did you mean" suggestion when there is one).
    Summary,
    /// The last line of the traceback as printed, which is what a learner
    /// sees: the box's bottom edge for an exception group, the last note
    /// added with `add_note()`, the last line of a multi-line message.
    Traceback,
}

/// How one program is run and compared.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// What `stderr_last_line` is compared with.
    pub last_line: LastLine,
    /// Real time a program may take before it counts as a failure (`None`:
    /// wait for it however long it takes).
    pub time_limit: Option<Duration>,
}

/// The Python programs of `dir` (not `reference.py`), sorted.
pub fn programs_in(dir: &Path) -> Vec<PathBuf> {
    let mut programs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "py"))
                .collect()
        })
        .unwrap_or_default();
    programs.retain(|p| p.file_name().is_none_or(|n| n != "reference.py"));
    programs.sort();
    programs
}

/// A `KNOWN_FAILURES` file: each entry (a program's path relative to the
/// file's folder) with the reason written after `#` on its line ("" when
/// there is none). Lines that hold only a comment are skipped.
pub fn known_failures(file: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let (entry, reason) = line.split_once('#').unwrap_or((line, ""));
            let entry = entry.trim();
            (!entry.is_empty()).then(|| (entry.to_string(), reason.trim().to_string()))
        })
        .collect()
}

/// Runs one program and compares it with its `.expected.json`.
pub fn check_file(path: &Path, rules: Rules) -> Result<(), String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    let source = std::fs::read_to_string(path).unwrap_or_default();
    let expected: Json = std::fs::read_to_string(path.with_extension("expected.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Json::Null);
    check(name, &source, &expected, rules)
}

/// `line` with every address (`0x` and 8 to 16 hex digits, as in
/// `<function main at 0x7f3a2c1b9e40>`) written `0x…`: addresses differ from
/// run to run, so both sides are compared without them. Shorter and longer
/// hex numbers (`hex(255)`, a big integer's `hex()`) are still compared.
pub fn mask_addresses(line: &str) -> String {
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let (mut i, mut copied) = (0, 0);
    while i + 1 < b.len() {
        let hex = b[i + 2..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        let starts = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if starts && b[i] == b'0' && b[i + 1] == b'x' && (8..=16).contains(&hex) {
            out.push_str(&line[copied..i]);
            out.push_str("0x…");
            i += 2 + hex;
            copied = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&line[copied..]);
    out
}

/// Lines grouped by the instant they were printed at, in order.
fn groups(lines: &[(f64, String)]) -> Vec<(i64, Vec<String>)> {
    let mut out: Vec<(i64, Vec<String>)> = Vec::new();
    for (t, line) in lines {
        let key = (t * 1e6).round() as i64;
        let line = mask_addresses(line);
        match out.last_mut() {
            Some((k, ls)) if *k == key => ls.push(line),
            _ => out.push((key, vec![line])),
        }
    }
    for (_, ls) in out.iter_mut() {
        ls.sort();
    }
    out
}

/// SQLite for the examples' asyncpg. Every request and response crosses
/// the byte protocol, as between the browser's engine and its SQL module.
#[derive(Debug, Default)]
struct Sqlite(std::cell::RefCell<looplab_sql::Databases>);

impl looplab_script::modules::asyncpg::SqlBackend for Sqlite {
    fn handle(&self, request: looplab_sql::Request) -> looplab_sql::Response {
        let bytes = self.0.borrow_mut().handle_bytes(&request.encode());
        looplab_sql::Response::decode(&bytes).unwrap_or_else(looplab_sql::Response::Err)
    }
}

fn sqlite() -> std::rc::Rc<dyn looplab_script::modules::asyncpg::SqlBackend> {
    std::rc::Rc::new(Sqlite::default())
}

/// Runs `source` as the page does (the demo workspace, SQLite for
/// asyncpg) on a thread with a deep stack.
fn run_program(name: &str, source: &str, time_limit: Option<Duration>) -> Result<Outcome, String> {
    let opts = Options {
        filename: name.to_string(),
        files: looplab_script::fs::demo_workspace(),
        sql: Some(sqlite),
        ..Options::default()
    };
    let src = source.to_string();
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let _ = send.send(run(&src, &opts));
        })
        .map_err(|e| e.to_string())?;
    // A panic drops the sender without sending. A program still running
    // at the time limit is left behind on its thread.
    match time_limit {
        None => receive
            .recv()
            .map_err(|_| "the interpreter panicked".to_string()),
        Some(limit) => receive.recv_timeout(limit).map_err(|e| match e {
            mpsc::RecvTimeoutError::Timeout => {
                format!("still running after {} s of real time", limit.as_secs())
            }
            mpsc::RecvTimeoutError::Disconnected => "the interpreter panicked".to_string(),
        }),
    }
}

/// Runs `source` and compares stdout (lines grouped by virtual instant),
/// the exit code and the last line of stderr with `expected`.
pub fn check(name: &str, source: &str, expected: &Json, rules: Rules) -> Result<(), String> {
    let outcome = run_program(name, source, rules.time_limit)?;
    let want: Vec<(f64, String)> = expected["stdout"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    // Programs with files or databases: those cost simulated time here and
    // none in the reference, so only the lines and their order count.
    let untimed = |lines: &[(f64, String)]| -> Vec<(f64, String)> {
        lines.iter().map(|(_, l)| (0.0, l.clone())).collect()
    };
    let (want, got) = if expected["times"] == Json::Bool(false) {
        (untimed(&want), untimed(&outcome.stdout_lines))
    } else {
        (want, outcome.stdout_lines.clone())
    };
    let (g_want, g_got) = (groups(&want), groups(&got));
    if g_want != g_got {
        let first = g_want
            .iter()
            .zip(g_got.iter())
            .position(|(a, b)| a != b)
            .unwrap_or(g_want.len().min(g_got.len()));
        let show = |g: &[(i64, Vec<String>)]| {
            g.get(first)
                .map(|(t, ls)| format!("t={:.6} {:?}", *t as f64 / 1e6, ls))
                .unwrap_or_else(|| "(nothing)".into())
        };
        let mut msg = format!(
            "stdout differs at group {first}: expected {} got {}",
            show(&g_want),
            show(&g_got)
        );
        if !outcome.stderr.is_empty() {
            msg.push_str(&format!(
                "\n    stderr: {}",
                outcome.stderr.lines().last().unwrap_or("")
            ));
        }
        return Err(msg);
    }
    let want_exit = expected["exit_code"].as_i64().unwrap_or(0);
    if i64::from(outcome.exit_code()) != want_exit {
        return Err(format!(
            "exit code {} (expected {want_exit}); stderr: {}",
            outcome.exit_code(),
            outcome.stderr.trim_end()
        ));
    }
    if let Some(last) = expected["stderr_last_line"].as_str() {
        let got = match (&outcome.error, rules.last_line) {
            (Some(ProgramError::Uncaught { summary, .. }), LastLine::Summary) => summary.clone(),
            (Some(ProgramError::Uncaught { traceback, .. }), LastLine::Traceback) => {
                traceback.lines().last().unwrap_or("").to_string()
            }
            // A syntax error is reported in CPython's form on stderr.
            (Some(ProgramError::Syntax { .. }), _) => {
                outcome.stderr.lines().last().unwrap_or("").to_string()
            }
            _ => String::new(),
        };
        if mask_addresses(&got) != mask_addresses(last) {
            return Err(format!("last stderr line {got:?} (expected {last:?})"));
        }
    }
    Ok(())
}
