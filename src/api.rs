//! The npm package's JavaScript API (`import { run, mount } from 'looplab'`).
//!
//! Every argument is checked before anything runs: a bad call rejects (or
//! throws) a plain `Error` that says what was wrong, never a wasm trap.
//! `run`'s options are checked by the package's JavaScript
//! (`npm/options.js`, shared with the Node build); `mount`'s here.

use crate::client::{self, Ended, RunHandle, RunObserver};
use crate::widget::{Widget, WidgetOptions, CSS};
use js_sys::{Object, Promise, Reflect};
use looplab_protocol::{Clock, IoCosts, Mock, RunEnd, RunRequest, TraceMode};
use looplab_script::knobs::with_knobs;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The largest program `run` and `mount` accept, in bytes.
pub const MAX_SOURCE_BYTES: usize = 256 * 1024;

// The TypeScript types users see are in npm/index.d.ts (the package wraps
// these functions to load the wasm first).

fn err(msg: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&msg.to_string()).into()
}

fn is_browser() -> bool {
    web_sys::window().is_some()
}

/// Checks an options object: an object (or undefined) with only `allowed` keys.
fn check_options(
    options: &JsValue,
    what: &str,
    allowed: &[&str],
) -> Result<Option<Object>, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    let Some(obj) = options.dyn_ref::<Object>().filter(|_| options.is_object()) else {
        return Err(err(format!("{what}: options must be an object")));
    };
    for key in Object::keys(obj).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            return Err(err(format!(
                "{what}: unknown option '{key}' (expected {})",
                allowed.join(", ")
            )));
        }
    }
    Ok(Some(obj.clone()))
}

fn get(obj: &Option<Object>, key: &str) -> JsValue {
    obj.as_ref()
        .and_then(|o| Reflect::get(o, &key.into()).ok())
        .unwrap_or(JsValue::UNDEFINED)
}

fn clock_option(v: JsValue, what: &str) -> Result<Clock, JsValue> {
    if v.is_undefined() {
        return Ok(Clock::Virtual);
    }
    match v.as_string().as_deref() {
        Some("virtual") | Some("instant") => Ok(Clock::Virtual),
        Some("real") => Ok(Clock::Real),
        _ => Err(err(format!("{what}: clock must be 'virtual' or 'real'"))),
    }
}

fn source_arg(v: &JsValue, what: &str) -> Result<String, JsValue> {
    let Some(s) = v.as_string() else {
        return Err(err(format!(
            "{what}: source must be a string, got {}",
            v.js_typeof().as_string().unwrap_or_default()
        )));
    };
    if s.len() > MAX_SOURCE_BYTES {
        return Err(err(format!(
            "{what}: the program is {} KB; the limit is {} KB",
            s.len().div_ceil(1024),
            MAX_SOURCE_BYTES / 1024
        )));
    }
    Ok(s)
}

/// Sets where the engine's Worker script is (the package calls this with
/// the URL next to itself before anything runs).
#[wasm_bindgen(js_name = setEngineUrl, skip_typescript)]
pub fn set_engine_url(url: String) {
    client::set_engine_url(&url);
}

/// Sets the function that starts the engine's Worker (the package's
/// wrapper gives one written as bundlers expect a Worker to be written).
#[wasm_bindgen(js_name = setEngineFactory, skip_typescript)]
pub fn set_engine_factory(factory: js_sys::Function) {
    client::set_engine_factory(factory);
}

/// Collects a `run()`'s batches (acknowledging each) and resolves its
/// promise with the result at the end.
struct PromiseObserver {
    handle: Rc<RefCell<Option<RunHandle>>>,
    events: RefCell<Option<Vec<looplab_core::trace::Event>>>,
    resolve: js_sys::Function,
}

impl RunObserver for PromiseObserver {
    fn batch(&self, batch: u64, bytes: Vec<u8>) {
        if let Some(events) = self.events.borrow_mut().as_mut() {
            events.extend(looplab_core::wire::decode_events(&bytes).unwrap_or_default());
        }
        if let Some(h) = self.handle.borrow().as_ref() {
            h.ack(batch);
        }
    }

    fn end(&self, end: Ended) {
        let end = match end {
            Ended::Finished(end) => end,
            Ended::Stopped => RunEnd::default(),
        };
        let events = self.events.borrow_mut().take();
        let json = looplab_protocol::result_json(&end, events.as_deref());
        let result = js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL);
        let _ = self.resolve.call1(&JsValue::NULL, &result);
        // The run is over: let go of it (this ends the cycle through the
        // observer).
        let handle = self.handle.borrow_mut().take();
        drop(handle);
    }
}

