//! Differential test of files and databases: every program in
//! `tests/io-corpus` must print what CPython 3.11 printed with the real
//! aiofiles and an asyncpg stand-in over sqlite3 (checked against real
//! asyncpg and PostgreSQL; see `tests/io-corpus/README.md`): the same
//! stdout, the same last line of stderr and the same exit code.
//!
//! Programs run through the `looplab` binary with `--fs memory`, so each
//! starts from an empty workspace and nothing on disk changes. Programs
//! listed in `tests/io-corpus/KNOWN_FAILURES` are run too; the test fails
//! when one of them passes, so the list only shrinks.

use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/io-corpus")
}

fn check(path: &Path) -> Result<(), String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    let expected: Json = std::fs::read_to_string(path.with_extension("expected.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .ok_or_else(|| format!("{name}: no readable .expected.json"))?;
    let out = Command::new(env!("CARGO_BIN_EXE_looplab"))
        .arg("run")
        .arg(path)
        .args(["--fs", "memory"])
        .output()
        .map_err(|e| format!("{name}: cannot run looplab: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.trim_end().lines().last().map(str::to_string);
    let code = out.status.code().unwrap_or(-1);
    let mut problems = Vec::new();
    if expected["stdout"].as_str() != Some(&*stdout) {
        problems.push(format!(
            "stdout differs\n--- CPython\n{}\n--- looplab\n{stdout}",
            expected["stdout"].as_str().unwrap_or("")
        ));
    }
    if expected["stderr_last_line"].as_str().map(str::to_string) != last {
        problems.push(format!(
            "last stderr line: CPython {:?}, looplab {last:?}",
            expected["stderr_last_line"]
        ));
    }
    if expected["exit_code"].as_i64() != Some(i64::from(code)) {
        problems.push(format!(
            "exit code: CPython {}, looplab {code}",
            expected["exit_code"]
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}", problems.join("\n")))
    }
}

#[test]
fn files_and_databases_behave_as_in_cpython() {
    let mut programs: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "py")
                        && p.file_name().is_some_and(|n| n != "reference.py")
                })
                .collect()
        })
        .unwrap_or_default();
    programs.sort();
    assert!(programs.len() >= 20, "the io corpus is missing");
    let known: Vec<String> = std::fs::read_to_string(corpus_dir().join("KNOWN_FAILURES"))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let mut failures = Vec::new();
    let mut fixed = Vec::new();
    for p in &programs {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        match (check(p), known.iter().any(|k| k == name)) {
            (Err(e), false) => failures.push(e),
            (Ok(()), true) => fixed.push(name.to_string()),
            _ => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} programs differ from CPython:\n\n{}",
        failures.len(),
        programs.len(),
        failures.join("\n\n")
    );
    assert!(
        fixed.is_empty(),
        "these now pass: take them off tests/io-corpus/KNOWN_FAILURES: {fixed:?}"
    );
}
