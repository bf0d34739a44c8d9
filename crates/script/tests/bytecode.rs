//! Control flow the bytecode lowers by hand (early exits through `finally`,
//! `with` and `except` blocks; exception context; loops with `else`;
//! unpacking; calls of every shape; recursion to the recursion limit),
//! checked against CPython 3.11: `bytecode.cpython.json` holds each
//! program with its stdout, the last line of its stderr and its traceback's
//! frame lines, with the source and marker lines (`~~^~~`) under each, as
//! written by `bytecode_reference.py`.

use looplab_script::{run, Options};

/// The `File "main.py", line N, in f` lines of a traceback.
fn frame_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with("File ") || l.starts_with("[Previous line repeated")
        })
        .map(|l| l.trim().to_string())
        .collect()
}

/// The program's frames as printed: each `File` line with the more
/// indented lines under it (the source line and the markers under it), as
/// `bytecode_reference.py` picks them.
fn frame_blocks(stderr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut keep, mut depth) = (false, 0);
    for l in stderr.lines() {
        let body = l.trim_start_matches([' ', '|', '+', '-']);
        let indent = l.len() - body.len();
        if body.starts_with("File ") {
            keep = l.contains("\"main.py\"");
            depth = indent;
            if keep {
                out.push(l.trim_end().to_string());
            }
        } else if body.starts_with("[Previous line repeated") {
            keep = false;
            out.push(l.trim_end().to_string());
        } else if keep && indent > depth && !body.is_empty() {
            out.push(l.trim_end().to_string());
        } else {
            keep = false;
        }
    }
    out
}

#[test]
fn programs_print_what_cpython_prints() {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("bytecode.cpython.json")).unwrap_or_default();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut wrong = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or_default();
        let source = case["source"].as_str().unwrap_or_default();
        let out = run(source, &Options::default());
        let last = out.stderr.trim_end().lines().last().unwrap_or_default();
        let want_frames = strings(&case["frames"]);
        let want_blocks = strings(&case["frame_blocks"]);
        if out.stdout != case["stdout"].as_str().unwrap_or_default()
            || last != case["last_stderr_line"].as_str().unwrap_or_default()
            || frame_lines(&out.stderr) != want_frames
            || frame_blocks(&out.stderr) != want_blocks
        {
            wrong.push(format!(
                "{name}\n--- CPython stdout:\n{}--- ours:\n{}--- CPython stderr ends: {}\n    frames:\n{}\n--- ours:\n{}",
                case["stdout"].as_str().unwrap_or_default(),
                out.stdout,
                case["last_stderr_line"].as_str().unwrap_or_default(),
                want_blocks.join("\n"),
                out.stderr
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} differ:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

/// The strings of a JSON array (none when it is not one).
fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}
