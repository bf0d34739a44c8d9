//! The npm package's JavaScript API (`import { run, mount } from 'looplab'`).
//!
//! Every argument is checked before anything runs: a bad call rejects (or
//! throws) a plain `Error` that says what was wrong, never a wasm trap.

use crate::runner::{self, ClockMode, RunConfig, RunEnd};
use crate::widget::{Widget, WidgetOptions, CSS};
use js_sys::{Object, Promise, Reflect};
use looplab_script::knobs::with_knobs;
use looplab_script::mockapi::MockSettings;
use looplab_script::{Options, Outcome, ProgramError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

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

fn clock_option(v: JsValue, what: &str) -> Result<ClockMode, JsValue> {
    if v.is_undefined() {
        return Ok(ClockMode::Instant);
    }
    match v.as_string().as_deref() {
        Some("virtual") | Some("instant") => Ok(ClockMode::Instant),
        Some("real") => Ok(ClockMode::Real),
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

fn result_object(o: &Outcome, stdout: String, trace: JsValue) -> JsValue {
    let out = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&out, &k.into(), &v);
    };
    set("stdout", stdout.into());
    set("stderr", o.stderr.clone().into());
    let error = match &o.error {
        None => JsValue::NULL,
        Some(e) => {
            let eo = Object::new();
            let put = |k: &str, v: JsValue| {
                let _ = Reflect::set(&eo, &k.into(), &v);
            };
            match e {
                ProgramError::Syntax { message, line, .. } => {
                    put("kind", "syntax".into());
                    put("message", format!("SyntaxError: {message}").into());
                    put("line", (*line).into());
                }
                ProgramError::Uncaught {
                    summary, traceback, ..
                } => {
                    put("kind", "exception".into());
                    put("message", summary.clone().into());
                    put("traceback", traceback.clone().into());
                    let line = crate::traceback_line(traceback);
                    if let Some(line) = line {
                        put("line", line.into());
                    }
                }
                ProgramError::Deadlock(msg) => {
                    put("kind", "deadlock".into());
                    put("message", msg.clone().into());
                }
            }
            eo.into()
        }
    };
    set("error", error);
    set("elapsed", o.elapsed.into());
    set("trace", trace);
    out.into()
}

fn knob_values(v: JsValue) -> Result<Vec<(String, f64)>, JsValue> {
    if v.is_undefined() {
        return Ok(Vec::new());
    }
    let Some(obj) = v.dyn_ref::<Object>().filter(|_| v.is_object()) else {
        return Err(err("run: knobs must be an object of numbers"));
    };
    let mut out = Vec::new();
    for entry in Object::entries(obj).iter() {
        let pair = js_sys::Array::from(&entry);
        let name = pair.get(0).as_string().unwrap_or_default();
        let Some(value) = pair.get(1).as_f64().filter(|x| x.is_finite()) else {
            return Err(err(format!("run: knob '{name}' must be a finite number")));
        };
        out.push((name, value));
    }
    Ok(out)
}

/// `run(source, {clock, seed, knobs})`: see the TypeScript types above.
#[wasm_bindgen(skip_typescript)]
pub fn run(source: JsValue, options: JsValue) -> Promise {
    let prepared = (|| {
        let source = source_arg(&source, "run")?;
        let opts = check_options(&options, "run", &["clock", "seed", "knobs"])?;
        let clock = clock_option(get(&opts, "clock"), "run")?;
        let seed = match get(&opts, "seed") {
            v if v.is_undefined() => 0,
            v => match v.as_f64() {
                Some(x) if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < 9.0e15 => x as u64,
                _ => return Err(err("run: seed must be a whole number ≥ 0")),
            },
        };
        let knobs = knob_values(get(&opts, "knobs"))?;
        if clock == ClockMode::Real && !is_browser() {
            return Err(err(
                "run: clock 'real' needs a browser page; use 'virtual' here",
            ));
        }
        Ok((with_knobs(&source, &knobs), clock, seed))
    })();
    let (source, clock, seed) = match prepared {
        Ok(p) => p,
        Err(e) => return Promise::reject(&e),
    };
    match clock {
        ClockMode::Instant => future_to_promise(async move {
            let opts = Options {
                seed,
                trace: true,
                ..Options::default()
            };
            let outcome = looplab_script::run(&source, &opts);
            let trace = trace_array(outcome.trace_lines.as_deref().unwrap_or(""));
            let stdout = outcome.stdout.clone();
            Ok(result_object(&outcome, stdout, trace))
        }),
        ClockMode::Real => {
            let cfg = RunConfig {
                source,
                clock,
                speed: 1.0,
                seed,
                mock: MockSettings::default(),
            };
            Promise::new(&mut |resolve, _reject| {
                let events = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
                let sink = events.clone();
                let on_events =
                    move |batch: Vec<looplab_core::trace::Event>| sink.borrow_mut().extend(batch);
                // The run must outlive this call: the page's timers only hold
                // weak references to it. It lets go of itself when it ends.
                let keep: std::rc::Rc<std::cell::RefCell<Option<std::rc::Rc<runner::Run>>>> =
                    std::rc::Rc::default();
                let release = keep.clone();
                let on_end = move |end: RunEnd| {
                    release.borrow_mut().take();
                    let events = std::mem::take(&mut *events.borrow_mut());
                    let mut stdout = String::new();
                    for e in &events {
                        if let looplab_core::trace::EventKind::Output {
                            stream: looplab_core::trace::Stream::Stdout,
                            text,
                            ..
                        } = &e.kind
                        {
                            stdout.push_str(text);
                            stdout.push('\n');
                        }
                    }
                    let lines: Vec<String> = events
                        .iter()
                        .filter_map(|e| serde_json::to_string(e).ok())
                        .collect();
                    let trace = trace_array(&lines.join("\n"));
                    let outcome = match end {
                        RunEnd::Finished(o) => o,
                        RunEnd::Stopped => Outcome::default(),
                    };
                    let _ = resolve.call1(&JsValue::NULL, &result_object(&outcome, stdout, trace));
                };
                let run = runner::start(&cfg, on_events, on_end);
                if run.is_running() {
                    *keep.borrow_mut() = Some(run);
                }
            })
        }
    }
}

fn trace_array(lines: &str) -> JsValue {
    let json = format!("[{}]", lines.lines().collect::<Vec<_>>().join(","));
    js_sys::JSON::parse(&json).unwrap_or_else(|_| js_sys::Array::new().into())
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

/// `mount(element, {source | example, clock, readOnly})`.
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
        &["source", "example", "clock", "readOnly"],
    )?;
    let source = get(&opts, "source");
    let example = get(&opts, "example");
    let (source, title) = match (source.is_undefined(), example.is_undefined()) {
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
        _ => return Err(err("mount: give exactly one of 'source' and 'example'")),
    };
    let clock = clock_option(get(&opts, "clock"), "mount")?;
    let read_only = get(&opts, "readOnly");
    if !read_only.is_undefined() && read_only.as_bool().is_none() {
        return Err(err("mount: readOnly must be true or false"));
    }
    add_stylesheet();
    let options = WidgetOptions {
        source,
        title,
        clock,
        read_only: read_only.as_bool().unwrap_or(false),
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

fn add_stylesheet() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.get_element_by_id("looplab-widget-css").is_some() {
        return;
    }
    if let (Ok(style), Some(head)) = (doc.create_element("style"), doc.head()) {
        style.set_id("looplab-widget-css");
        style.set_text_content(Some(CSS));
        let _ = head.append_child(&style);
    }
}

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
