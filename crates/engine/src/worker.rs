//! The engine's side of its dedicated Web Worker: reads the page's
//! messages ([`ToEngine`]), runs one program at a time, and posts trace
//! batches and the end of the run ([`FromEngine`]) as transferable byte
//! buffers.
//!
//! `www/engine-worker.js` loads this module, keeps the messages that
//! arrive while the wasm loads, and hands them to [`start_engine`].
//! Batches go out at most once per [`FLUSH_MS`] of work, and the run
//! holds while [`looplab_protocol::MAX_UNACKED`] batches wait for the
//! page's acknowledgement.

use crate::outbox::{Collected, Outbox};
use crate::runner::{self, Run, RunConfig};
use gloo_timers::callback::Timeout;
use looplab_protocol::{FromEngine, RunEnd, RunRequest, ToEngine, TraceMode};
use looplab_script::mockapi::MockSettings;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The most often a batch goes out, in milliseconds (a frame's worth).
pub const FLUSH_MS: f64 = 16.0;

/// Where a run's events and end go: the outbox, posted to the page as
/// batches at most once per [`FLUSH_MS`], holding the run while the page
/// is behind.
struct Emitter {
    id: u64,
    run: RefCell<std::rc::Weak<Run>>,
    outbox: RefCell<Outbox>,
    collected: Option<RefCell<Collected>>,
    last_flush: Cell<f64>,
    timer: RefCell<Option<Timeout>>,
}

impl Emitter {
    /// Takes events the run recorded; sends them now if a frame's worth of
    /// time has passed since the last batch, else soon.
    fn push(self: &Rc<Self>, events: Vec<looplab_core::trace::Event>) {
        self.outbox.borrow_mut().push(events);
        let since = crate::host::performance_now() - self.last_flush.get();
        if since >= FLUSH_MS {
            self.pump();
        } else if self.timer.borrow().is_none() && self.outbox.borrow().has_pending() {
            let me = Rc::downgrade(self);
            let wait = (FLUSH_MS - since).max(0.0).ceil() as u32;
            *self.timer.borrow_mut() = Some(Timeout::new(wait, move || {
                if let Some(me) = me.upgrade() {
                    me.timer.borrow_mut().take();
                    me.pump();
                }
            }));
        }
    }

    /// Sends what is pending unless the page is behind, and holds or
    /// releases the run accordingly.
    fn pump(&self) {
        if !self.outbox.borrow().should_hold() {
            self.send_pending();
        }
        let hold = self.outbox.borrow().should_hold();
        if let Some(run) = self.run.borrow().upgrade() {
            run.set_held(hold);
        }
    }

    fn send_pending(&self) {
        let batch = self.outbox.borrow_mut().take_batch();
        if let Some((batch, events)) = batch {
            post(&FromEngine::Batch {
                run: self.id,
                batch,
                events,
            });
            self.last_flush.set(crate::host::performance_now());
        }
        if !self.outbox.borrow().has_pending() {
            self.timer.borrow_mut().take();
        }
    }

    /// The page applied batch `batch`.
    fn ack(&self, batch: u64) {
        self.outbox.borrow_mut().ack(batch);
        self.pump();
    }

    /// Sends the last events, whatever the page's backlog, then the end.
    fn end(&self, how: runner::RunEnd, after: crate::workspace::After) {
        self.send_pending();
        self.timer.borrow_mut().take();
        let summary = self.outbox.borrow().summary();
        let mut end = run_end(how, self.collected.as_ref(), summary);
        end.files = after.files;
        end.databases = after.databases;
        post(&FromEngine::End { run: self.id, end });
        CURRENT.with(|c| {
            let mut c = c.borrow_mut();
            if c.as_ref().is_some_and(|(_, e)| e.id == self.id) {
                *c = None;
            }
        });
    }
}

thread_local! {
    /// The run in progress, and its emitter.
    static CURRENT: RefCell<Option<(Rc<Run>, Rc<Emitter>)>> = const { RefCell::new(None) };
}

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts `msg` to the page, handing over its buffer.
fn post(msg: &FromEngine) {
    let bytes = msg.encode();
    let arr = js_sys::Uint8Array::from(bytes.as_slice());
    let transfer = js_sys::Array::of1(&arr.buffer());
    if let Err(e) = scope().post_message_with_transfer(&arr, &transfer) {
        web_sys::console::error_2(&"looplab engine: postMessage failed".into(), &e);
    }
}

/// Starts answering the page: `early` holds the messages that arrived
/// while the module loaded, in order.
#[wasm_bindgen(js_name = startEngine)]
pub fn start_engine(early: js_sys::Array) {
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
        handle(&ev.data());
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the Worker.
    on_message.forget();
    post(&FromEngine::Ready);
    // No run waiting yet: warm the engine up while the page has none for it.
    let run_waiting = early
        .iter()
        .any(|d| d.is_instance_of::<js_sys::Uint8Array>());
    if !run_waiting {
        crate::warm::start();
    }
    for data in early.iter() {
        handle(&data);
    }
}

/// Whether `data` is the page's `{ looplabEngine: 'full' }` (a run of the
/// page needed the full engine; `src/client.rs`).
pub(crate) fn full_engine_word(data: &JsValue) -> bool {
    data.is_object()
        && js_sys::Reflect::get(data, &"looplabEngine".into())
            .ok()
            .and_then(|v| v.as_string())
            .is_some_and(|v| v == "full")
}

fn handle(data: &JsValue) {
    #[cfg(not(feature = "full"))]
    if crate::upgrade::forwarded(data) || crate::upgrade::full_wanted(data) {
        return;
    }
    // The page's word that a full engine will be wanted: this is one.
    if full_engine_word(data) {
        return;
    }
    let bytes = if let Some(a) = data.dyn_ref::<js_sys::Uint8Array>() {
        a.to_vec()
    } else if let Some(b) = data.dyn_ref::<js_sys::ArrayBuffer>() {
        js_sys::Uint8Array::new(b).to_vec()
    } else {
        post(&FromEngine::Fatal(
            "the engine takes messages as bytes (a Uint8Array)".into(),
        ));
        return;
    };
    match ToEngine::decode(&bytes) {
        Err(e) => post(&FromEngine::Fatal(format!(
            "could not read the page's message: {e}"
        ))),
        #[cfg(not(feature = "full"))]
        Ok(ToEngine::Run(req)) if crate::upgrade::needed(&req) => {
            stop_current();
            if !crate::upgrade::hand_over(data) {
                start(req);
            }
        }
        Ok(ToEngine::Run(req)) => start(req),
        Ok(msg) => steer(msg),
    }
}

fn steer(msg: ToEngine) {
    let Some((run, emitter)) = CURRENT.with(|c| c.borrow().clone()) else {
        return;
    };
    match msg {
        ToEngine::Pause => run.set_paused(true),
        ToEngine::Resume => run.set_paused(false),
        ToEngine::Step => run.step(),
        ToEngine::Speed(s) => run.set_speed(s),
        ToEngine::Ack { batch } => emitter.ack(batch),
        ToEngine::Run(_) => {}
    }
}

/// Ends the run in progress, if any (and the warm-up).
fn stop_current() {
    crate::warm::stop();
    if let Some((old, _)) = CURRENT.with(|c| c.borrow_mut().take()) {
        old.stop();
    }
}

fn start(req: RunRequest) {
    // One run at a time: a new one ends the old at once.
    stop_current();
    #[cfg(feature = "full")]
    if crate::sql::needed_by(&req.source) {
        // asyncpg: fetch the SQL module first (once per Worker).
        wasm_bindgen_futures::spawn_local(async move {
            let sql = crate::sql::backend().await;
            start_with(req, Some(sql));
        });
        return;
    }
    start_with(req, None);
}

fn start_with(
    mut req: RunRequest,
    sql: Option<Rc<dyn looplab_script::modules::asyncpg::SqlBackend>>,
) {
    let emitter = Rc::new(Emitter {
        id: req.run,
        run: RefCell::default(),
        outbox: RefCell::new(Outbox::new(req.trace)),
        collected: req.collect_output.then(RefCell::default),
        last_flush: Cell::new(crate::host::performance_now()),
        timer: RefCell::new(None),
    });
    let output: Option<looplab_script::interp::OutputSink> = req.collect_output.then(|| {
        let e = emitter.clone();
        Box::new(move |stream, text: &str| {
            if let Some(c) = &e.collected {
                c.borrow_mut().write(stream, text);
            }
        }) as looplab_script::interp::OutputSink
    });
    let fs = crate::workspace::start(req.files.take());
    let sql = sql.map(|b| crate::workspace::Recorder::new(b, fs.clone()));
    let cfg = RunConfig {
        source: req.source,
        // Tests and checks run on the virtual clock.
        clock: if req.tests || req.checker.is_some() {
            looplab_protocol::Clock::Virtual
        } else {
            req.clock
        },
        speed: req.speed,
        seed: req.seed,
        mock: MockSettings {
            latency_ms: req.mock.latency_ms,
            jitter_ms: req.mock.jitter_ms,
            fail: req.mock.fail,
        },
        base_url: req.base_url,
        trace: req.trace != TraceMode::None,
        output,
        sql: sql
            .clone()
            .map(|s| s as Rc<dyn looplab_script::modules::asyncpg::SqlBackend>),
        fs: fs.clone(),
        tests: req.tests,
        io: req.io,
        checker: req.checker,
        horizon: req.horizon,
    };
    let (on_events, on_end) = (emitter.clone(), emitter.clone());
    let run = runner::start(
        cfg,
        move |events| on_events.push(events),
        move |how| on_end.end(how, crate::workspace::after(&fs, sql.as_deref())),
    );
    *emitter.run.borrow_mut() = Rc::downgrade(&run);
    if run.is_running() {
        CURRENT.with(|c| *c.borrow_mut() = Some((run, emitter)));
    }
}

/// The protocol's form of how a run ended.
pub fn run_end(
    how: runner::RunEnd,
    collected: Option<&RefCell<Collected>>,
    summary: Option<looplab_protocol::Summary>,
) -> RunEnd {
    let (outcome, reqs) = match how {
        runner::RunEnd::Finished(o) => (o, Vec::new()),
        runner::RunEnd::Checked(o, reqs) => (o, reqs),
        runner::RunEnd::Stopped => (looplab_script::Outcome::default(), Vec::new()),
    };
    let mut end = crate::run_end_of(&outcome);
    end.requirements = reqs;
    end.summary = summary;
    if let Some(c) = collected {
        let c = std::mem::take(&mut *c.borrow_mut());
        end.stdout = c.stdout;
        end.stderr = format!("{}{}", c.stderr, end.stderr);
        end.output_cut = c.cut;
    }
    end
}
