//! Micro-benchmarks of the runtime in the browser (scripts/bench-browser.mjs
//! loads the engine module on a page and calls these). Not part of the
//! typed API.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

/// Benchmark (scripts/bench-browser.mjs): spawns `n` tasks that complete at
/// once on a runtime with a virtual clock and runs them all; returns the
/// milliseconds it took. Not part of the typed API.
#[wasm_bindgen(js_name = benchRuntimeSpawn, skip_typescript)]
pub fn bench_runtime_spawn(n: u32, tracing: bool) -> f64 {
    use std::rc::Rc;
    let host = Rc::new(looplab_core::VirtualClock::new());
    let rt = looplab_core::Runtime::with_config(
        host,
        looplab_core::Config {
            trace: tracing,
            ..looplab_core::Config::default()
        },
    );
    let t0 = crate::host::performance_now();
    let n2 = n;
    let _ = rt.block_on(async move {
        let mut handles = Vec::with_capacity(n2 as usize);
        for i in 0..n2 {
            handles.push(looplab_core::spawn(async move {
                Ok::<u32, looplab_core::Error>(i)
            }));
        }
        for h in handles {
            let _ = h.await;
        }
        Ok::<(), looplab_core::Error>(())
    });
    crate::host::performance_now() - t0
}

/// Benchmark baseline: `n` futures through `wasm_bindgen_futures::spawn_local`,
/// each completing at once; resolves to the milliseconds until all ran.
#[wasm_bindgen(js_name = benchSpawnLocal, skip_typescript)]
pub fn bench_spawn_local(n: u32) -> Promise {
    use std::cell::Cell;
    use std::rc::Rc;
    Promise::new(&mut |resolve, _| {
        let left = Rc::new(Cell::new(n));
        let t0 = crate::host::performance_now();
        for _ in 0..n {
            let left = left.clone();
            let resolve = resolve.clone();
            wasm_bindgen_futures::spawn_local(async move {
                left.set(left.get() - 1);
                if left.get() == 0 {
                    let ms = crate::host::performance_now() - t0;
                    let _ = resolve.call1(&JsValue::NULL, &ms.into());
                }
            });
        }
        if n == 0 {
            let _ = resolve.call1(&JsValue::NULL, &0.0.into());
        }
    })
}
