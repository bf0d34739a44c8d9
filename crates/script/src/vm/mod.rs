//! The bytecode interpreter: a function's tree (see [`crate::ir`]) lowered
//! to a flat list of stack-machine instructions, run by a loop that keeps
//! Python frames on the heap.
//!
//! A call from one Python function to another pushes a frame on the loop's
//! own frame list instead of recursing in Rust, so recursion depth costs
//! heap, not native stack, and a call costs no boxed future. Exceptions
//! unwind through a per-frame block stack (`try`, `with`, handlers); what a
//! `return`, `break` or `continue` leaving those blocks must do (run a
//! `finally`, call `__exit__`) is written out by the lowering, as CPython's
//! compiler does.
//!
//! Every function, module and class body runs here. A coroutine,
//! generator or async generator is a frame stack that suspends: `await`,
//! `yield` and a pause for the host park a future that the stack's driver
//! (its task, or `next()`) polls before going on ([`Fiber`]). A plain
//! function called by a coroutine runs on the coroutine's stack, so it
//! can be paused too; a Python function called back by Rust (a built-in's
//! `key=`, a class's `__init__`) runs on a stack of its own
//! ([`run_function`]).
//!
//! - `calls.rs`: `Interp::call` and the other entries from the interpreter's
//!   state into the loop (as an `impl Interp` block).
//! - `code.rs`: the instruction set and the code object.
//! - `lower.rs`: tree → code.
//! - `exec.rs`: the loop.
//! - `patterns.rs`: what the `match` statement's instructions check.

mod calls;
mod code;
mod exec;
mod lower;
mod patterns;

pub(crate) use code::Code;
pub(crate) use exec::{run_function, Fiber};

use crate::ir::FuncDef;
use std::rc::Rc;

/// The function's code, lowered on its first call and kept on its
/// definition.
pub(crate) fn code_for(def: &FuncDef) -> Rc<Code> {
    let code = def.code.get_or_init(|| Rc::new(lower::lower(def)));
    // Only this function fills the cache, always with a `Code`.
    Rc::clone(code)
        .downcast()
        .unwrap_or_else(|_| Rc::new(lower::lower(def)))
}
