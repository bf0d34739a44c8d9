//! The page's side of the engine: each run goes to the engine in a
//! dedicated Web Worker (`www/engine-worker.js`, the `looplab-engine`
//! crate), through `looplab-protocol` messages. The page, the embeddable
//! widget and the npm package's `run()` all use this one client.
//!
//! One Worker runs one program, then goes (its memory with it). A spare
//! Worker is started ahead of need, so a run starts without loading the
//! engine, and Stop is `worker.terminate()` — instant whatever the program
//! does.

use looplab_protocol::{Clock, FromEngine, RunEnd, RunError, RunRequest, ToEngine};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// Where the engine's Worker script is (see [`set_engine_url`]).
    static ENGINE_URL: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Starts the engine's Worker, when the embedder gives a way to (the
    /// npm package does, with the `new Worker(new URL(…), …)` pattern that
    /// bundlers recognise); see [`set_engine_factory`].
    static ENGINE_FACTORY: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    /// A started Worker with no run.
    static SPARE: RefCell<Option<Slot>> = const { RefCell::new(None) };
    static NEXT_RUN: Cell<u64> = const { Cell::new(1) };
    /// Whether a run has needed the full engine (its Worker said
    /// `{ looplabEngine: 'full' }`): later Workers are told so at start,
    /// and load it before their run instead of during it.
    static FULL_ENGINE: Cell<bool> = const { Cell::new(false) };
    /// A spare started before the Service Worker took the page, kept for
    /// instant runs (which need no network) until the spare that replaces
    /// it has loaded its engine.
    static STANDBY: RefCell<Option<Slot>> = const { RefCell::new(None) };
    /// Whether the page listens for the Service Worker taking it.
    static WATCHING: Cell<bool> = const { Cell::new(false) };
}

/// The word between the page and the Worker script that the full engine
/// is wanted (`www/engine-worker.js`; the first-run engine starts every
/// Worker, docs/size.md cut 9).
fn full_engine_word() -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"looplabEngine".into(), &"full".into());
    o.into()
}

/// Whether `data`, a Worker's message, is its word that it loaded the
/// full engine.
fn says_full_engine(data: &JsValue) -> bool {
    data.is_object()
        && js_sys::Reflect::get(data, &"looplabEngine".into())
            .ok()
            .and_then(|v| v.as_string())
            .is_some_and(|v| v == "full")
}

/// A run needed the full engine: so will the next, probably (people run
/// the same program again); the spare loads it now.
fn full_engine_needed() {
    if FULL_ENGINE.with(|f| f.replace(true)) {
        return;
    }
    SPARE.with(|s| {
        if let Some(slot) = s.borrow().as_ref() {
            let _ = slot.worker.post_message(&full_engine_word());
        }
    });
}

/// Sets the URL of the engine's Worker script (the npm package points it
/// next to itself). Default: `engine-worker.js` beside the page.
pub fn set_engine_url(url: &str) {
    ENGINE_URL.with(|u| *u.borrow_mut() = Some(url.to_string()));
}

/// Sets a function that starts the engine's Worker and returns it; it is
/// used instead of [`set_engine_url`]'s URL.
pub fn set_engine_factory(factory: js_sys::Function) {
    ENGINE_FACTORY.with(|f| *f.borrow_mut() = Some(factory));
}

fn base_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default()
}

fn engine_url() -> String {
    ENGINE_URL.with(|u| u.borrow().clone()).unwrap_or_else(|| {
        web_sys::Url::new_with_base("engine-worker.js", &base_url())
            .map(|u| u.href())
            .unwrap_or_else(|_| "engine-worker.js".into())
    })
}

/// Whether a Service Worker controls the page (a Worker started before
/// that is not routed through it, so it cannot reach the mock API).
fn page_controlled() -> bool {
    web_sys::window()
        .map(|w| w.navigator().service_worker().controller().is_some())
        .unwrap_or(false)
}

