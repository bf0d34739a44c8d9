//! The page's side of the code editor: CodeMirror 6, bundled from npm into
//! `editor.js` (`www/editor/editor.js`, `scripts/build-editor.mjs`) and
//! loaded after the first paint. Until it is there (or if it fails to
//! load) the page edits in a plain textarea.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A mounted editor.
#[derive(Debug, Clone)]
pub struct CodeEditor(JsValue);

fn api() -> Option<JsValue> {
    let w = web_sys::window()?;
    Reflect::get(&w, &"LooplabEditor".into())
        .ok()
        .filter(|v| v.is_object())
}

/// Loads the editor's module (`editor.js` beside the page) once: after
/// the page has mounted, so that it never competes with the page's own
/// start.
pub fn load() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if api().is_some() || doc.get_element_by_id("looplab-editor-js").is_some() {
        return;
    }
    let Ok(script) = doc.create_element("script") else {
        return;
    };
    script.set_id("looplab-editor-js");
    let _ = script.set_attribute("type", "module");
    let base = doc.base_uri().ok().flatten().unwrap_or_default();
    let src = web_sys::Url::new_with_base("editor.js", &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| "editor.js".into());
    let _ = script.set_attribute("src", &src);
    if let Some(head) = doc.head() {
        let _ = head.append_child(&script);
    }
}

/// Calls `f` once the editor's module has loaded: now, or on its
/// `looplab-editor-ready` event.
pub fn when_ready(f: impl FnOnce() + 'static) {
    if api().is_some() {
        f();
        return;
    }
    let Some(w) = web_sys::window() else {
        return;
    };
    let cb = Closure::once_into_js(f);
    let opts = web_sys::AddEventListenerOptions::new();
    opts.set_once(true);
    let _ = w.add_event_listener_with_callback_and_add_event_listener_options(
        "looplab-editor-ready",
        cb.unchecked_ref(),
        &opts,
    );
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    let arr: js_sys::Array = args.iter().collect();
    f.apply(target, &arr).ok()
}

impl CodeEditor {
    /// Mounts an editor holding `doc` into `parent`, if the module has
    /// loaded. `on_stop` says whether Escape stopped something.
    pub fn create(
        parent: &web_sys::HtmlElement,
        doc: &str,
        on_change: impl Fn(String) + 'static,
        on_run: impl Fn() + 'static,
        on_stop: impl Fn() -> bool + 'static,
    ) -> Option<CodeEditor> {
        let api = api()?;
        let opts = Object::new();
        set(&opts, "doc", &doc.into());
        let on_change = Closure::<dyn Fn(String)>::new(on_change).into_js_value();
        set(&opts, "onChange", &on_change);
        set(
            &opts,
            "onRun",
            &Closure::<dyn Fn()>::new(on_run).into_js_value(),
        );
        set(
            &opts,
            "onStop",
            &Closure::<dyn Fn() -> bool>::new(on_stop).into_js_value(),
        );
        set(&opts, "label", &"Program (Python)".into());
        let ed = call(&api, "create", &[parent.clone().into(), opts.into()])?;
        // End-to-end tests read the whole text through this (the editor
        // draws only the lines in view).
        let _ = Reflect::set(parent, &"looplabEditor".into(), &ed);
        Some(CodeEditor(ed))
    }

    /// Replaces the text (no change event; nothing happens if it is the
    /// same).
    pub fn set_doc(&self, text: &str) {
        call(&self.0, "setDoc", &[text.into()]);
    }

    /// Marks the error's line (with its message) and the selected task's
    /// line; `None` clears.
    pub fn set_marks(&self, error: Option<u32>, message: &str, selected: Option<u32>) {
        let m = Object::new();
        set(&m, "error", &error.map_or(JsValue::NULL, JsValue::from));
        set(&m, "errorMessage", &message.into());
        set(
            &m,
            "selected",
            &selected.map_or(JsValue::NULL, JsValue::from),
        );
        call(&self.0, "setMarks", &[m.into()]);
    }
}
