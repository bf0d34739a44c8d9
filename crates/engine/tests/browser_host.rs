//! The browser host in headless Chromium (wasm-bindgen-test): real timers
//! on `performance.now()`, wake-ups from promises (microtasks), Stop,
//! cancellation of a request in flight, and real `fetch` turned into
//! `aiohttp` results and exceptions. Run by scripts/test with
//! wasm-bindgen-test-runner; natively this file is empty.
#![cfg(target_arch = "wasm32")]

use looplab_core::trace::{Event, EventKind, Stream};
use looplab_engine::host::performance_now;
use looplab_engine::runner::{self, ClockMode, RunConfig, RunEnd};
use looplab_script::mockapi::MockSettings;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What a run printed and how it ended, once it has ended.
struct Ran {
    stdout: Vec<String>,
    end: RunEnd,
    millis: f64,
}

/// Runs `source` on the page's clock and waits for its end. `after_ms`:
/// call Stop after this long.
async fn run_real(source: &str, stop_after_ms: Option<i32>) -> Ran {
    let cfg = RunConfig {
        source: source.to_string(),
        clock: ClockMode::Real,
        speed: 1.0,
        seed: 0,
        mock: MockSettings::default(),
        base_url: web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default(),
        trace: true,
        output: None,
        sql: None,
        fs: looplab_engine::workspace::start(None),
        tests: false,
        io: looplab_protocol::IoCosts::default(),
        checker: None,
        horizon: 0.0,
    };
    let lines: Rc<RefCell<Vec<String>>> = Rc::default();
    let end: Rc<RefCell<Option<RunEnd>>> = Rc::default();
    let started = performance_now();
    let (l, e) = (lines.clone(), end.clone());
    let mut resolve_slot: Option<js_sys::Function> = None;
    let promise = js_sys::Promise::new(&mut |resolve, _| resolve_slot = Some(resolve));
    let resolve = resolve_slot.unwrap_or_else(|| js_sys::Function::new_no_args(""));
    let run = runner::start(
        cfg,
        move |events: Vec<Event>| {
            for ev in events {
                if let EventKind::Output {
                    stream: Stream::Stdout,
                    text,
                    ..
                } = ev.kind
                {
                    l.borrow_mut().push(text.to_string());
                }
            }
        },
        move |how| {
            *e.borrow_mut() = Some(how);
            let _ = resolve.call0(&JsValue::NULL);
        },
    );
    if let Some(ms) = stop_after_ms {
        let r = run.clone();
        let cb = Closure::once_into_js(move || r.stop());
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms);
        }
    }
    let _ = JsFuture::from(promise).await;
    let millis = performance_now() - started;
    let end = end.borrow_mut().take();
    let stdout = lines.borrow().clone();
    Ran {
        stdout,
        end: end.unwrap_or(RunEnd::Stopped),
        millis,
    }
}

fn finished_cleanly(end: &RunEnd) -> bool {
    matches!(end, RunEnd::Finished(o) if o.error.is_none())
}

#[wasm_bindgen_test]
async fn sleeps_take_real_time_and_order_follows_deadlines() {
    let ran = run_real(
        "import asyncio\nasync def nap(name, s):\n    await asyncio.sleep(s)\n    print(name)\nasync def main():\n    await asyncio.gather(nap('slow', 0.12), nap('fast', 0.06))\nasyncio.run(main())\n",
        None,
    )
    .await;
    assert!(finished_cleanly(&ran.end), "{:?}", ran.end);
    assert_eq!(ran.stdout, ["fast", "slow"]);
    assert!(ran.millis >= 115.0, "finished after {} ms", ran.millis);
    assert!(ran.millis < 2000.0, "finished after {} ms", ran.millis);
}

#[wasm_bindgen_test]
async fn a_fetch_wakes_its_task_from_a_promise() {
    // A data: URL answers from the browser itself; the task waits on a real
    // promise and is woken from a microtask.
    let ran = run_real(
        "import asyncio, aiohttp\nasync def main():\n    async with aiohttp.ClientSession() as s:\n        async with s.get('data:application/json,{\"answer\":42}') as r:\n            print(r.status, (await r.json())['answer'])\nasyncio.run(main())\n",
        None,
    )
    .await;
    assert!(finished_cleanly(&ran.end), "{:?}", ran.end);
    assert_eq!(ran.stdout, ["200 42"]);
}

#[wasm_bindgen_test]
async fn an_http_error_from_the_real_server_becomes_client_response_error() {
    // The test runner's own server has no /api/: a real 404.
    let ran = run_real(
        "import asyncio, aiohttp\nasync def main():\n    async with aiohttp.ClientSession() as s:\n        async with s.get('/api/users') as r:\n            try:\n                r.raise_for_status()\n            except aiohttp.ClientResponseError as e:\n                print('error', e.status)\nasyncio.run(main())\n",
        None,
    )
    .await;
    assert!(finished_cleanly(&ran.end), "{:?}", ran.end);
    assert_eq!(ran.stdout, ["error 404"]);
}

#[wasm_bindgen_test]
async fn an_unreachable_host_becomes_a_connection_error() {
    let ran = run_real(
        "import asyncio, aiohttp\nasync def main():\n    async with aiohttp.ClientSession() as s:\n        try:\n            await s.get('http://127.0.0.1:9/nothing')\n        except aiohttp.ClientConnectionError as e:\n            print('connection error', type(e).__name__)\nasyncio.run(main())\n",
        None,
    )
    .await;
    assert!(finished_cleanly(&ran.end), "{:?}", ran.end);
    assert_eq!(ran.stdout, ["connection error ClientConnectorError"]);
}

#[wasm_bindgen_test]
async fn cancelling_a_task_cancels_its_request() {
    let ran = run_real(
        "import asyncio, aiohttp\nasync def main():\n    async with aiohttp.ClientSession() as s:\n        t = asyncio.create_task(s.get('/no-such-page'))\n        await asyncio.sleep(0)\n        t.cancel()\n        try:\n            await t\n        except asyncio.CancelledError:\n            print('cancelled', t.cancelled())\nasyncio.run(main())\n",
        None,
    )
    .await;
    assert!(finished_cleanly(&ran.end), "{:?}", ran.end);
    assert_eq!(ran.stdout, ["cancelled True"]);
}

#[wasm_bindgen_test]
async fn stop_ends_an_endless_loop_and_the_page_keeps_running() {
    let ran = run_real("print('spin')\nwhile True:\n    pass\n", Some(150)).await;
    assert!(matches!(ran.end, RunEnd::Stopped), "{:?}", ran.end);
    assert_eq!(ran.stdout, ["spin"]);
    // Stop was handled by a timer callback: the loop handed control back.
    assert!(ran.millis < 3000.0, "stopping took {} ms", ran.millis);
}

#[wasm_bindgen_test]
async fn a_syntax_error_ends_the_run_at_once_with_its_line() {
    let ran = run_real("x = (1,\n", None).await;
    match ran.end {
        RunEnd::Finished(o) => assert!(
            matches!(o.error, Some(looplab_script::ProgramError::Syntax { line, .. }) if line >= 1)
        ),
        RunEnd::Stopped | RunEnd::Checked(..) => panic!("expected a syntax error"),
    }
}