/// A Worker and what it was started under.
struct Slot {
    worker: web_sys::Worker,
    controlled: bool,
    /// The run it serves now; its messages go there.
    target: Rc<RefCell<Weak<Inner>>>,
    /// Whether its engine has started (it has sent a message).
    ready: Rc<Cell<bool>>,
}

fn spawn_slot() -> Result<Slot, String> {
    let cannot = |e: &JsValue| format!("could not start the engine's Worker: {}", js_text(e));
    let factory = ENGINE_FACTORY.with(|f| f.borrow().clone());
    let worker = match factory {
        Some(f) => f
            .call0(&JsValue::NULL)
            .map_err(|e| cannot(&e))?
            .dyn_into::<web_sys::Worker>()
            .map_err(|e| cannot(&e))?,
        None => {
            let opts = web_sys::WorkerOptions::new();
            opts.set_type(web_sys::WorkerType::Module);
            web_sys::Worker::new_with_options(&engine_url(), &opts).map_err(|e| cannot(&e))?
        }
    };
    if FULL_ENGINE.with(Cell::get) {
        let _ = worker.post_message(&full_engine_word());
    }
    Ok(attach(worker, page_controlled()))
}

fn attach(worker: web_sys::Worker, controlled: bool) -> Slot {
    let target: Rc<RefCell<Weak<Inner>>> = Rc::default();
    let ready: Rc<Cell<bool>> = Rc::default();
    let t = target.clone();
    let r = ready.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if !r.replace(true) && controlled {
                // A Worker that can reach the mock API has its engine:
                // the stand-in is no longer needed.
                if let Some(standby) = STANDBY.with(|s| s.borrow_mut().take()) {
                    standby.worker.terminate();
                }
            }
            let data = ev.data();
            if says_full_engine(&data) {
                full_engine_needed();
                return;
            }
            let Some(run) = t.borrow().upgrade() else {
                return;
            };
            let Some(bytes) = data.dyn_ref::<js_sys::Uint8Array>().map(|a| a.to_vec()) else {
                return;
            };
            run.receive(FromEngine::decode(&bytes));
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let t = target.clone();
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        ev.prevent_default();
        if let Some(run) = t.borrow().upgrade() {
            // A script that fails to load gives a plain Event, with no
            // message at all.
            let what = js_sys::Reflect::get(&ev, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            run.fail(if what.is_empty() {
                "the engine could not be loaded (is engine-worker.js served next to the page?)"
                    .to_string()
            } else {
                format!("the engine stopped: {what}")
            });
        }
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Slot {
        worker,
        controlled,
        target,
        ready,
    }
}

/// Once the Service Worker takes the page (a first visit), a spare
/// started before cannot reach the mock API: a real-time run would have to
/// start a Worker and load the engine after the click. Replace it now
/// (it stands by for instant runs until its replacement is ready).
fn on_controller_change() {
    let Some(sw) = web_sys::window().map(|w| w.navigator().service_worker()) else {
        return;
    };
    let on_change = Closure::<dyn Fn()>::new(|| {
        if !page_controlled() {
            return;
        }
        let stale = SPARE.with(|s| {
            let mut s = s.borrow_mut();
            match s.as_ref() {
                Some(slot) if !slot.controlled => s.take(),
                _ => None,
            }
        });
        if let Some(slot) = stale {
            let old = STANDBY.with(|s| s.borrow_mut().replace(slot));
            if let Some(old) = old {
                old.worker.terminate();
            }
            prestart();
        }
    });
    let _ =
        sw.add_event_listener_with_callback("controllerchange", on_change.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    on_change.forget();
}

/// Starts a spare Worker now, if there is none, so the next run starts
/// at once. The page calls this at start-up.
pub fn prestart() {
    if !WATCHING.with(|w| w.replace(true)) {
        on_controller_change();
    }
    let have = SPARE.with(|s| s.borrow().is_some());
    if have {
        return;
    }
    // boot.js starts one before the page's own module has loaded.
    let early = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"__looplabEngine".into()).ok())
        .filter(|v| !v.is_undefined() && !v.is_null());
    let slot = match early {
        Some(v) => {
            if let Some(w) = web_sys::window() {
                let _ = js_sys::Reflect::delete_property(&w, &"__looplabEngine".into());
            }
            let worker = js_sys::Reflect::get(&v, &"worker".into())
                .ok()
                .and_then(|w| w.dyn_into::<web_sys::Worker>().ok());
            let controlled = js_sys::Reflect::get(&v, &"controlled".into())
                .ok()
                .and_then(|c| c.as_bool())
                .unwrap_or(false);
            match worker {
                Some(w) => Ok(attach(w, controlled)),
                None => spawn_slot(),
            }
        }
        None => {
            // boot.js, if it has not run yet, need not start another.
            if let Some(w) = web_sys::window() {
                let _ = js_sys::Reflect::set(&w, &"__looplabEngineStarted".into(), &true.into());
            }
            spawn_slot()
        }
    };
    if let Ok(slot) = slot {
        SPARE.with(|s| *s.borrow_mut() = Some(slot));
    }
}

