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

mod differential;

use differential::{check_file, known_failures, programs_in, LastLine, Rules};
use std::path::{Path, PathBuf};

/// The corpus compares the exception's summary line with CPython's last
/// stderr line and waits for every program however long it takes.
const RULES: Rules = Rules {
    last_line: LastLine::Summary,
    time_limit: None,
};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
fn corpus_matches_cpython() {
    let dir = corpus_dir();
    let known = known_failures(&dir.join("KNOWN_FAILURES"));
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
        match check_file(p, RULES) {
            Ok(()) => {
                passed += 1;
                if known.contains_key(&name) {
                    fixed.push(name);
                }
            }
            Err(e) => {
                let tag = if known.contains_key(&name) {
                    "known"
                } else {
                    "FAIL "
                };
                println!("{tag} {name}: {e}");
                if !known.contains_key(&name) {
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
        if let Err(e) = check_file(p, RULES) {
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