/// `run()`'s result for a check of an exercise that does not exist.
fn unknown_exercise(id: &str) -> JsValue {
    let summary = looplab_exercise::unknown(id);
    let end = RunEnd {
        error: Some(looplab_protocol::RunError::Uncaught {
            summary: summary.clone(),
            traceback: format!("{summary}\n"),
            line: None,
        }),
        stderr: format!("{summary}\n"),
        ..RunEnd::default()
    };
    js_sys::JSON::parse(&looplab_protocol::result_json(&end, None)).unwrap_or(JsValue::NULL)
}

/// `run(source, clock, seed, knobNames, knobValues, trace, tests,
/// exercise)` (an `exercise` id checks the program against it), its options
/// already checked by the package's JavaScript (`npm/options.js`): the
/// program runs in the engine's Worker; resolves to the result object.
// The package's JavaScript passes its checked options one by one.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(skip_typescript)]
pub fn run(
    source: String,
    clock: String,
    seed: f64,
    knob_names: Vec<String>,
    knob_values: Vec<f64>,
    trace: String,
    tests: bool,
    exercise: String,
) -> Promise {
    let knobs: Vec<(String, f64)> = knob_names.into_iter().zip(knob_values).collect();
    let mode = match trace.as_str() {
        "none" => TraceMode::None,
        "events" => TraceMode::Events,
        _ => TraceMode::Summary,
    };
    // A check sends the exercise's checker (the engine has no exercises);
    // an unknown one ends at once, as an uncaught LookupError.
    let checker = match exercise.as_str() {
        "" => None,
        id => match looplab_exercise::find(id) {
            Some(ex) => Some(ex.checker),
            None => return Promise::resolve(&unknown_exercise(id)),
        },
    };
    let req = RunRequest {
        run: 0,
        source: with_knobs(&source, &knobs),
        clock: if clock == "real" {
            Clock::Real
        } else {
            Clock::Virtual
        },
        speed: 1.0,
        seed: seed.max(0.0) as u64,
        mock: Mock::default(),
        base_url: String::new(),
        trace: mode,
        collect_output: true,
        tests,
        files: None,
        io: IoCosts::default(),
        checker,
        horizon: 0.0,
    };
    // Promise::new takes an FnMut, called exactly once.
    let mut req = Some(req);
    Promise::new(&mut |resolve, _reject| {
        let Some(req) = req.take() else {
            return;
        };
        let handle: Rc<RefCell<Option<RunHandle>>> = Rc::default();
        let observer = PromiseObserver {
            handle: handle.clone(),
            events: RefCell::new((mode == TraceMode::Events).then(Vec::new)),
            resolve,
        };
        let run = client::start(req, observer);
        if run.is_running() {
            *handle.borrow_mut() = Some(run);
        }
    })
}

thread_local! {
    /// Mounted widgets, alive until `unmount()`: a page that ignores what
    /// `mount` returned must not lose its widget when the garbage collector
    /// frees the JS wrapper.
    static MOUNTED: std::cell::RefCell<std::collections::HashMap<u64, Box<dyn std::any::Any>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
    static NEXT_MOUNT: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// A mounted widget; `unmount()` removes it and stops its program.
#[wasm_bindgen]
pub struct Mounted {
    /// The key of its Leptos unmount handle in `MOUNTED`.
    id: u64,
}

impl std::fmt::Debug for Mounted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mounted").field("id", &self.id).finish()
    }
}

#[wasm_bindgen]
impl Mounted {
    /// Removes the widget (stopping its program).
    pub fn unmount(&mut self) {
        let handle = MOUNTED.with(|m| m.borrow_mut().remove(&self.id));
        drop(handle);
    }
}

