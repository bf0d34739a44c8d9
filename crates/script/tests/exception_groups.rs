//! An uncaught exception group prints as CPython's tree: the group's
//! traceback behind a `+`/`|` margin, then each sub-exception numbered
//! (`+-+---- 1 ----`) with its own traceback and chain, nested groups
//! indented, more than 15 cut with "and N more exceptions". Expected
//! stderr from CPython 3.11 in `exception_groups.cpython.json`, written by
//! `exception_groups_reference.py` (which leaves out the frames of
//! CPython's own library and its `~~^~~` position markers, which Looplab
//! does not show).

use looplab_script::{run, Options};

#[test]
fn uncaught_exception_groups_print_as_cpython_prints_them() {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("exception_groups.cpython.json")).unwrap_or_default();
    assert_eq!(cases.len(), 4);
    let mut wrong = Vec::new();
    for case in &cases {
        let source = case["source"].as_str().unwrap_or_default();
        let want = case["stderr"].as_str().unwrap_or_default();
        let out = run(source, &Options::default());
        assert!(out.error.is_some(), "{} must fail", case["name"]);
        if out.stderr != want {
            wrong.push(format!(
                "{}\nCPython:\n{want}\nwe:\n{}",
                case["name"], out.stderr
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
