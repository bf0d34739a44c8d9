//! Looplab's exercises.
//!
//! An exercise is one Markdown file in `exercises/` (the format is in
//! `exercises/README.md`): front matter (`id`, `title`, `summary`), the
//! statement, then the sections `## Starter`, `## Hints`, `## Solution`
//! and `## Checker`. The checker is Python run by the interpreter's
//! `looplab_check` harness: a scenario that calls the learner's code with
//! recording collaborators, and requirements judged on what it recorded or
//! on the run's trace ([`trace`]).
//!
//! With the `shipped` feature (default) the crate embeds the exercises
//! that ship with Looplab:
//!
//! ```
//! let all = looplab_exercise::catalogue();
//! assert_eq!(all[0].id, "rate-limited-scraper");
//! assert!(all.iter().all(|e| !e.hints.is_empty()));
//! ```

pub mod markdown;
#[cfg(feature = "run")]
pub mod run;
pub mod trace;

/// One exercise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exercise {
    /// Its id (`rate-limited-scraper`), used in links and on the CLI.
    pub id: String,
    /// Its title.
    pub title: String,
    /// One line saying what it practises.
    pub summary: String,
    /// The statement, Markdown.
    pub statement: String,
    /// The code a learner starts from.
    pub starter: String,
    /// Hints, revealed one at a time, Markdown each.
    pub hints: Vec<String>,
    /// A reference solution.
    pub solution: String,
    /// The checker: Python for the `looplab_check` harness.
    pub checker: String,
}

/// A malformed exercise file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// The line (1-based) the problem is on.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for FormatError {}

fn err(line: usize, message: impl Into<String>) -> FormatError {
    FormatError {
        line,
        message: message.into(),
    }
}

/// The sections an exercise file has after its statement.
const SECTIONS: [&str; 4] = ["Starter", "Hints", "Solution", "Checker"];

/// Parses an exercise file.
///
/// # Errors
///
/// Missing front matter, an unknown or missing section, a code section
/// without its fenced block, or no hints.
pub fn parse(text: &str) -> Result<Exercise, FormatError> {
    parse_with(text, true)
}

/// Parses an exercise file that may lack its `## Checker` (the checker is
/// then empty).
///
/// # Errors
///
/// As [`parse`], except for a missing checker.
pub fn parse_without_checker(text: &str) -> Result<Exercise, FormatError> {
    parse_with(text, false)
}

fn parse_with(text: &str, checker_needed: bool) -> Result<Exercise, FormatError> {
    let lines: Vec<&str> = text.lines().collect();
    if lines.first().map(|l| l.trim()) != Some("---") {
        return Err(err(1, "an exercise starts with front matter: a line `---`"));
    }
    let close = lines
        .iter()
        .skip(1)
        .position(|l| l.trim() == "---")
        .map(|p| p + 1)
        .ok_or_else(|| err(1, "the front matter is not closed by a line `---`"))?;
    let mut front = std::collections::BTreeMap::new();
    for (n, line) in lines[1..close].iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| err(n + 2, "front matter lines are `key: value`"))?;
        front.insert(key.trim().to_string(), value.trim().to_string());
    }
    let field = |key: &str| {
        front
            .get(key)
            .cloned()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| err(1, format!("the front matter has no `{key}`")))
    };
    // Split the body at `## Section` headings outside code fences.
    let mut statement = Vec::new();
    let mut sections: Vec<(&str, usize, Vec<&str>)> = Vec::new();
    let mut in_fence = false;
    for (n, line) in lines.iter().enumerate().skip(close + 1) {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence {
            if let Some(name) = line.strip_prefix("## ") {
                let name = name.trim();
                let known = SECTIONS
                    .iter()
                    .find(|s| **s == name)
                    .ok_or_else(|| {
                        err(
                            n + 1,
                            format!("unknown section `{name}` (expected one of: Starter, Hints, Solution, Checker)"),
                        )
                    })?;
                sections.push((known, n + 1, Vec::new()));
                continue;
            }
        }
        match sections.last_mut() {
            Some(s) => s.2.push(line),
            None => statement.push(*line),
        }
    }
    let section = |name: &str| -> Result<(usize, &Vec<&str>), FormatError> {
        sections
            .iter()
            .find(|s| s.0 == name)
            .map(|s| (s.1, &s.2))
            .ok_or_else(|| {
                err(
                    lines.len(),
                    format!("the exercise has no `## {name}` section"),
                )
            })
    };
    let code = |name: &str| -> Result<String, FormatError> {
        let (line, body) = section(name)?;
        let start = body
            .iter()
            .position(|l| l.trim_start().starts_with("```"))
            .ok_or_else(|| err(line, format!("`## {name}` holds no ```python block")))?;
        let end = body[start + 1..]
            .iter()
            .position(|l| l.trim_start().starts_with("```"))
            .ok_or_else(|| err(line, format!("the code block of `## {name}` is not closed")))?;
        let mut code = body[start + 1..start + 1 + end].join("\n");
        code.push('\n');
        Ok(code)
    };
    let (hints_line, hint_lines) = section("Hints")?;
    let hints = hint_items(hint_lines);
    if hints.is_empty() {
        return Err(err(
            hints_line,
            "`## Hints` holds no numbered hints (`1. …`)",
        ));
    }
    Ok(Exercise {
        id: field("id")?,
        title: field("title")?,
        summary: field("summary")?,
        statement: statement.join("\n").trim().to_string(),
        starter: code("Starter")?,
        hints,
        solution: code("Solution")?,
        checker: if checker_needed || section("Checker").is_ok() {
            code("Checker")?
        } else {
            String::new()
        },
    })
}

