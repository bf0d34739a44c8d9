//! Embeds the exercises: every `exercises/*.md` but its README, in the
//! order their front matter's `order:` gives (then by file name). Writes
//! the list into OUT_DIR/exercises.rs: `FULL` (file name, text).

use std::fmt::Write as _;
use std::path::Path;

fn order(text: &str) -> i64 {
    text.lines()
        .skip(1)
        .take_while(|l| l.trim() != "---")
        .find_map(|l| l.strip_prefix("order:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(i64::MAX)
}

/// A Rust string literal for `text`.
fn literal(text: &str) -> String {
    format!("{text:?}")
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../exercises");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<(i64, String, String)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if !name.ends_with(".md") || name == "README.md" {
                continue;
            }
            println!("cargo:rerun-if-changed={}", path.display());
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            files.push((order(&text), name, text));
        }
    }
    files.sort();
    let mut out = String::new();
    let _ = writeln!(out, "/// The exercise files, in order: (file name, text).");
    let _ = writeln!(out, "pub const FULL: &[(&str, &str)] = &[");
    for (_, name, text) in &files {
        let _ = writeln!(out, "    ({}, {}),", literal(name), literal(text));
    }
    let _ = writeln!(out, "];");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("exercises.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
