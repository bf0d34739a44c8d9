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

/// The line of the innermost frame of the program (`main.py`) in a
/// traceback, to mark in the editor.
pub fn traceback_line(traceback: &str) -> Option<u32> {
    traceback.lines().rev().find_map(|l| {
        l.trim()
            .strip_prefix("File \"main.py\", line ")?
            .split(',')
            .next()?
            .trim()
            .parse()
            .ok()
    })
}

#[cfg(test)]
mod tests {
    use super::traceback_line;

    #[test]
    fn the_innermost_frame_of_the_program_gives_the_line() {
        let tb = "Traceback (most recent call last):\n  File \"main.py\", line 12, in <module>\n    asyncio.run(main())\n  File \"main.py\", line 5, in main\n    raise ValueError(\"boom\")\nValueError: boom\n";
        assert_eq!(traceback_line(tb), Some(5));
        assert_eq!(traceback_line("ValueError: boom"), None);
    }
}