/// A Worker for a new run: the spare if it can reach what the page can
/// or the run does not go to the network (`network`: a real-time run,
/// whose `aiohttp` requests to the mock API need the Service Worker),
/// else a new one.
fn take_slot(network: bool) -> Result<Slot, String> {
    // An instant run takes the stand-in while the spare still loads.
    let spare_ready = SPARE.with(|s| s.borrow().as_ref().is_some_and(|s| s.ready.get()));
    if !network && !spare_ready {
        if let Some(standby) = STANDBY.with(|s| s.borrow_mut().take()) {
            return Ok(standby);
        }
    }
    let spare = SPARE.with(|s| s.borrow_mut().take());
    match spare {
        Some(s) if s.controlled || !network || !page_controlled() => Ok(s),
        Some(s) => {
            s.worker.terminate();
            spawn_slot()
        }
        None => spawn_slot(),
    }
}

/// What a run reports to whoever started it.
pub trait RunObserver {
    /// A batch of trace events arrived (encoded; decode with
    /// `looplab_core::wire::decode_events`). Acknowledge it with
    /// [`RunHandle::ack`] once applied.
    fn batch(&self, batch: u64, events: Vec<u8>);
    /// The run is over (called once, after the last batch).
    fn end(&self, end: Ended);
}

/// How a run ended, as the page sees it.
#[derive(Debug)]
pub enum Ended {
    /// The program finished, with or without an error.
    Finished(RunEnd),
    /// The user stopped it.
    Stopped,
}

struct Inner {
    id: u64,
    slot: RefCell<Option<Slot>>,
    observer: Box<dyn RunObserver>,
    done: Cell<bool>,
}

impl Inner {
    fn send(&self, msg: &ToEngine) {
        if let Some(slot) = self.slot.borrow().as_ref() {
            let arr = js_sys::Uint8Array::from(msg.encode().as_slice());
            let _ = slot.worker.post_message(&arr);
        }
    }

    fn receive(&self, msg: Result<FromEngine, looplab_core::wire::WireError>) {
        match msg {
            Ok(FromEngine::Batch { run, batch, events }) if run == self.id => {
                if !self.done.get() {
                    self.observer.batch(batch, events);
                }
            }
            Ok(FromEngine::End { run, end }) if run == self.id => {
                if self.done.replace(true) {
                    return;
                }
                if let Some(slot) = self.slot.borrow_mut().take() {
                    slot.worker.terminate();
                }
                prestart();
                self.observer.end(Ended::Finished(end));
            }
            Ok(FromEngine::Fatal(msg)) => self.fail(msg),
            Err(e) => self.fail(format!("could not read the engine's message: {e}")),
            Ok(_) => {}
        }
    }

