//! A failed test's short traceback (`looplab test`) against pytest's.

use looplab_script::{run_tests, Options, OutStream};
use std::cell::RefCell;
use std::rc::Rc;

/// The frame lines of pytest 9.2's `pytest -q --tb=short` for this file
/// (`test_x.py`), run under CPython 3.11: outermost frame first.
const PYTEST: &str = "\
test_x.py:5: in test_a
    helper(1)
test_x.py:2: in helper
    assert x == 2
E   assert 1 == 2
";

#[test]
fn short_traceback_lists_frames_outermost_first_as_pytest_does() {
    let src = "def helper(x):\n    assert x == 2\n\ndef test_a():\n    helper(1)\n";
    let opts = Options {
        filename: "test_x.py".into(),
        ..Options::default()
    };
    let out = Rc::new(RefCell::new(String::new()));
    let sink = out.clone();
    run_tests(
        src,
        &opts,
        Box::new(move |stream, text| {
            if stream == OutStream::Stdout {
                sink.borrow_mut().push_str(text);
            }
        }),
    );
    let text = out.borrow();
    let start = text.find("test_x.py:5:").unwrap_or(text.len());
    let got: String = text[start..]
        .lines()
        .take(5)
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(got, PYTEST, "whole output:\n{text}");
}
