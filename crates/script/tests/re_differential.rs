//! `re` against CPython 3.11 on random patterns: `re_differential.cpython.json`
//! holds a program describing 800 (pattern, flags, string) cases (finditer
//! spans and groups, `sub` with a function, `split`, `fullmatch`, `match`
//! from position 1, or the `re.error`) and CPython's output for it; it is
//! written by `re_differential_reference.py`.
//!
//! Also here: a catastrophic pattern ends with the step-limit error, and a
//! long subject does not overflow the native stack.

use looplab_script::{run, Limits, Options};

#[test]
fn random_patterns_match_cpython() {
    let case: serde_json::Value =
        serde_json::from_str(include_str!("re_differential.cpython.json")).unwrap_or_default();
    let program = case["program"].as_str().unwrap_or_default();
    let want = case["stdout"].as_str().unwrap_or_default();
    assert!(want.lines().count() >= 800);
    let out = run(program, &Options::default());
    assert!(out.error.is_none(), "{:?}\n{}", out.error, out.stderr);
    let wrong: Vec<String> = want
        .lines()
        .zip(out.stdout.lines())
        .filter(|(w, g)| w != g)
        .map(|(w, g)| format!("CPython: {w}\nwe:      {g}"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(want.lines().count(), out.stdout.lines().count());
}

#[test]
fn catastrophic_backtracking_hits_the_step_limit() {
    let opts = Options {
        limits: Limits {
            max_steps: 2_000_000,
            ..Limits::default()
        },
        ..Options::default()
    };
    let out = run(
        "import re\nprint(re.match(r'(a+)+$', 'a' * 40 + 'b'))\n",
        &opts,
    );
    assert!(out.stderr.contains("step limit reached"), "{}", out.stderr);
}

#[test]
fn long_subjects_do_not_overflow_the_stack() {
    let src = "import re\n\
        s = 'ab' * 200000\n\
        print(len(re.findall(r'(?:ab)+', s)[0]), re.fullmatch(r'(a|b)*', s).span())\n\
        print(re.match(r'(?:(a)|b)*?$', s).span(), len(re.sub(r'(?<=a)b', 'c', s)))\n";
    let out = run(src, &Options::default());
    assert_eq!(
        out.stdout, "400000 (0, 400000)\n(0, 400000) 400000\n",
        "{}",
        out.stderr
    );
}
