//! The browser host of the runtime, in a Worker or a page: `performance.now()`
//! as the clock (scaled
//! by the playback speed, frozen while paused), one `setTimeout` armed for
//! the earliest deadline, and a "poll me soon" waker that queues a
//! microtask, so every task woken by a promise (a fetch) runs in the same
//! microtask checkpoint, as wasm-bindgen-futures does.
//!
//! Work that runs out of its step budget continues in a new macrotask
//! posted through a `MessageChannel`, not `setTimeout(0)`: nested timeouts
//! are clamped to 4 ms, and a macrotask lets the page render and take input
//! in between. Background tabs throttle timers; the clock is
//! `performance.now()`, so a throttled timer fires late but every reading
//! stays true.

use gloo_timers::callback::Timeout;
use looplab_core::{Host, Instant};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Wake, Waker};
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The global `performance` of a page or a Worker.
    #[wasm_bindgen(thread_local_v2, js_name = performance)]
    static PERFORMANCE: Option<web_sys::Performance>;
    /// The global `queueMicrotask` of a page or a Worker.
    #[wasm_bindgen(js_name = queueMicrotask)]
    fn queue_microtask_js(f: &js_sys::Function);
}

/// The monotonic clock of the page or Worker, in milliseconds since its
/// time origin.
pub fn performance_now() -> f64 {
    PERFORMANCE.with(|p| p.as_ref().map(|p| p.now()).unwrap_or(0.0))
}

fn queue_microtask(f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    queue_microtask_js(cb.unchecked_ref());
}

thread_local! {
    /// What a wake-up of each running host calls: its driver's "tick
    /// soon". Several runs (embedded widgets) can run at once.
    static WAKE: RefCell<HashMap<u64, Rc<dyn Fn()>>> = RefCell::new(HashMap::new());
    static QUEUED: RefCell<HashSet<u64>> = RefCell::new(HashSet::new());
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

/// Sets what a wake-up of host `id` calls (`None`: nothing runs).
pub fn set_wake(id: u64, f: Option<Rc<dyn Fn()>>) {
    WAKE.with(|w| match f {
        Some(f) => {
            w.borrow_mut().insert(id, f);
        }
        None => {
            w.borrow_mut().remove(&id);
        }
    });
}

fn wake_now(id: u64) {
    let f = WAKE.with(|w| w.borrow().get(&id).cloned());
    if let Some(f) = f {
        f();
    }
}

/// Runs host `id`'s driver from a microtask, once however many of its
/// tasks wake before it.
fn wake_in_microtask(id: u64) {
    if !QUEUED.with(|q| q.borrow_mut().insert(id)) {
        return;
    }
    queue_microtask(move || {
        QUEUED.with(|q| q.borrow_mut().remove(&id));
        wake_now(id);
    });
}

/// The waker a task's promise (a fetch) calls while no tick is running.
struct PollSoon(u64);

impl Wake for PollSoon {
    fn wake(self: Arc<Self>) {
        wake_in_microtask(self.0);
    }
}

/// Posts `f` as a new macrotask through a `MessageChannel` (no 4 ms clamp,
/// and the page renders before it runs).
pub fn post_macrotask(f: impl FnOnce() + 'static) {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        // No MessageChannel: fall back to a timer.
        Timeout::new(0, f).forget();
        return;
    };
    let port = channel.port1();
    let cb = Closure::once_into_js(f);
    port.set_onmessage(Some(cb.unchecked_ref()));
    let _ = channel.port2().post_message(&JsValue::NULL);
}

/// The clock of a real-time run in the page.
#[derive(Debug)]
pub struct BrowserHost {
    id: u64,
    /// Wall time (ms) and clock reading (ms) at the last rebase.
    base: Cell<(f64, f64)>,
    speed: Cell<f64>,
    paused: Cell<bool>,
    last: Cell<Instant>,
    timer: RefCell<Option<Timeout>>,
    deadline: Cell<Option<Instant>>,
}

impl BrowserHost {
    /// A clock starting at zero now, at `speed` (1.0 is real time).
    pub fn new(speed: f64) -> BrowserHost {
        let id = NEXT_ID.with(|n| {
            let id = n.get();
            n.set(id + 1);
            id
        });
        BrowserHost {
            id,
            base: Cell::new((performance_now(), 0.0)),
            speed: Cell::new(speed.clamp(0.1, 10.0)),
            paused: Cell::new(false),
            last: Cell::new(Instant::ZERO),
            timer: RefCell::new(None),
            deadline: Cell::new(None),
        }
    }

    fn reading_ms(&self) -> f64 {
        let (wall, at) = self.base.get();
        if self.paused.get() {
            return at;
        }
        at + (performance_now() - wall) * self.speed.get()
    }

    fn rebase(&self) {
        self.base.set((performance_now(), self.reading_ms()));
    }

    /// The id its wake-ups are registered under ([`set_wake`]).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Changes the playback speed from now on.
    pub fn set_speed(&self, speed: f64) {
        self.rebase();
        self.speed.set(speed.clamp(0.1, 10.0));
        self.rearm();
    }

    /// Freezes or resumes the clock.
    pub fn set_paused(&self, paused: bool) {
        if paused == self.paused.get() {
            return;
        }
        self.rebase();
        self.paused.set(paused);
        self.rearm();
    }

    /// Moves a frozen clock forward to `at` (stepping while paused).
    pub fn jump_to(&self, at: Instant) {
        let ms = at.as_nanos() as f64 / 1e6;
        self.base
            .set((performance_now(), ms.max(self.reading_ms())));
    }

    /// Whether the clock is frozen.
    pub fn is_paused(&self) -> bool {
        self.paused.get()
    }

    /// Disarms the timer (the run is over).
    pub fn disarm(&self) {
        if let Some(t) = self.timer.borrow_mut().take() {
            t.cancel();
        }
        self.deadline.set(None);
    }

    fn rearm(&self) {
        self.wake_at(self.deadline.get());
    }
}

impl Host for BrowserHost {
    fn now(&self) -> Instant {
        let ms = self.reading_ms().max(0.0);
        let t = Instant::from_nanos((ms * 1e6) as u64).max(self.last.get());
        self.last.set(t);
        t
    }

    fn wake_at(&self, deadline: Option<Instant>) {
        if let Some(t) = self.timer.borrow_mut().take() {
            t.cancel();
        }
        self.deadline.set(deadline);
        let Some(at) = deadline else { return };
        if self.paused.get() {
            return;
        }
        let wait_ms = (at.as_nanos() as f64 / 1e6 - self.reading_ms()) / self.speed.get();
        // setTimeout takes whole milliseconds; round up so the timer never
        // fires before the deadline.
        let wait = wait_ms.max(0.0).ceil().min(f64::from(u32::MAX)) as u32;
        let id = self.id;
        *self.timer.borrow_mut() = Some(Timeout::new(wait, move || wake_now(id)));
    }

    fn poll_soon(&self) -> Waker {
        Waker::from(Arc::new(PollSoon(self.id)))
    }

    /// A blocking call (`time.sleep`) really blocks the thread, as it
    /// blocks a real event loop: a busy wait, capped at 5 s of wall time.
    /// In the engine's Worker that stalls the program, never the page.
    fn block_for(&self, duration: Duration) {
        let wall_ms = (duration.as_secs_f64() * 1000.0 / self.speed.get()).min(5000.0);
        let until = performance_now() + wall_ms;
        while performance_now() < until {}
    }
}