    /// Ends the run with an error of the engine itself; its Worker goes.
    fn fail(&self, msg: String) {
        if self.done.replace(true) {
            return;
        }
        if let Some(slot) = self.slot.borrow_mut().take() {
            slot.worker.terminate();
        }
        self.observer.end(Ended::Finished(RunEnd {
            error: Some(RunError::Uncaught {
                summary: format!("EngineError: {msg}"),
                traceback: String::new(),
                line: None,
            }),
            ..RunEnd::default()
        }));
        prestart();
    }
}

/// A run in progress, as the page steers it.
pub struct RunHandle {
    inner: Rc<Inner>,
}

impl std::fmt::Debug for RunHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunHandle")
            .field("id", &self.inner.id)
            .field("done", &self.inner.done.get())
            .finish()
    }
}

/// How long a run goes before the next run's Worker is started, in ms.
const SPARE_AFTER_MS: i32 = 2_000;

/// Starts the next run's Worker once `run` has ended (its end, Stop or
/// failure do) or has gone on for [`SPARE_AFTER_MS`], so that a rerun
/// finds an engine loaded. Not at once: loading an engine takes the CPU
/// that the run's first output and frames need (on two cores, the page's
/// thread, the run's Worker and the compiler are already three).
fn spare_later(run: Weak<Inner>) {
    let Some(w) = web_sys::window() else {
        prestart();
        return;
    };
    let later = Closure::once_into_js(move || {
        if run.upgrade().is_some_and(|r| !r.done.get()) {
            prestart();
        }
    });
    if w.set_timeout_with_callback_and_timeout_and_arguments_0(
        later.unchecked_ref(),
        SPARE_AFTER_MS,
    )
    .is_err()
    {
        prestart();
    }
}

/// Starts `req` (its `run` and `base_url` are filled in here) in a Worker.
pub fn start(mut req: RunRequest, observer: impl RunObserver + 'static) -> RunHandle {
    req.run = NEXT_RUN.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    if req.base_url.is_empty() {
        req.base_url = base_url();
    }
    let inner = Rc::new(Inner {
        id: req.run,
        slot: RefCell::new(None),
        observer: Box::new(observer),
        done: Cell::new(false),
    });
    // An instant run (tests and checks are instant too) simulates the
    // network in the engine.
    let network = req.clock == Clock::Real && !req.tests && req.checker.is_none();
    match take_slot(network) {
        Ok(slot) => {
            *slot.target.borrow_mut() = Rc::downgrade(&inner);
            *inner.slot.borrow_mut() = Some(slot);
            inner.send(&ToEngine::Run(req));
            spare_later(Rc::downgrade(&inner));
        }
        Err(msg) => inner.fail(msg),
    }
    RunHandle { inner }
}

impl RunHandle {
    /// Ends the run at once: its Worker is terminated (whatever the
    /// program is doing) and a fresh one is started for the next run.
    pub fn stop(&self) {
        if self.inner.done.replace(true) {
            return;
        }
        if let Some(slot) = self.inner.slot.borrow_mut().take() {
            slot.worker.terminate();
        }
        self.inner.observer.end(Ended::Stopped);
        prestart();
    }

    /// Whether the run is still going.
    pub fn is_running(&self) -> bool {
        !self.inner.done.get()
    }

    /// Freezes or unfreezes a real-time run.
    pub fn set_paused(&self, paused: bool) {
        self.inner.send(&if paused {
            ToEngine::Pause
        } else {
            ToEngine::Resume
        });
    }

    /// While paused: runs one task step.
    pub fn step(&self) {
        self.inner.send(&ToEngine::Step);
    }

    /// Changes a real-time run's speed.
    pub fn set_speed(&self, speed: f64) {
        self.inner.send(&ToEngine::Speed(speed));
    }

    /// Tells the engine that batch `batch` has been applied.
    pub fn ack(&self, batch: u64) {
        self.inner.send(&ToEngine::Ack { batch });
    }
}

impl Drop for RunHandle {
    /// A run nobody holds is stopped.
    fn drop(&mut self) {
        self.stop();
    }
}

fn js_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}
