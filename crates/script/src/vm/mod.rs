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
//! This is the first stage of the rebuild: plain functions run here; module
//! bodies, class bodies, generators and coroutines still run on the tree
//! evaluator in `interp.rs`. A function whose body uses something not yet
//! lowered (`async` statements, `except*`) keeps running on the tree
//! evaluator as a whole, so behaviour never depends on which engine ran it.
//!
//! - `code.rs`: the instruction set and the code object.
//! - `lower.rs`: tree → code.
//! - `exec.rs`: the loop.

mod code;
mod exec;
mod lower;

pub(crate) use code::Code;
pub(crate) use exec::{run_function, Fiber};

use crate::ir::FuncDef;
use std::rc::Rc;

/// The function's code, lowered on its first call and kept on its
/// definition; `None` when it uses what the bytecode does not cover yet.
pub(crate) fn code_for(def: &FuncDef) -> Option<Rc<Code>> {
    def.code
        .get_or_init(|| {
            if !enabled() {
                return None;
            }
            lower::lower(def).map(Rc::new)
        })
        .clone()
}

/// Whether plain functions run on the bytecode (`LOOPLAB_VM=0` turns it off
/// natively, to compare the two engines; the browser always uses it).
fn enabled() -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        thread_local! {
            static ON: bool = std::env::var("LOOPLAB_VM").map_or(true, |v| v != "0");
        }
        ON.with(|on| *on)
    }
    #[cfg(target_arch = "wasm32")]
    {
        true
    }
}
