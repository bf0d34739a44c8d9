//! The exercises' checkers can fail, and fail for the right reason: for
//! each exercise the reference solution passes every requirement, the
//! starter code does not, and every learner's attempt in
//! `exercises/attempts/ID/` fails exactly the requirements its `# fails:`
//! lines name (at least three attempts per exercise).
//!
//! CPython's verdicts are recorded beside each attempt (`NAME.expected.json`,
//! written by `tests/exercises/reference.py`, which runs the same harness
//! and checker on CPython 3.11's asyncio on a virtual clock): each
//! requirement CPython can judge (all but the trace queries) must come out
//! the same here, detail text included.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use looplab_exercise::{run, Exercise, Requirement, State};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn attempts_dir(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../exercises/attempts")
        .join(id)
}

/// Checks on a thread with a deep stack, as the CLI does.
fn check(ex: &Exercise, source: &str) -> Vec<Requirement> {
    let ex = ex.clone();
    let source = source.to_string();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run::check(&ex, &source, &Default::default()).requirements)
        .unwrap()
        .join()
        .unwrap()
}

fn failing(reqs: &[Requirement]) -> BTreeSet<String> {
    reqs.iter()
        .filter(|r| r.state != State::Pass)
        .map(|r| r.name.clone())
        .collect()
}

fn show(reqs: &[Requirement]) -> String {
    looplab_exercise::report(reqs)
}

#[test]
fn every_reference_solution_passes_and_every_starter_fails() {
    for ex in looplab_exercise::catalogue() {
        let reqs = check(&ex, &ex.solution);
        assert!(
            looplab_exercise::all_passed(&reqs),
            "{}: the reference solution fails:\n{}",
            ex.id,
            show(&reqs)
        );
        assert!(reqs.len() >= 5, "{}: too few requirements", ex.id);
        let reqs = check(&ex, &ex.starter);
        assert!(
            !looplab_exercise::all_passed(&reqs),
            "{}: the starter code passes:\n{}",
            ex.id,
            show(&reqs)
        );
    }
}

#[test]
fn every_wrong_attempt_fails_the_requirements_it_names() {
    let mut problems = Vec::new();
    for ex in looplab_exercise::catalogue() {
        let dir = attempts_dir(&ex.id);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "py"))
            .collect();
        files.sort();
        assert!(files.len() >= 3, "{}: fewer than three attempts", ex.id);
        let names: BTreeSet<String> = check(&ex, &ex.solution)
            .into_iter()
            .map(|r| r.name)
            .collect();
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            let want: BTreeSet<String> = source
                .lines()
                .filter_map(|l| l.strip_prefix("# fails: "))
                .map(|l| l.trim().to_string())
                .collect();
            let label = format!("{}/{}", ex.id, file.file_name().unwrap().to_string_lossy());
            assert!(!want.is_empty(), "{label}: no `# fails:` line");
            for w in &want {
                assert!(
                    names.contains(w),
                    "{label}: `# fails: {w}` names no requirement"
                );
            }
            let reqs = check(&ex, &source);
            let got = failing(&reqs);
            if got != want {
                problems.push(format!(
                    "{label}: expected to fail {want:?}, failed {got:?}\n{}",
                    show(&reqs)
                ));
            }
            for r in reqs.iter().filter(|r| r.state == State::Fail) {
                if r.detail.trim().is_empty() {
                    problems.push(format!("{label}: `{}` failed without saying why", r.name));
                }
            }
            let expected = file.with_extension("expected.json");
            match std::fs::read_to_string(&expected) {
                Ok(text) => compare_with_cpython(&label, &text, &reqs, &mut problems),
                Err(_) => problems.push(format!(
                    "{label}: no CPython verdicts; run `python3 tests/exercises/reference.py`"
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// CPython's verdicts (a JSON list of `{name, state, detail}`; `trace`
/// states are ones only our runtime can judge) against ours.
fn compare_with_cpython(label: &str, text: &str, reqs: &[Requirement], problems: &mut Vec<String>) {
    let cpython: Vec<serde_json::Value> = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            problems.push(format!("{label}: expected.json does not parse: {e}"));
            return;
        }
    };
    for c in cpython {
        let name = c["name"].as_str().unwrap_or_default();
        let state = match c["state"].as_str().unwrap_or_default() {
            "passed" => State::Pass,
            "failed" => State::Fail,
            "skipped" => State::Skip,
            _ => continue,
        };
        match reqs.iter().find(|r| r.name == name) {
            Some(r) if r.state == state => {
                let detail = c["detail"].as_str().unwrap_or_default();
                if state == State::Fail && r.detail != detail {
                    problems.push(format!(
                        "{label}: `{name}`: CPython says {detail:?}, we say {:?}",
                        r.detail
                    ));
                }
            }
            Some(r) => problems.push(format!(
                "{label}: `{name}`: CPython {:?}, Looplab {:?} ({})",
                state, r.state, r.detail
            )),
            None => problems.push(format!("{label}: no requirement `{name}` here")),
        }
    }
}
