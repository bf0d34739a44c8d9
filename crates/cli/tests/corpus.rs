//! Differential test: every program in `tests/corpus` must print what
//! CPython 3.11 printed on a virtual clock (`NN_name.expected.json`, made by
//! `tests/corpus/reference.py`), ignoring only the relative order of lines
//! printed at the same virtual instant.
//!
//! Programs listed in `tests/corpus/KNOWN_FAILURES` (one file name a line,
//! `#` comments) are still run and reported; the test fails when any other
//! program differs, and also when a listed program passes (so the list only
//! shrinks).
//!
//! The playground's gallery, `examples/*.py`, is checked the same way against
//! its `examples/*.expected.json` (also made by `reference.py`), with no
//! known failures allowed.

use looplab_script::{run, Options, ProgramError};
use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// The Python programs of `dir` (not `reference.py`), sorted.
fn programs_in(dir: &Path) -> Vec<PathBuf> {
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

/// Runs one program and compares it with its `.expected.json`.
fn check_file(path: &Path) -> Result<(), String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    let source = std::fs::read_to_string(path).unwrap_or_default();
    let expected: Json = std::fs::read_to_string(path.with_extension("expected.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Json::Null);
    check(name, &source, &expected)
}

/// Lines grouped by the instant they were printed at, in order.
fn groups(lines: &[(f64, String)]) -> Vec<(i64, Vec<String>)> {
    let mut out: Vec<(i64, Vec<String>)> = Vec::new();
    for (t, line) in lines {
        let key = (t * 1e6).round() as i64;
        match out.last_mut() {
            Some((k, ls)) if *k == key => ls.push(line.clone()),
            _ => out.push((key, vec![line.clone()])),
        }
    }
    for (_, ls) in out.iter_mut() {
        ls.sort();
    }
    out
}

/// SQLite for the examples' asyncpg.
#[derive(Debug, Default)]
struct Sqlite(std::cell::RefCell<looplab_sql::Databases>);

impl looplab_script::modules::asyncpg::SqlBackend for Sqlite {
    fn handle(&self, request: looplab_sql::Request) -> looplab_sql::Response {
        self.0.borrow_mut().handle(request)
    }
}

fn sqlite() -> std::rc::Rc<dyn looplab_script::modules::asyncpg::SqlBackend> {
    std::rc::Rc::new(Sqlite::default())
}

fn check(name: &str, source: &str, expected: &Json) -> Result<(), String> {
    // As in the page: the demo workspace, and SQLite for asyncpg.
    let opts = Options {
        filename: name.to_string(),
        files: looplab_script::fs::demo_workspace(),
        sql: Some(sqlite),
        ..Options::default()
    };
    let src = source.to_string();
    let outcome = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run(&src, &opts))
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "the interpreter panicked".to_string())?;
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
        let got = match &outcome.error {
            Some(ProgramError::Uncaught { summary, .. }) => summary.clone(),
            _ => String::new(),
        };
        if got != last {
            return Err(format!("last stderr line {got:?} (expected {last:?})"));
        }
    }
    Ok(())
}

#[test]
fn corpus_matches_cpython() {
    let dir = corpus_dir();
    let known: BTreeSet<String> = std::fs::read_to_string(dir.join("KNOWN_FAILURES"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let programs = programs_in(&dir);
    assert!(
        programs.len() >= 60,
        "expected the corpus in {}",
        dir.display()
    );
    let (mut passed, mut unexpected, mut fixed) = (0, Vec::new(), Vec::new());
    for p in &programs {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        match check_file(p) {
            Ok(()) => {
                passed += 1;
                if known.contains(&name) {
                    fixed.push(name);
                }
            }
            Err(e) => {
                let tag = if known.contains(&name) {
                    "known"
                } else {
                    "FAIL "
                };
                println!("{tag} {name}: {e}");
                if !known.contains(&name) {
                    unexpected.push(name);
                }
            }
        }
    }
    println!(
        "corpus: {passed} of {} programs match CPython",
        programs.len()
    );
    assert!(
        unexpected.is_empty(),
        "programs differing from CPython: {unexpected:?}"
    );
    assert!(
        fixed.is_empty(),
        "these now pass; remove them from KNOWN_FAILURES: {fixed:?}"
    );
}

#[test]
fn examples_match_cpython() {
    let programs = programs_in(&examples_dir());
    assert!(!programs.is_empty(), "expected the gallery in examples/");
    let mut failed = Vec::new();
    for p in &programs {
        if let Err(e) = check_file(p) {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            let name = name.unwrap_or_default();
            println!("FAIL  {name}: {e}");
            failed.push(name);
        }
    }
    assert!(
        failed.is_empty(),
        "examples differing from CPython: {failed:?}"
    );
}
