//! Differential probe: every program in `tests/probe/AREA/` (small programs
//! written the way learners and tutorials write them) must print what
//! CPython 3.11 printed on a virtual clock (`NN_name.expected.json`, made by
//! `tests/probe/reference.py` with the corpus's runner), exit with the same
//! code, and end its stderr with the same line. Lines printed at the same
//! virtual instant may come in any order.
//!
//! Programs listed in `tests/probe/KNOWN_FAILURES` (paths such as
//! `errors/14_name_error_suggestion.py`, each with a reason) are still run;
//! the test fails when any other program differs, and also when a listed
//! program passes (so the list only shrinks). It prints a table of pass and
//! known-failure counts per area.

mod differential;

use differential::{check_file, known_failures, programs_in, LastLine, Rules};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// The probe compares the traceback's last line as printed (an exception
/// group's bottom edge, a note added with `add_note()`), as CPython's
/// stderr shows it, and gives up on a program after 20 s of real time.
const RULES: Rules = Rules {
    last_line: LastLine::Traceback,
    time_limit: Some(Duration::from_secs(20)),
};

fn probe_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/probe")
}

/// One program: its area, its path relative to `tests/probe`, its file.
struct Program {
    area: String,
    name: String,
    path: PathBuf,
}

fn programs(dir: &Path) -> Vec<Program> {
    let mut areas: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| !n.starts_with(['.', '_']))
                .collect()
        })
        .unwrap_or_default();
    areas.sort();
    let mut out = Vec::new();
    for area in areas {
        for path in programs_in(&dir.join(&area)) {
            let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
            out.push(Program {
                name: format!("{area}/{file}"),
                area: area.clone(),
                path,
            });
        }
    }
    out
}

/// Checks every program, a few at a time; results in the programs' order.
fn check_all(programs: &[Program]) -> Vec<Result<(), String>> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(4);
    let next = AtomicUsize::new(0);
    let results = Mutex::new(vec![Ok(()); programs.len()]);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(p) = programs.get(i) else { break };
                let result = check_file(&p.path, RULES);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = result;
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Pass, known-failure and unexpected counts of one area.
#[derive(Default)]
struct Tally {
    pass: usize,
    known: usize,
    unexpected: usize,
    fixed: usize,
}

#[test]
fn probe_matches_cpython() {
    let dir = probe_dir();
    let known = known_failures(&dir.join("KNOWN_FAILURES"));
    let programs = programs(&dir);
    assert!(
        programs.len() >= 300,
        "expected the probe's programs in {}",
        dir.display()
    );
    let listed_but_absent: Vec<&String> = known
        .keys()
        .filter(|k| !programs.iter().any(|p| &p.name == *k))
        .collect();
    assert!(
        listed_but_absent.is_empty(),
        "KNOWN_FAILURES lists programs that do not exist: {listed_but_absent:?}"
    );
    let unexplained: Vec<&String> = known
        .iter()
        .filter(|(_, reason)| reason.is_empty())
        .map(|(k, _)| k)
        .collect();
    assert!(
        unexplained.is_empty(),
        "KNOWN_FAILURES entries need a reason after `  # `: {unexplained:?}"
    );

    let results = check_all(&programs);
    let mut tally: BTreeMap<&str, Tally> = BTreeMap::new();
    let (mut unexpected, mut fixed) = (Vec::new(), Vec::new());
    for (p, result) in programs.iter().zip(&results) {
        let t = tally.entry(p.area.as_str()).or_default();
        let listed = known.contains_key(&p.name);
        match (result, listed) {
            (Ok(()), false) => t.pass += 1,
            (Ok(()), true) => {
                t.pass += 1;
                t.fixed += 1;
                fixed.push(p.name.clone());
            }
            (Err(e), true) => {
                t.known += 1;
                println!("known {}: {e}", p.name);
            }
            (Err(e), false) => {
                t.unexpected += 1;
                println!("FAIL  {}: {e}", p.name);
                unexpected.push(p.name.clone());
            }
        }
    }

    println!();
    println!(
        "{:<10} {:>8} {:>6} {:>6} {:>6}",
        "area", "programs", "pass", "known", "FAIL"
    );
    let mut total = Tally::default();
    for (area, t) in &tally {
        println!(
            "{area:<10} {:>8} {:>6} {:>6} {:>6}",
            t.pass + t.known + t.unexpected,
            t.pass,
            t.known,
            t.unexpected
        );
        total.pass += t.pass;
        total.known += t.known;
        total.unexpected += t.unexpected;
        total.fixed += t.fixed;
    }
    println!(
        "{:<10} {:>8} {:>6} {:>6} {:>6}",
        "total",
        programs.len(),
        total.pass,
        total.known,
        total.unexpected
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
