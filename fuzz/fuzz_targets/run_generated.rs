//! Structure-aware: bytes -> a valid Python program (see
//! `looplab_fuzz::program`) -> parser -> compiler -> VM, twice.
//!
//! Invariants: no panic; the parser accepts the program (it is valid
//! Python 3.11); and the two runs on the virtual clock print the same
//! stdout and end with the same error (determinism).
//!
//! `LOOPLAB_FUZZ_PRINT=1` prints each program to stderr (run the target
//! binary on a corpus file to see the program it stands for).
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use looplab_fuzz::program::Program;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(program) = Program::generate(&mut u) else {
        return;
    };
    let source = program.source();
    if std::env::var_os("LOOPLAB_FUZZ_PRINT").is_some() {
        eprintln!("{source}");
    }
    if let Err(e) = looplab_script::compile_module(&source) {
        assert!(
            !e.syntax,
            "the parser rejected a valid program: {e}\n{source}"
        );
    }
    let first = looplab_fuzz::run(&source);
    let second = looplab_fuzz::run(&source);
    assert_eq!(
        first.stdout, second.stdout,
        "two runs printed different output\n{source}"
    );
    assert_eq!(
        first.error, second.error,
        "two runs ended differently\n{source}"
    );
});
