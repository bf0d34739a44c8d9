//! `pytest` (a module written in Python, `pytest.py`) and the native
//! helpers its runner needs (`_looplab_testing`): what a function's
//! parameters are, what kind of function it is, a failure in pytest's
//! short-traceback words, and where results go.

use super::{func, module};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::ir::FuncKind;
use crate::value::*;
use std::rc::Rc;

/// The source of the `pytest` module.
pub const PYTEST_SOURCE: &str = include_str!("pytest.py");

/// One test's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestCase {
    /// `main.py::test_double[1-2]`
    pub id: String,
    /// `passed`, `failed`, `error`, `skipped` or `xfailed`.
    pub outcome: String,
    /// The one-line reason (`assert 3 == 4`), empty when it passed.
    pub summary: String,
    /// The short traceback and `E` lines, empty when it passed.
    pub details: String,
}

/// Frames of the runner and of `pytest`'s own helpers, left out of
/// failure tracebacks as pytest leaves out its own.
fn hidden_frame(name: &str) -> bool {
    name.starts_with("_pt_")
        || matches!(
            name,
            "fail" | "skip" | "raises" | "match" | "__exit__" | "__eq__" | "__ne__"
        )
}

/// The exception `v` is, if it is one.
pub(crate) fn exc_of(v: &Value) -> Option<Exc> {
    match v {
        Value::Object(o) if o.exc.is_some() => Some(Exc(o.clone())),
        _ => None,
    }
}

fn function_of(v: &Value) -> Option<&Rc<Function>> {
    match v {
        Value::Function(f) => Some(f),
        Value::Bound(b) => match &b.1 {
            Value::Function(f) => Some(f),
            _ => None,
        },
        _ => None,
    }
}

/// The message lines pytest prints after `E`.
fn e_lines(interp: &Interp, e: &Exc) -> Vec<String> {
    let class = e.class();
    let name = match &*class.module {
        "builtins" | "__main__" | "pytest" => class.name.to_string(),
        module => format!("{module}.{}", class.name),
    };
    let msg = interp.str(&e.value()).unwrap_or_default();
    if &*class.name == "AssertionError" && msg.starts_with("assert ") {
        return msg.lines().map(str::to_string).collect();
    }
    if &*class.name == "_PtFixtureError" {
        return msg.lines().map(str::to_string).collect();
    }
    let mut lines: Vec<String> = msg.lines().map(str::to_string).collect();
    match lines.first_mut() {
        Some(first) => *first = format!("{name}: {first}"),
        None => lines.push(name),
    }
    lines
}

/// The one-line summary of a failure.
fn summary(interp: &Interp, e: &Exc) -> String {
    e_lines(interp, e).into_iter().next().unwrap_or_default()
}

/// A failure as pytest's `--tb=short` prints it: the test's frames with
/// their source line (outermost first), then the exception's `E` lines.
fn failure(interp: &Interp, e: &Exc) -> String {
    let source = interp.source();
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::new();
    let tb = e.state().traceback.borrow();
    for entry in tb.iter().rev().filter(|t| !hidden_frame(&t.name)) {
        let (file, text) = match &entry.module {
            Some(m) => (m.path(), m.line(entry.pos.line)),
            None => (
                interp.filename.to_string(),
                lines
                    .get(entry.pos.line.saturating_sub(1) as usize)
                    .copied(),
            ),
        };
        out.push_str(&format!("{file}:{}: in {}\n", entry.pos.line, entry.name));
        if let Some(text) = text {
            out.push_str(&format!("    {}\n", text.trim()));
        }
    }
    for l in e_lines(interp, e) {
        out.push_str(&format!("E   {l}\n"));
    }
    out.trim_end().to_string()
}

