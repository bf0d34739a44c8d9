#![doc = "Looplab's web app: the playground page, and the browser host for the"]
#![doc = "runtime (`performance.now()`, one `setTimeout`, microtask wake-ups)."]
#![doc = ""]
#![doc = "Built for `wasm32-unknown-unknown` by trunk (see `index.html` and"]
#![doc = "`Trunk.toml`). The plain-Rust parts (share links, highlighting, the"]
#![doc = "gallery) are tested natively; the browser parts only build for wasm32."]

mod gallery;
mod highlight;
mod share;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
mod host;
#[cfg(target_arch = "wasm32")]
mod runner;
#[cfg(target_arch = "wasm32")]
mod timeline;

#[cfg(target_arch = "wasm32")]
fn main() {
    // The loading message in index.html goes once the app mounts.
    if let Some(el) = leptos::prelude::document().get_element_by_id("loading") {
        el.remove();
    }
    leptos::mount::mount_to_body(app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // Natively there is no page: point at the CLI and the serve script.
    let examples = gallery::EXAMPLES.len();
    println!(
        "looplab {}: the playground runs in a browser (scripts/serve); {examples} examples; programs run natively with `looplab run FILE.py`",
        env!("CARGO_PKG_VERSION")
    );
    let _ = (
        highlight::to_html,
        share::encode,
        share::decode,
        gallery::find,
    );
}
