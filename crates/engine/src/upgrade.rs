//! The first-run engine's hand-over to the full one (built without the
//! `full` feature only; docs/size.md, cut 9).
//!
//! A run the first-run engine cannot do is one whose program's `import`
//! statements name a module of `looplab_script::modules::FULL_ONLY`, a
//! test run, or an exercise check. For such a run it stops its own run, if
//! any, and gives the page's message, untouched, to the Worker script's
//! `self.__looplabFullEngine(message)`, which loads the full engine and
//! starts it with that message first. From then on every message that
//! still reaches this engine goes the same way, in order.
//!
//! A page that has seen a run need the full engine says so to its later
//! Workers (`{ looplabEngine: 'full' }`, [`full_wanted`]): their runs go to
//! the full engine at once, loaded while the Worker waits for its run.
//!
//! A Worker script without that function (an embedder's own) keeps the
//! run here: the import then fails with a `ModuleNotFoundError` that says
//! which engine has the module.

use js_sys::{Function, Reflect};
use looplab_protocol::RunRequest;
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// Whether the full engine has taken over.
    static HANDED_OVER: Cell<bool> = const { Cell::new(false) };
    /// Whether the page said this Worker's run will want the full engine
    /// (an earlier run of the page needed it).
    static WANTED: Cell<bool> = const { Cell::new(false) };
}

/// Whether `data` is the page's `{ looplabEngine: 'full' }`: a run of the
/// page needed the full engine, so this Worker's will get it too (and the
/// Worker script starts loading it now).
pub fn full_wanted(data: &JsValue) -> bool {
    let said = crate::worker::full_engine_word(data);
    if said {
        WANTED.with(|w| w.set(true));
        // The run will be the full engine's: warming this one is no use.
        crate::warm::stop();
        if let Some(preload) = global_fn("__looplabPreloadFull") {
            let _ = preload.call0(&JsValue::UNDEFINED);
        }
    }
    said
}

/// Whether `req` needs the full engine.
pub fn needed(req: &RunRequest) -> bool {
    WANTED.with(Cell::get)
        || req.tests
        || req.checker.is_some()
        || !looplab_script::modules::full_only_imports(&req.source).is_empty()
}

/// The Worker script's function `name`, if it has one.
fn global_fn(name: &str) -> Option<Function> {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
}

/// Gives `data` (a page's message) to the full engine, loading it first.
/// False if the Worker script has no loader, and nothing was handed over.
pub fn hand_over(data: &JsValue) -> bool {
    let Some(load) = global_fn("__looplabFullEngine") else {
        return false;
    };
    HANDED_OVER.with(|h| h.set(true));
    if let Err(e) = load.call1(&JsValue::UNDEFINED, data) {
        web_sys::console::error_2(
            &"looplab engine: the full engine's loader failed".into(),
            &e,
        );
    }
    true
}

/// After a hand-over, passes `data` on to the full engine (true); before
/// one, leaves it to this engine (false).
pub fn forwarded(data: &JsValue) -> bool {
    HANDED_OVER.with(Cell::get) && hand_over(data)
}