/// The `_looplab_testing` module.
pub fn helpers_module() -> Value {
    module(
        "_looplab_testing",
        vec![
            (
                "is_function",
                func("is_function", |_, a| {
                    Ok(Value::Bool(a.pos.first().and_then(function_of).is_some()))
                }),
            ),
            (
                "params",
                func("params", |_, a| {
                    let f = a
                        .pos
                        .first()
                        .and_then(function_of)
                        .ok_or_else(|| Exc::type_error("params() takes a function"))?;
                    let p = &f.def.params;
                    // Parameters with defaults are not fixtures; a bound
                    // method's receiver is not either.
                    let required = p.positional.len().saturating_sub(p.defaults);
                    let skip = usize::from(matches!(a.pos.first(), Some(Value::Bound(_))));
                    let mut names: Vec<Value> = p.positional[..required]
                        .iter()
                        .skip(skip)
                        .map(|n| Value::Str(n.clone()))
                        .collect();
                    names.extend(
                        p.kwonly
                            .iter()
                            .filter(|n| !p.kw_defaults.contains(n))
                            .map(|n| Value::Str(n.clone())),
                    );
                    Ok(Value::list(names))
                }),
            ),
            (
                "class_functions",
                func("class_functions", |_, a| {
                    let Some(Value::Class(c)) = a.pos.first() else {
                        return Err(Exc::type_error("class_functions() takes a class"));
                    };
                    let items = c
                        .dict
                        .borrow()
                        .iter()
                        .filter(|(_, v)| matches!(v, Value::Function(_)))
                        .map(|(k, v)| Value::tuple(vec![Value::Str(k.clone()), v.clone()]))
                        .collect();
                    Ok(Value::list(items))
                }),
            ),
            (
                "defines_init",
                func("defines_init", |_, a| {
                    let Some(Value::Class(c)) = a.pos.first() else {
                        return Err(Exc::type_error("defines_init() takes a class"));
                    };
                    Ok(Value::Bool(c.dict.borrow().contains_key("__init__")))
                }),
            ),
            (
                "kind",
                func("kind", |_, a| {
                    let f = a
                        .pos
                        .first()
                        .and_then(function_of)
                        .ok_or_else(|| Exc::type_error("kind() takes a function"))?;
                    Ok(Value::str(match f.def.kind {
                        FuncKind::Plain => "plain",
                        FuncKind::Generator => "generator",
                        FuncKind::Coroutine => "coroutine",
                        FuncKind::AsyncGenerator => "asyncgen",
                    }))
                }),
            ),
            (
                "search",
                func("search", |i, a| {
                    let pattern = i.str(a.pos.first().unwrap_or(&Value::None))?;
                    let text = i.str(a.pos.get(1).unwrap_or(&Value::None))?;
                    Ok(Value::Bool(search(&pattern, &text)))
                }),
            ),
            (
                "failure",
                func("failure", |i, a| {
                    let e = a
                        .pos
                        .first()
                        .and_then(exc_of)
                        .ok_or_else(|| Exc::type_error("failure() takes an exception"))?;
                    Ok(Value::str(failure(i, &e)))
                }),
            ),
            (
                "summary",
                func("summary", |i, a| {
                    let e = a
                        .pos
                        .first()
                        .and_then(exc_of)
                        .ok_or_else(|| Exc::type_error("summary() takes an exception"))?;
                    Ok(Value::str(summary(i, &e)))
                }),
            ),
            (
                "record",
                func("record", |i, a| {
                    let text = |n: usize| -> Result<String, Exc> {
                        i.str(a.pos.get(n).unwrap_or(&Value::None))
                    };
                    i.record_test(TestCase {
                        id: text(0)?,
                        outcome: text(1)?,
                        summary: text(2)?,
                        details: text(3)?,
                    });
                    Ok(Value::None)
                }),
            ),
            ("explain_asserts", explain_asserts()),
        ],
    )
}

/// `explain_asserts(on=True)`: whether failed `assert`s are explained as
/// pytest explains them (test runs, an exercise's requirements).
pub(crate) fn explain_asserts() -> Value {
    func("explain_asserts", |i, a| {
        let on = a
            .pos
            .first()
            .and_then(Value::truthy_builtin)
            .unwrap_or(true);
        i.set_explain_asserts(on);
        Ok(Value::None)
    })
}

/// `pytest.raises(match=...)`'s pattern search. There is no `re` module:
/// a pattern is searched as text after undoing backslash escapes, with
/// `^` and `$` anchoring; `.*` between parts matches anything.
pub fn search(pattern: &str, text: &str) -> bool {
    let (anchored_start, rest) = match pattern.strip_prefix('^') {
        Some(r) => (true, r),
        None => (false, pattern),
    };
    let (anchored_end, rest) = match rest.strip_suffix('$') {
        Some(r) if !r.ends_with('\\') => (true, r),
        _ => (false, rest),
    };
    let parts: Vec<String> = rest.split(".*").map(unescape).collect();
    let mut at = 0;
    for (i, part) in parts.iter().enumerate() {
        let found = if i == 0 && anchored_start {
            text.starts_with(part.as_str()).then_some(0)
        } else {
            text[at..].find(part.as_str()).map(|p| p + at)
        };
        match found {
            Some(p) => at = p + part.len(),
            None => return false,
        }
    }
    !anchored_end || at == text.len() || parts.last().is_some_and(|p| text.ends_with(p.as_str()))
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Loads `pytest` from its source.
///
/// # Errors
///
/// What loading it raises (a bug in `pytest.py`).
pub fn load_pytest(interp: &Interp) -> Result<Value, Exc> {
    interp.load_source_module("pytest", PYTEST_SOURCE)
}

/// `pytest_asyncio`: `fixture` (pytest's) and `is_async_test`.
///
/// # Errors
///
/// What loading `pytest` raises.
pub fn pytest_asyncio_module(interp: &Interp) -> Result<Value, Exc> {
    let pytest = interp.import("pytest")?;
    let fixture = interp.getattr(&pytest, "fixture")?;
    Ok(module("pytest_asyncio", vec![("fixture", fixture)]))
}

/// A run's test results, in order (kept in the interpreter's
/// per-run module state).
#[derive(Default)]
struct TestResults(std::cell::RefCell<Vec<TestCase>>);

impl Interp {
    /// Records a test's result.
    pub fn record_test(&self, case: TestCase) {
        self.module_state::<TestResults>().0.borrow_mut().push(case);
    }

    /// The results of the test run so far, handed over.
    pub fn take_test_results(&self) -> Vec<TestCase> {
        std::mem::take(&mut *self.module_state::<TestResults>().0.borrow_mut())
    }
}

#[cfg(test)]
mod tests {
    use super::search;

    #[test]
    fn match_patterns_search_text_as_pytest_users_write_them() {
        assert!(search("boom", "a boom here"));
        assert!(search("^a boom", "a boom here"));
        assert!(!search("^boom", "a boom here"));
        assert!(search("here$", "a boom here"));
        assert!(search("must be .* positive", "must be strictly positive"));
        assert!(search(r"1\.5", "got 1.5"));
    }
}
