#![doc = "Looplab's web app: the browser host for the `looplab-core` runtime."]
#![doc = ""]
#![doc = "Built for `wasm32-unknown-unknown` by trunk (see `index.html` and"]
#![doc = "`Trunk.toml`). For now it only proves that the engine loaded: it writes"]
#![doc = "[`status_text`] into the page's `data-testid=\"status\"` element, which the"]
#![doc = "end-to-end test in `tests/e2e/` checks. On other targets `main` prints a"]
#![doc = "one-line hint, so the workspace still builds, lints and tests natively."]

/// The line shown in the page's status element once the wasm has started.
///
/// The app and `looplab-core` share the workspace version.
fn status_text() -> String {
    format!(
        "Engine loaded (looplab-core v{})",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(target_arch = "wasm32")]
fn main() {
    if let Err(problem) = web::show_status(&status_text()) {
        web_sys::console::error_1(&format!("looplab: {problem}").into());
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!(
        "looplab: {}. The web app runs in a browser: start it with scripts/serve",
        status_text()
    );
}

/// Browser-only glue (`web-sys`).
#[cfg(target_arch = "wasm32")]
mod web {
    /// CSS selector of the element whose text the wasm sets.
    const STATUS_SELECTOR: &str = "[data-testid=\"status\"]";

    /// Writes `text` into the status element, or says why it could not.
    pub(crate) fn show_status(text: &str) -> Result<(), &'static str> {
        let document = web_sys::window()
            .and_then(|window| window.document())
            .ok_or("no window.document")?;
        let status = document
            .query_selector(STATUS_SELECTOR)
            .ok()
            .flatten()
            .ok_or("no element with data-testid=\"status\"")?;
        status.set_text_content(Some(text));
        status
            .set_attribute("data-state", "ready")
            .map_err(|_| "could not set data-state on the status element")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::status_text;

    #[test]
    fn status_text_names_the_engine_and_version() {
        let text = status_text();
        assert!(text.starts_with("Engine loaded (looplab-core v"), "{text}");
        assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
    }
}
