//! Looplab's web app: the playground page, and the browser host for the
//! runtime (`performance.now()`, one `setTimeout`, microtask wake-ups).
//!
//! Built for `wasm32-unknown-unknown` by trunk (see `index.html` and
//! `Trunk.toml`; `src/main.rs` mounts [`app::App`]). The plain-Rust parts
//! (share links, highlighting, the gallery) are tested natively; the
//! browser parts build only for wasm32 and are tested in headless Chromium
//! (`tests/browser_host.rs`, and the end-to-end tests in `tests/e2e/`).

pub mod gallery;
pub mod highlight;
pub mod share;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
#[cfg(target_arch = "wasm32")]
pub mod host;
#[cfg(target_arch = "wasm32")]
pub mod runner;
#[cfg(target_arch = "wasm32")]
pub mod timeline;
#[cfg(target_arch = "wasm32")]
pub mod widget;