/// `mount(element, {source | example | exercise, clock, readOnly})`.
#[wasm_bindgen(skip_typescript)]
pub fn mount(element: JsValue, options: JsValue) -> Result<Mounted, JsValue> {
    if !is_browser() {
        return Err(err("mount: needs a browser page (use run() in Node)"));
    }
    let Some(el) = element.dyn_ref::<web_sys::HtmlElement>() else {
        return Err(err("mount: the first argument must be an HTML element"));
    };
    let opts = check_options(
        &options,
        "mount",
        &["source", "example", "exercise", "clock", "readOnly"],
    )?;
    let source = get(&opts, "source");
    let example = get(&opts, "example");
    let exercise_opt = get(&opts, "exercise");
    let mut exercise = None;
    let given = [&source, &example, &exercise_opt]
        .iter()
        .filter(|v| !v.is_undefined())
        .count();
    let (source, title) = match (source.is_undefined(), example.is_undefined()) {
        _ if given != 1 => {
            return Err(err(
                "mount: give exactly one of 'source', 'example' and 'exercise'",
            ))
        }
        (true, true) => {
            let id = exercise_opt.as_string().unwrap_or_default();
            let Some(ex) = looplab_exercise::find(&id) else {
                return Err(err(format!(
                    "mount: unknown exercise '{id}' (known: {})",
                    looplab_exercise::ids().join(", ")
                )));
            };
            let found = (ex.starter.clone(), Some(ex.title.clone()));
            exercise = Some(ex);
            found
        }
        (false, true) => (source_arg(&source, "mount")?, None),
        (true, false) => {
            let id = example.as_string().unwrap_or_default();
            let Some(ex) = crate::gallery::find(&id) else {
                let known: Vec<&str> = crate::gallery::EXAMPLES.iter().map(|e| e.id).collect();
                return Err(err(format!(
                    "mount: unknown example '{id}' (known: {})",
                    known.join(", ")
                )));
            };
            (ex.source.to_string(), Some(ex.title.to_string()))
        }
        (false, false) => {
            return Err(err(
                "mount: give exactly one of 'source', 'example' and 'exercise'",
            ))
        }
    };
    let clock = clock_option(get(&opts, "clock"), "mount")?;
    let read_only = get(&opts, "readOnly");
    if !read_only.is_undefined() && read_only.as_bool().is_none() {
        return Err(err("mount: readOnly must be true or false"));
    }
    add_stylesheet(el);
    let options = WidgetOptions {
        source,
        title,
        clock,
        read_only: read_only.as_bool().unwrap_or(false),
        exercise,
    };
    let handle = leptos::mount::mount_to(el.clone(), move || {
        leptos::prelude::view! { <Widget options=options /> }
    });
    let id = NEXT_MOUNT.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    MOUNTED.with(|m| m.borrow_mut().insert(id, Box::new(handle)));
    Ok(Mounted { id })
}

/// The ids of the gallery's examples.
#[wasm_bindgen(skip_typescript)]
pub fn examples() -> Vec<JsValue> {
    crate::gallery::EXAMPLES
        .iter()
        .map(|e| JsValue::from_str(e.id))
        .collect()
}

/// The exercises, as JSON (see `looplab_exercise::catalogue_json`).
#[wasm_bindgen(js_name = exercisesJson, skip_typescript)]
pub fn exercises_json() -> String {
    looplab_exercise::catalogue_json(false)
}

thread_local! {
    /// The widget's stylesheet, constructed once and adopted by every
    /// document or shadow root a widget is mounted in.
    static SHEET: std::cell::OnceCell<Option<JsValue>> = const { std::cell::OnceCell::new() };
}

/// The widget's constructed stylesheet (`new CSSStyleSheet()` filled with
/// [`CSS`]); `None` in a browser without constructable stylesheets.
fn widget_sheet() -> Option<JsValue> {
    SHEET.with(|cell| {
        cell.get_or_init(|| {
            let global = js_sys::global();
            let ctor = js_sys::Reflect::get(&global, &"CSSStyleSheet".into()).ok()?;
            let ctor = ctor.dyn_into::<js_sys::Function>().ok()?;
            let sheet = js_sys::Reflect::construct(&ctor, &js_sys::Array::new()).ok()?;
            let replace = js_sys::Reflect::get(&sheet, &"replaceSync".into()).ok()?;
            replace
                .dyn_into::<js_sys::Function>()
                .ok()?
                .call1(&sheet, &JsValue::from_str(CSS))
                .ok()?;
            Some(sheet)
        })
        .clone()
    })
}

/// Styles the widget where it lives: the widget's sheet is adopted by the
/// document, or by the shadow root `el` is in (a page's CSS does not reach
/// into a shadow root). Without constructable stylesheets (older
/// browsers) a `<style>` element goes into the head or the shadow root.
fn add_stylesheet(el: &web_sys::HtmlElement) {
    let root: JsValue = el.get_root_node().into();
    if let Some(sheet) = widget_sheet() {
        let adopted = js_sys::Reflect::get(&root, &"adoptedStyleSheets".into())
            .ok()
            .and_then(|a| a.dyn_into::<js_sys::Array>().ok());
        if let Some(adopted) = adopted {
            if !adopted.includes(&sheet, 0) {
                let list = adopted.concat(&js_sys::Array::of1(&sheet));
                if js_sys::Reflect::set(&root, &"adoptedStyleSheets".into(), &list).is_ok() {
                    return;
                }
            } else {
                return;
            }
        }
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let host: Option<web_sys::Node> = match root.dyn_ref::<web_sys::Document>() {
        Some(d) => d.head().map(Into::into),
        None => root.dyn_into::<web_sys::Node>().ok(),
    };
    let Some(host) = host else { return };
    // A head or a shadow root: both answer querySelector.
    let present = js_sys::Reflect::get(&host, &"querySelector".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&host, &"style[data-looplab-widget]".into()).ok())
        .is_some_and(|found| !found.is_null());
    if present {
        return;
    }
    if let Ok(style) = doc.create_element("style") {
        let _ = style.set_attribute("data-looplab-widget", "");
        style.set_text_content(Some(CSS));
        let _ = host.append_child(&style);
    }
}
