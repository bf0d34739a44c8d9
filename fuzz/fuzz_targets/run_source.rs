//! Source text -> parser -> compiler -> VM. Any input may be a Python
//! error; none may panic, overflow the stack or hang.
//!
//! With `LOOPLAB_FUZZ_HARNESSES=1`, one input in eight also runs as a
//! pytest module (`run_tests`) and one in eight as an exercise solution
//! (`run_check`), picked by a hash of the bytes so that an input always
//! gets the same runs. Off by default: each such run leaks the harness
//! module (see fuzz/README.md, "Known leaks"), which fills a worker's
//! memory limit within seconds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn harnesses() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("LOOPLAB_FUZZ_HARNESSES").is_some())
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let out = looplab_fuzz::run(source);
    // A program ends with an outcome, never half-way.
    let _ = out.exit_code();
    if harnesses() {
        match looplab_fuzz::fnv(data) % 8 {
            0 => {
                let _ = looplab_fuzz::run_tests(source);
            }
            1 => {
                let _ = looplab_fuzz::run_check(source);
            }
            _ => {}
        }
    }
});
