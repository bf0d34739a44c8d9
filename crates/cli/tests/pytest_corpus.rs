//! The pytest-style runner against real pytest 9 + pytest-asyncio 1.5:
//! for every file in `tests/pytest-corpus`, `looplab test FILE` must give
//! each test pytest's outcome (PASSED, FAILED, ERROR, …), the same summary
//! counts and exit code, and the same first `E` line for each failure
//! (pytest's "AssertionError: " prefix aside, which it adds only for some
//! shapes). pytest's extended diffs under that line are not compared.
//!
//! Tests listed in `tests/pytest-corpus/KNOWN_DIFFERENCES` (`file::test`,
//! with why) are left out of the comparison, and their files' summary lines
//! too; the test fails when a listed one matches pytest, so the list only
//! shrinks.

#![allow(clippy::expect_used)]

use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/pytest-corpus")
}

/// What our report says: outcome per test id, first `E` line per section,
/// the summary counts.
struct Report {
    outcomes: BTreeMap<String, String>,
    first_e: BTreeMap<String, String>,
    summary: String,
}

fn words(word: &str) -> Option<&'static str> {
    Some(match word {
        "PASSED" => "passed",
        "FAILED" => "failed",
        "ERROR" => "error",
        "SKIPPED" => "skipped",
        "XFAIL" => "xfailed",
        _ => return None,
    })
}

fn parse(out: &str) -> Report {
    let mut outcomes: BTreeMap<String, String> = BTreeMap::new();
    let mut first_e = BTreeMap::new();
    let mut section: Option<String> = None;
    let mut summary = String::new();
    for line in out.lines() {
        // `file.py::Class::test_x[id] PASSED          [ 50%]`
        if let (Some((_, rest)), true) = (line.split_once("::"), line.ends_with("%]")) {
            let body = rest.rsplit_once(" [").map_or(rest, |(b, _)| b).trim_end();
            if let Some((id, word)) = body.rsplit_once(' ') {
                if let Some(w) = words(word) {
                    outcomes
                        .entry(id.to_string())
                        .and_modify(|o| *o = format!("{o}+{w}"))
                        .or_insert_with(|| w.to_string());
                    continue;
                }
            }
        }
        if line.starts_with('_') && line.ends_with('_') {
            section = Some(line.trim_matches('_').trim().to_string());
            continue;
        }
        if line.starts_with('=') {
            section = None;
            let inner = line.trim_matches('=').trim();
            if let Some((counts, _)) = inner.rsplit_once(" in ") {
                summary = counts.to_string();
            }
            continue;
        }
        if let (Some(s), Some(e)) = (&section, line.strip_prefix("E ")) {
            first_e
                .entry(s.clone())
                .or_insert_with(|| e.trim().to_string());
        }
    }
    Report {
        outcomes,
        first_e,
        summary,
    }
}

fn strip_prefix(e: &str) -> &str {
    e.trim().trim_start_matches("AssertionError: ")
}

#[test]
fn test_runs_report_what_pytest_reports() {
    let known: Vec<String> = std::fs::read_to_string(corpus_dir().join("KNOWN_DIFFERENCES"))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
        .collect();
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.extension().is_some_and(|x| x == "py")
            && p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("test_"))
    });
    files.sort();
    assert!(files.len() >= 5, "the pytest corpus is missing");
    let mut problems = Vec::new();
    let mut matched_known = Vec::new();
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let expected: Json = std::fs::read_to_string(path.with_extension("expected.json"))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or(Json::Null);
        let out = Command::new(env!("CARGO_BIN_EXE_looplab"))
            .arg("test")
            .arg(path)
            .args(["--fs", "memory"])
            .output()
            .expect("looplab runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let report = parse(&stdout);
        let is_known = |id: &str| known.iter().any(|k| k == &format!("{name}::{id}"));
        // The first `E` line pytest printed for each test, by test id.
        let mut want_e: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (section, lines) in expected["failure_lines"].as_object().into_iter().flatten() {
            let test = section.rsplit(' ').next().unwrap_or(section).to_string();
            if let Some(first) = lines
                .as_array()
                .and_then(|l| l.first())
                .and_then(Json::as_str)
            {
                let want = strip_prefix(first.trim_start_matches('E')).to_string();
                want_e.insert(test, (section.clone(), want));
            }
        }
        let mut file_known = false;
        for (id, want) in expected["outcomes"].as_object().into_iter().flatten() {
            let want = want.as_str().unwrap_or("");
            let got = report.outcomes.get(id).map(String::as_str);
            let mut wrong = Vec::new();
            if got != Some(want) {
                wrong.push(format!("{name}::{id}: pytest {want}, looplab {got:?}"));
            }
            if let Some((section, e)) = want_e.get(id) {
                let ours = report
                    .first_e
                    .get(section)
                    .map(|l| strip_prefix(l).to_string());
                if ours.as_deref() != Some(e.as_str()) {
                    wrong.push(format!(
                        "{name}: {section}: pytest `E {e}`, looplab {ours:?}"
                    ));
                }
            }
            if is_known(id) {
                file_known = true;
                if wrong.is_empty() {
                    matched_known.push(format!("{name}::{id}"));
                }
            } else {
                problems.extend(wrong);
            }
        }
        if !file_known {
            if expected["summary"].as_str() != Some(report.summary.as_str()) {
                problems.push(format!(
                    "{name}: summary: pytest {:?}, looplab {:?}",
                    expected["summary"], report.summary
                ));
            }
            if expected["exit_code"].as_i64() != out.status.code().map(i64::from) {
                problems.push(format!(
                    "{name}: exit code: pytest {}, looplab {:?}",
                    expected["exit_code"],
                    out.status.code()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        matched_known.is_empty(),
        "these match pytest now: take them off KNOWN_DIFFERENCES: {matched_known:?}"
    );
}
