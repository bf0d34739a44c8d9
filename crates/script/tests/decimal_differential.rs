//! `decimal` and `fractions` against CPython 3.11 (its C `_decimal`):
//! `decimal_differential.cpython.json` holds the programs of
//! `decimal_differential/` (contexts and the C module's messages, format
//! specs, edge cases, `Fraction`) and a program of 120 random cases (two
//! operands, a precision and a rounding mode, about forty operations each),
//! with CPython's output for each; `decimal_differential_reference.py`
//! writes it.

use looplab_script::{run, Options};

#[test]
fn decimal_and_fractions_match_cpython() {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("decimal_differential.cpython.json")).unwrap_or_default();
    let programs = data["programs"].as_array().cloned().unwrap_or_default();
    assert_eq!(programs.len(), 5);
    let mut wrong = Vec::new();
    for p in &programs {
        let name = p["name"].as_str().unwrap_or_default();
        let want = p["stdout"].as_str().unwrap_or_default();
        let out = run(
            p["program"].as_str().unwrap_or_default(),
            &Options::default(),
        );
        assert!(
            out.error.is_none(),
            "{name}: {:?}\n{}",
            out.error,
            out.stderr
        );
        wrong.extend(
            want.lines()
                .zip(out.stdout.lines())
                .filter(|(w, g)| w != g)
                .map(|(w, g)| format!("{name}\nCPython: {w}\nwe:      {g}")),
        );
        assert_eq!(
            want.lines().count(),
            out.stdout.lines().count(),
            "{name}: line count"
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
