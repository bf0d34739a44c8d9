//! The playground page's entry point: mounts the app (see `src/lib.rs`).

#[cfg(target_arch = "wasm32")]
fn main() {
    // The loading message in index.html goes once the app mounts.
    if let Some(el) = leptos::prelude::document().get_element_by_id("loading") {
        el.remove();
    }
    leptos::mount::mount_to_body(looplab::page::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!(
        "looplab {}: the playground runs in a browser (scripts/serve, {} examples); programs run natively with `looplab run FILE.py`",
        env!("CARGO_PKG_VERSION"),
        looplab::gallery::EXAMPLES.len()
    );
}
