//! Programs that crashed the interpreter under the fuzzer (`scripts/fuzz`)
//! or its deep-nesting probes, kept as readable reproducers in
//! `fuzz/regressions/`. Each must end with an outcome — a Python error is
//! fine — never a panic or a native stack overflow.
//!
//! Each program runs on a thread with an 8 MiB stack: the stack the
//! browser engine gets (`crates/engine/build.rs`) and the fuzzer's main
//! thread. A stack overflow aborts the whole test binary, so a crash that
//! is not fixed yet stays `#[ignore]`d; run them with
//! `cargo test -p looplab-script --test fuzz_regressions -- --ignored`.

use looplab_script::{run, Options, Outcome, ProgramError};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The native stack each run gets.
const STACK: usize = 8 << 20;

/// Every reproducer in `fuzz/regressions/`, with its source.
const REPRODUCERS: &[(&str, &str)] = &[
    (
        "deep_add_chain.py",
        include_str!("../../../fuzz/regressions/deep_add_chain.py"),
    ),
    (
        "nested_list_eq.py",
        include_str!("../../../fuzz/regressions/nested_list_eq.py"),
    ),
    (
        "nested_tuple_hash.py",
        include_str!("../../../fuzz/regressions/nested_tuple_hash.py"),
    ),
    (
        "chain_shapes_drop.py",
        include_str!("../../../fuzz/regressions/chain_shapes_drop.py"),
    ),
    (
        "long_chain_drop.py",
        include_str!("../../../fuzz/regressions/long_chain_drop.py"),
    ),
    (
        "generator_chain_drop.py",
        include_str!("../../../fuzz/regressions/generator_chain_drop.py"),
    ),
];

fn source(name: &str) -> &'static str {
    REPRODUCERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
        .unwrap_or_else(|| panic!("{name} is not in REPRODUCERS"))
}

/// Runs `fuzz/regressions/NAME` with the default options (the page's
/// limits), on its own thread, and returns the outcome; panics if the
/// interpreter panicked.
fn outcome(name: &'static str) -> Outcome {
    let src = source(name);
    let thread = std::thread::Builder::new()
        .name(name.into())
        .stack_size(STACK)
        .spawn(move || catch_unwind(AssertUnwindSafe(|| run(src, &Options::default()))))
        .unwrap_or_else(|e| panic!("cannot start a thread for {name}: {e}"));
    match thread.join() {
        Ok(Ok(out)) => out,
        Ok(Err(_)) | Err(_) => panic!("{name}: the interpreter panicked"),
    }
}

/// The summary line of an uncaught exception (`RecursionError: …`).
fn uncaught(out: &Outcome) -> Option<&str> {
    match &out.error {
        Some(ProgramError::Uncaught { summary, .. }) => Some(summary),
        _ => None,
    }
}

#[test]
fn every_reproducer_has_a_test() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/regressions");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = REPRODUCERS.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "fuzz/regressions/ and REPRODUCERS differ");
}

#[test]
fn a_deep_expression_is_an_error_not_a_stack_overflow() {
    let out = outcome("deep_add_chain.py");
    // CPython: `RecursionError: maximum recursion depth exceeded during
    // compilation`, before anything runs. Compiling it without recursion
    // and printing 5000 would do too.
    match &out.error {
        None => assert_eq!(out.stdout, "5000\n"),
        Some(_) => assert_eq!(out.stdout, ""),
    }
}

#[test]
fn comparing_deeply_nested_lists_raises_recursion_error() {
    let out = outcome("nested_list_eq.py");
    let summary = uncaught(&out).unwrap_or_else(|| panic!("{:?}", out.error));
    // CPython: RecursionError: maximum recursion depth exceeded in comparison
    assert!(summary.starts_with("RecursionError"), "{summary}");
    assert_eq!(out.stdout, "");
}

#[test]
fn hashing_a_deeply_nested_tuple_does_not_overflow() {
    let out = outcome("nested_tuple_hash.py");
    // CPython prints True; a RecursionError is an acceptable subset.
    match uncaught(&out) {
        None => {
            assert!(out.error.is_none(), "{:?}", out.error);
            assert_eq!(out.stdout, "True\n");
        }
        Some(summary) => assert!(summary.starts_with("RecursionError"), "{summary}"),
    }
}

#[test]
fn a_long_linked_list_is_freed_without_overflow() {
    let out = outcome("long_chain_drop.py");
    assert!(out.error.is_none(), "{:?}\n{}", out.error, out.stderr);
    assert_eq!(out.stdout, "built\n");
}

#[test]
fn long_chains_of_every_container_kind_are_freed_without_overflow() {
    let out = outcome("chain_shapes_drop.py");
    assert!(out.error.is_none(), "{:?}\n{}", out.error, out.stderr);
    assert_eq!(out.stdout, "built 12\n");
}

#[test]
fn a_long_generator_chain_is_freed_without_overflow() {
    let out = outcome("generator_chain_drop.py");
    assert!(out.error.is_none(), "{:?}\n{}", out.error, out.stderr);
    assert_eq!(out.stdout, "built\n");
}

/// Comparing 5,000-deep lists raises CPython's exact `RecursionError`
/// ("maximum recursion depth exceeded in comparison"), and hashing a
/// 5,000-deep tuple works (CPython prints True).
#[test]
fn moderately_deep_nesting_compares_and_hashes_without_overflow() {
    let src = "x = []\ny = []\nfor i in range(5000):\n    x = [x]\n    y = [y]\nt = ()\nfor i in range(5000):\n    t = (t,)\nprint(hash(t) is not None, t in {t})\nprint(x == y)\n";
    let out = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || catch_unwind(AssertUnwindSafe(|| run(src, &Options::default()))))
        .map(|t| t.join())
        .unwrap_or_else(|e| panic!("cannot start a thread: {e}"));
    let out = match out {
        Ok(Ok(out)) => out,
        _ => panic!("the interpreter panicked"),
    };
    assert_eq!(out.stdout, "True True\n");
    let summary = uncaught(&out).unwrap_or_else(|| panic!("{:?}", out.error));
    assert_eq!(
        summary,
        "RecursionError: maximum recursion depth exceeded in comparison"
    );
}