/// The items of a numbered list: each starts at `N. ` and runs until the
/// next item (indented lines, blank lines and code blocks included).
fn hint_items(lines: &[&str]) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for line in lines {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && line[digits..].starts_with(". ") {
            items.push(line[digits + 2..].to_string());
        } else if let Some(last) = items.last_mut() {
            last.push('\n');
            last.push_str(line.strip_prefix("   ").unwrap_or(line));
        }
    }
    items.iter().map(|i| i.trim().to_string()).collect()
}

/// The exercise files (`exercises/*.md`, in their `order:`), embedded by
/// the build script as `FULL`: (file name, text).
#[cfg(feature = "shipped")]
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/exercises.rs"));
}

/// The files of the exercises that ship with Looplab, in order: (file
/// name, text), checkers included. Only with the `shipped` feature: the
/// engine leaves them out (a check request carries its checker).
#[cfg(feature = "shipped")]
pub const FILES: &[(&str, &str)] = embedded::FULL;

/// The exercises that ship with Looplab, in order. A file that does not
/// parse is left out (the crate's tests make sure none is).
#[cfg(feature = "shipped")]
pub fn catalogue() -> Vec<Exercise> {
    FILES
        .iter()
        .filter_map(|(_, text)| parse(text).ok())
        .collect()
}

/// The exercise with id `id`.
#[cfg(feature = "shipped")]
pub fn find(id: &str) -> Option<Exercise> {
    catalogue().into_iter().find(|e| e.id == id)
}

/// The exercises as JSON, what the npm package's `exercises()` gives:
/// `[{id, title, summary, statement, starter, hints, solution}]`, and with
/// `checkers` each one's `checker` too (the Node package's copy, from
/// which its `check()` sends the checker to the engine).
#[cfg(feature = "shipped")]
pub fn catalogue_json(checkers: bool) -> String {
    let list: Vec<serde_json::Value> = catalogue()
        .into_iter()
        .map(|e| {
            let mut o = serde_json::json!({
                "id": e.id,
                "title": e.title,
                "summary": e.summary,
                "statement": e.statement,
                "starter": e.starter,
                "hints": e.hints,
                "solution": e.solution,
            });
            if let (true, Some(o)) = (checkers, o.as_object_mut()) {
                o.insert("checker".into(), e.checker.into());
            }
            o
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// The ids of the exercises, for messages (`one of: a, b, c`).
#[cfg(feature = "shipped")]
pub fn ids() -> Vec<String> {
    catalogue().into_iter().map(|e| e.id).collect()
}

/// What a check of an exercise that does not exist ends with:
/// `LookupError: there is no exercise "x" (the exercises are: a, b)`.
#[cfg(feature = "shipped")]
pub fn unknown(id: &str) -> String {
    format!(
        "LookupError: there is no exercise {id:?} (the exercises are: {})",
        ids().join(", ")
    )
}

/// How a requirement came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// It holds.
    Pass,
    /// It does not.
    Fail,
    /// It was not checked (the run ended before it could be).
    Skip,
}

impl State {
    /// `pass`, `fail` or `skip`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pass => "pass",
            State::Fail => "fail",
            State::Skip => "skip",
        }
    }

    /// The state named `pass`, `fail` or `skip`.
    pub fn from_name(name: &str) -> Option<State> {
        match name {
            "pass" => Some(State::Pass),
            "fail" => Some(State::Fail),
            "skip" => Some(State::Skip),
            _ => None,
        }
    }
}

