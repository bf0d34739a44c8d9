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

/// The run in progress.
struct Current {
    id: u64,
    run: Rc<Run>,
    outbox: Rc<RefCell<Outbox>>,
    last_flush: Rc<Cell<f64>>,
    timer: Rc<RefCell<Option<Timeout>>>,
}

thread_local! {
    static CURRENT: RefCell<Option<Current>> = const { RefCell::new(None) };
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
    for data in early.iter() {
        handle(&data);
    }
}

fn handle(data: &JsValue) {
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
        Ok(ToEngine::Run(req)) => start(req),
        Ok(msg) => steer(msg),
    }
}

fn steer(msg: ToEngine) {
    let Some((run, outbox, last, timer, id)) = CURRENT.with(|c| {
        c.borrow().as_ref().map(|c| {
            (
                c.run.clone(),
                c.outbox.clone(),
                c.last_flush.clone(),
                c.timer.clone(),
                c.id,
            )
        })
    }) else {
        return;
    };
    match msg {
        ToEngine::Pause => run.set_paused(true),
        ToEngine::Resume => run.set_paused(false),
        ToEngine::Step => run.step(),
        ToEngine::Speed(s) => run.set_speed(s),
        ToEngine::Ack { batch } => {
            outbox.borrow_mut().ack(batch);
            pump(id, &run, &outbox, &last, &timer, false);
        }
        ToEngine::Run(_) => {}
    }
}

/// Sends what is pending unless the page is behind, and holds or
/// releases the run accordingly. `all`: send everything now (the end).
fn pump(
    id: u64,
    run: &Rc<Run>,
    outbox: &Rc<RefCell<Outbox>>,
    last: &Cell<f64>,
    timer: &RefCell<Option<Timeout>>,
    all: bool,
) {
    let mut ob = outbox.borrow_mut();
    if all || !ob.should_hold() {
        if let Some((batch, events)) = ob.take_batch() {
            post(&FromEngine::Batch {
                run: id,
                batch,
                events,
            });
            last.set(crate::host::performance_now());
        }
    }
    if !all {
        run.set_held(ob.should_hold());
    }
    if all || !ob.has_pending() {
        timer.borrow_mut().take();
    }
}

fn start(req: RunRequest) {
    // One run at a time: a new one ends the old at once.
    if let Some(old) = CURRENT.with(|c| c.borrow_mut().take()) {
        old.run.stop();
    }
    let id = req.run;
    let outbox = Rc::new(RefCell::new(Outbox::new(req.trace)));
    let collected = req
        .collect_output
        .then(|| Rc::new(RefCell::new(Collected::default())));
    let output: Option<looplab_script::interp::OutputSink> = collected.clone().map(|c| {
        Box::new(move |stream, text: &str| c.borrow_mut().write(stream, text))
            as looplab_script::interp::OutputSink
    });
    let last = Rc::new(Cell::new(crate::host::performance_now()));
    let timer: Rc<RefCell<Option<Timeout>>> = Rc::default();
    let cfg = RunConfig {
        source: req.source,
        clock: req.clock,
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
    };
    // The run is created below; its event callback finds it through a
    // weak slot filled in right after.
    let slot: Rc<RefCell<std::rc::Weak<Run>>> = Rc::default();
    let on_events = {
        let (outbox, last, timer, slot) =
            (outbox.clone(), last.clone(), timer.clone(), slot.clone());
        move |events: Vec<looplab_core::trace::Event>| {
            outbox.borrow_mut().push(events);
            let Some(run) = slot.borrow().upgrade() else {
                return;
            };
            if crate::host::performance_now() - last.get() >= FLUSH_MS {
                pump(id, &run, &outbox, &last, &timer, false);
            } else if timer.borrow().is_none() && outbox.borrow().has_pending() {
                let (outbox2, last2, timer2, run2) = (
                    outbox.clone(),
                    last.clone(),
                    timer.clone(),
                    Rc::downgrade(&run),
                );
                let wait = (FLUSH_MS - (crate::host::performance_now() - last.get())).max(0.0);
                *timer.borrow_mut() = Some(Timeout::new(wait.ceil() as u32, move || {
                    timer2.borrow_mut().take();
                    if let Some(run) = run2.upgrade() {
                        pump(id, &run, &outbox2, &last2, &timer2, false);
                    }
                }));
            }
        }
    };
    let on_end = {
        let (outbox, last, timer) = (outbox.clone(), last.clone(), timer.clone());
        move |how: runner::RunEnd| {
            // The final events, whatever the page's backlog.
            {
                let mut ob = outbox.borrow_mut();
                if let Some((batch, events)) = ob.take_batch() {
                    post(&FromEngine::Batch {
                        run: id,
                        batch,
                        events,
                    });
                }
            }
            last.set(crate::host::performance_now());
            timer.borrow_mut().take();
            let summary = outbox.borrow().summary();
            let end = run_end(how, collected.as_deref(), summary);
            post(&FromEngine::End { run: id, end });
            CURRENT.with(|c| {
                let mut c = c.borrow_mut();
                if c.as_ref().is_some_and(|c| c.id == id) {
                    *c = None;
                }
            });
        }
    };
    let run = runner::start(cfg, on_events, on_end);
    *slot.borrow_mut() = Rc::downgrade(&run);
    if run.is_running() {
        CURRENT.with(|c| {
            *c.borrow_mut() = Some(Current {
                id,
                run,
                outbox,
                last_flush: last,
                timer,
            })
        });
    }
}

/// The protocol's form of how a run ended.
pub fn run_end(
    how: runner::RunEnd,
    collected: Option<&RefCell<Collected>>,
    summary: Option<looplab_protocol::Summary>,
) -> RunEnd {
    let outcome = match how {
        runner::RunEnd::Finished(o) => o,
        runner::RunEnd::Stopped => looplab_script::Outcome::default(),
    };
    let mut end = crate::run_end_of(&outcome);
    end.summary = summary;
    if let Some(c) = collected {
        let c = std::mem::take(&mut *c.borrow_mut());
        end.stdout = c.stdout;
        end.stderr = format!("{}{}", c.stderr, end.stderr);
        end.output_cut = c.cut;
    }
    end
}
