//! Looplab's web app: the playground page, the embeddable widget and the
//! npm package's browser API. Programs never run here: they run in the
//! engine's Web Worker (`crates/engine`), reached through [`client`] with
//! `looplab-protocol` messages, so no program can freeze the page.
//!
//! Built for `wasm32-unknown-unknown` by trunk (see `index.html` and
//! `Trunk.toml`; `src/main.rs` mounts [`page::App`]). The plain-Rust parts
//! (the feed of trace batches, share links, highlighting, the gallery) are
//! tested natively; the browser parts build only for wasm32 and are tested
//! end to end in headless Chromium (`tests/e2e/`). The npm package's API
//! ([`api`]) and its widget are built only with the `npm` feature
//! (scripts/build-npm), so the page's module carries neither.

pub mod feed;
pub mod gallery;
pub mod highlight;
pub mod lanes;
pub mod rows;
pub mod share;

#[cfg(all(target_arch = "wasm32", feature = "npm"))]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod code_editor;
#[cfg(target_arch = "wasm32")]
mod md;
#[cfg(target_arch = "wasm32")]
pub mod page;
#[cfg(target_arch = "wasm32")]
pub mod timeline;
#[cfg(all(target_arch = "wasm32", feature = "npm"))]
pub mod widget;
