//! "Did you mean" on an uncaught `NameError` or `AttributeError`: CPython's
//! edit distance over the names in scope (bound locals, then globals, then
//! builtins) or the value's attributes. `suggestions.cpython.json` holds
//! each program and the last line of CPython 3.11's stderr
//! (`python3 main.py`).

use looplab_script::{run, Options};

#[test]
fn typos_get_cpythons_suggestion() {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("suggestions.cpython.json")).unwrap_or_default();
    assert_eq!(cases.len(), 8);
    let mut wrong = Vec::new();
    for case in &cases {
        let source = case["source"].as_str().unwrap_or_default();
        let want = case["last_line"].as_str().unwrap_or_default();
        let out = run(source, &Options::default());
        let got = out
            .stderr
            .trim_end()
            .lines()
            .last()
            .unwrap_or_default()
            .to_string();
        if got != want {
            wrong.push(format!("{source:?}\nCPython: {want}\nwe:      {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