/// One requirement's verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    /// What is required.
    pub name: String,
    /// How it came out.
    pub state: State,
    /// For a failure, what happened (and when); for a skip, why.
    pub detail: String,
    /// The clock reading the detail is about (a link to that instant on
    /// the timeline).
    pub at: Option<f64>,
    /// The line of the learner's code the detail is about.
    pub line: Option<u32>,
}

impl Requirement {
    /// Whether it holds.
    pub fn passed(&self) -> bool {
        self.state == State::Pass
    }
}

/// Whether every requirement holds (and there is at least one).
pub fn all_passed(reqs: &[Requirement]) -> bool {
    !reqs.is_empty() && reqs.iter().all(Requirement::passed)
}

/// The verdicts as a text report, one line per requirement with its
/// detail indented below: what the CLI prints.
pub fn report(reqs: &[Requirement]) -> String {
    let mut out = String::new();
    for r in reqs {
        let mark = match r.state {
            State::Pass => "✓",
            State::Fail => "✗",
            State::Skip => "·",
        };
        out.push_str(&format!("{mark} {}\n", r.name));
        if !r.detail.is_empty() {
            for line in r.detail.lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    let passed = reqs.iter().filter(|r| r.passed()).count();
    out.push_str(&format!("{passed} of {} requirements hold\n", reqs.len()));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[cfg(feature = "shipped")]
    #[test]
    fn every_shipped_exercise_parses() {
        assert_eq!(FILES.len(), 5);
        for (file, text) in FILES {
            let e = parse(text).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(&format!("{}.md", e.id), file);
            assert!(e.hints.len() >= 2, "{file}: hints");
            assert!(e.checker.contains("def scenario"), "{file}: checker");
            // Without its checker, the same exercise with an empty one.
            let lite = &text[..text.find("\n## Checker").map_or(text.len(), |i| i + 1)];
            assert!(!lite.contains("## Checker"), "{file}");
            let l = parse_without_checker(lite).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(
                Exercise {
                    checker: String::new(),
                    ..e
                },
                l
            );
        }
        assert_eq!(catalogue().len(), FILES.len());
        let ids: Vec<String> = catalogue().into_iter().map(|e| e.id).collect();
        assert_eq!(ids[0], "rate-limited-scraper");
        assert_eq!(ids[4], "file-pipeline");
    }

    #[cfg(feature = "shipped")]
    #[test]
    fn the_catalogue_as_json() {
        let list: serde_json::Value = serde_json::from_str(&catalogue_json(false)).unwrap();
        let first = &list[0];
        assert_eq!(first["id"], "rate-limited-scraper");
        assert!(first.get("checker").is_none());
        assert!(first["hints"].as_array().unwrap().len() >= 2);
        let full: serde_json::Value = serde_json::from_str(&catalogue_json(true)).unwrap();
        assert_eq!(full.as_array().unwrap().len(), 5);
        assert!(full[4]["checker"]
            .as_str()
            .unwrap()
            .contains("def scenario"));
        assert_eq!(
            unknown("nope"),
            "LookupError: there is no exercise \"nope\" (the exercises are: rate-limited-scraper, pool-with-retry, priority-scheduler, pub-sub, file-pipeline)"
        );
    }

    #[test]
    fn a_malformed_file_says_what_and_where() {
        assert_eq!(parse("# no front matter").unwrap_err().line, 1);
        let text = "---\nid: x\ntitle: X\nsummary: s\n---\nSay.\n## Starter\n```python\npass\n```\n## Extra\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.line, 11);
        assert!(e.message.contains("unknown section `Extra`"), "{e}");
        let text = "---\nid: x\ntitle: X\nsummary: s\n---\nSay.\n## Starter\n```python\npass\n```\n## Hints\n1. a\n## Solution\nno code\n## Checker\n```python\n```\n";
        let e = parse(text).unwrap_err();
        assert!(e.message.contains("`## Solution` holds no"), "{e}");
    }

    #[test]
    fn hints_run_until_the_next_number() {
        let items = hint_items(&[
            "1. first",
            "   more",
            "",
            "2. second",
            "```python",
            "x",
            "```",
        ]);
        assert_eq!(
            items,
            vec![
                "first\nmore".to_string(),
                "second\n```python\nx\n```".into()
            ]
        );
    }
}
