//! The npm package's `run()` in Node: the program runs in-process on a
//! virtual clock (there is no page to keep responsive). The options were
//! checked by the package's JavaScript (`npm/options.js`).

use looplab_protocol::TraceMode;
use wasm_bindgen::prelude::*;

/// Runs `source` with knob values applied (or, with a `checker`, an
/// exercise's checker, checks it with that: the package's JavaScript has
/// the exercises); returns the result as JSON (see
/// `looplab_protocol::result_json`).
#[wasm_bindgen(js_name = runInProcess, skip_typescript)]
pub fn run_in_process(
    source: String,
    seed: f64,
    knob_names: Vec<String>,
    knob_values: Vec<f64>,
    trace: String,
    tests: bool,
    checker: String,
) -> String {
    let knobs: Vec<(String, f64)> = knob_names.into_iter().zip(knob_values).collect();
    let source = looplab_script::knobs::with_knobs(&source, &knobs);
    let mode = match trace.as_str() {
        "none" => TraceMode::None,
        "events" => TraceMode::Events,
        _ => TraceMode::Summary,
    };
    let (end, events) = if checker.is_empty() {
        crate::run_virtual_with(&source, seed.max(0.0) as u64, mode, tests)
    } else {
        crate::check_virtual(&checker, &source, mode)
    };
    let events = (mode == TraceMode::Events).then_some(events.as_slice());
    looplab_protocol::result_json(&end, events)
}
