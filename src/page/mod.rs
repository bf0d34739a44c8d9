//! The playground page (Leptos, client-side rendered), as small
//! components over one plain state ([`state::Page`]): the toolbar, the
//! gallery, the code column (editor, knobs, error, output) and the views
//! (summary, timeline, scrubber, tabs). Components render what
//! `crate::rows` computes from the view model and call `Page`'s methods.

mod code;
mod exercise;
mod opfs;
mod output;
pub mod state;
mod tables;
mod views;
mod workspace;

use crate::client;
use crate::gallery::{self, EXAMPLES};
use crate::rows;
use code::Code;
use leptos::prelude::*;
use looplab_protocol::Clock;
use output::Output;
use state::{with_model, Page, Pane, Status};
use std::sync::Arc;
use views::Views;

// How the page keeps Leptos's generic code small (its views are built in
// Leptos's erased mode, see .cargo/config.toml). Leptos generates an event
// listener's code once per handler type, and an effect's once per closure
// type: the page's handlers and effects go through the helpers below, so
// that each kind of event, and all the effects, share one copy. A closure
// that returns a view, each item of a list and each optional part of a view
// is an `AnyView` (`.into_any()`): the code that builds and rebuilds it is
// then shared too.

/// A mouse event's handler (`on:click`), boxed.
pub(crate) fn on_mouse(
    f: impl FnMut(web_sys::MouseEvent) + 'static,
) -> Box<dyn FnMut(web_sys::MouseEvent)> {
    Box::new(f)
}

/// A plain event's handler (`on:change`, `on:input`, `on:scroll`), boxed.
pub(crate) fn on_event(f: impl FnMut(web_sys::Event) + 'static) -> Box<dyn FnMut(web_sys::Event)> {
    Box::new(f)
}

/// A key's handler (`on:keydown`), boxed.
pub(crate) fn on_keys(
    f: impl FnMut(web_sys::KeyboardEvent) + 'static,
) -> Box<dyn FnMut(web_sys::KeyboardEvent)> {
    Box::new(f)
}

/// A list drawn as slots: `count()` of them, slot `k` drawn by `slot(k)`.
/// A slot keeps its element while the count changes around it, so that a
/// list that changes every frame of a run (the task table, the output,
/// the state chips) writes only the texts and attributes that changed in
/// it. Boxed, so that every list shares one copy of Leptos's keyed-list
/// code.
pub(crate) fn slots(
    count: impl Fn() -> usize + Send + Sync + 'static,
    slot: impl Fn(usize) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    boxed_slots(Arc::new(count), Arc::new(slot))
}

/// What [`slots`] draws with.
type Count = Arc<dyn Fn() -> usize + Send + Sync>;
/// What [`slots`] draws a slot with.
type Slot = Arc<dyn Fn(usize) -> AnyView + Send + Sync>;

fn boxed_slots(count: Count, slot: Slot) -> AnyView {
    view! { <For each=move || 0..count() key=|k: &usize| *k children=move |k| slot(k) /> }
        .into_any()
}

/// An effect: runs `f` now and again whenever a signal it read changes.
pub(crate) fn effect(f: impl Fn() + 'static) {
    boxed_effect(Box::new(f));
}

fn boxed_effect(f: Box<dyn Fn()>) {
    Effect::new(move |_| f());
}

/// The page.
#[component]
pub fn App() -> impl IntoView {
    // The engine loads in its Worker while the page renders.
    client::prestart();
    // The page's wasm memory, for the budget script (the JS heap does not
    // count it).
    let _ = js_sys::Reflect::set(
        &window(),
        &"__looplabWasmMemory".into(),
        &wasm_bindgen::memory(),
    );
    let page = Page::new();
    page.persist();
    page.load_workspace();
    // Keyboard: Ctrl/Cmd+Enter runs from anywhere; Escape stops. (The code
    // editor handles these keys itself and marks them handled.)
    let _keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.default_prevented() {
            return;
        }
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            page.start_run();
        } else if ev.key() == "Escape" && page.status.get_untracked() == Status::Running {
            page.stop_run();
        }
    });
    view! {
        <Toolbar page=page />
        <Banners page=page />
        <PaneTabs page=page />
        <main class="layout" data-pane=move || page.pane.get().as_str()>
            <Gallery page=page />
            <section class="code">
                <exercise::ExercisePanel page=page />
                {move || page.example_id.get().and_then(gallery::find).map(|ex| view! {
                    <div class="about"><strong>{ex.title}</strong><p>{ex.summary}</p>
                        {move || page.example_edited().then(|| view! {
                            <p class="edited" data-testid="example-edited">"Your changes to this example are kept. "
                                <button class="link" data-testid="reset-example" on:click=on_mouse(move |_| page.reset_example())>"Back to the original"</button>
                            </p>
                        }.into_any())}
                    </div>
                }.into_any())}
                <Code page=page />
                <Output page=page />
            </section>
            <Views page=page />
        </main>
    }
}

/// On a narrow screen, tabs that choose what the page shows: the
/// examples (a drawer), the code, the output, or the views.
#[component]
fn PaneTabs(page: Page) -> impl IntoView {
    let pane = page.pane;
    let tab = move |which: Pane, label: &'static str| {
        view! {
            <button role="tab" data-testid=format!("pane-{}", which.as_str())
                aria-selected=move || (pane.get() == which).to_string()
                class:active=move || pane.get() == which on:click=on_mouse(move |_| pane.set(which))>{label}</button>
        }
    };
    view! {
        <nav class="pane-tabs" role="tablist" aria-label="What to show">
            {tab(Pane::Examples, "☰ Examples")}
            {tab(Pane::Code, "Code")}
            {tab(Pane::Output, "Output")}
            {tab(Pane::Views, "Timeline")}
        </nav>
    }
}

fn clock_str(c: Clock) -> &'static str {
    match c {
        Clock::Real => "real",
        Clock::Virtual => "instant",
    }
}

fn parse_clock(s: &str) -> Clock {
    if s == "real" {
        Clock::Real
    } else {
        Clock::Virtual
    }
}

/// The bar at the top: clock, speed, run controls, status, share, export,
/// theme.
#[component]
fn Toolbar(page: Page) -> impl IntoView {
    let Page {
        clock,
        speed,
        status,
        dark,
        ..
    } = page;
    let running = move || page.running();
    view! {
        <header class="bar">
            <h1 class="brand"><span class="logo" aria-hidden="true">"⟳"</span>" Looplab"</h1>
            <div class="controls">
                <label class="ctl">"Clock "
                    <select data-testid="clock" prop:value=move || clock_str(clock.get())
                        on:change=on_event(move |ev| clock.set(parse_clock(&event_target_value(&ev))))>
                        <option value="instant">"Instant (virtual)"</option>
                        <option value="real">"Real time"</option>
                    </select>
                </label>
                <label class="ctl" title="Playback speed of real-time runs and of replays">"Speed "
                    <select prop:value=move || format!("{}", speed.get())
                        on:change=on_event(move |ev| page.set_speed(event_target_value(&ev).parse().unwrap_or(1.0)))>
                        {[0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0].into_iter().map(|v| view! { <option value=format!("{v}")>{format!("{v}×")}</option> }.into_any()).collect_view()}
                    </select>
                </label>
                <button class="primary" data-testid="run" on:click=on_mouse(move |_| page.start_run()) title="Run (Ctrl+Enter)">
                    {move || if running() { "↻ Restart" } else { "▶ Run" }}
                </button>
                {move || page.source.with(|s| s.contains("def test")).then(|| view! {
                    <button data-testid="run-tests" on:click=on_mouse(move |_| page.run_tests()) title="Run the test_… functions, pytest-style">"✓ Run tests"</button>
                }.into_any())}
                <button data-testid="stop" disabled=move || !running() on:click=on_mouse(move |_| page.stop_run()) title="Stop (Esc)">"■ Stop"</button>
                <button data-testid="pause" disabled=move || !(running() && clock.get() == Clock::Real) on:click=on_mouse(move |_| page.toggle_pause())>
                    {move || if status.get() == Status::Paused { "▶ Resume" } else { "❚❚ Pause" }}
                </button>
                <span class=move || status.get().class() data-testid="status" role="status">{move || status.get().label()}</span>
                {move || page.replay_note().map(|n| view! { <span class="muted replay-note" data-testid="replay-note">{n}</span> }.into_any())}
                // While a run goes: how far it has got (an instant run goes
                // flat out; this is where the page shows it).
                <span class="muted small" data-testid="progress">{move || {
                    if !running() {
                        return String::new();
                    }
                    page.rev.get();
                    let (tasks, end) = with_model(|m| (m.tasks().len(), m.end()));
                    format!("{tasks} tasks · t = {}", rows::fmt_secs(end))
                }}</span>
            </div>
            <div class="controls right">
                <button on:click=on_mouse(move |_| page.share()) title="Copy a link that carries this program">"Share"</button>
                <button on:click=on_mouse(move |_| page.export()) data-testid="export" title="Download the trace; open it in ui.perfetto.dev">"Export trace"</button>
                <button class="icon" on:click=on_mouse(move |_| dark.update(|d| *d = !*d)) title="Switch theme" aria-label="Switch between dark and light theme">
                    {move || if dark.get() { "☀" } else { "☾" }}
                </button>
            </div>
        </header>
    }
}

/// A message under the bar (a shared link loaded, a damaged link, a cut
/// export) and the share link just made.
#[component]
fn Banners(page: Page) -> impl IntoView {
    let Page {
        banner, share_url, ..
    } = page;
    view! {
        {move || banner.get().map(|(is_error, text)| view! {
            <div class="banner" class:error=is_error role="status">
                <span>{text}</span>
                <button class="link" on:click=on_mouse(move |_| banner.set(None))>"Dismiss"</button>
            </div>
        }.into_any())}
        {move || share_url.get().map(|url| view! {
            <div class="banner" role="status">
                <span>"Link copied: "</span>
                <input class="share-url" data-testid="share-url" readonly prop:value=url />
                <button class="link" on:click=on_mouse(move |_| share_url.set(None))>"Close"</button>
            </div>
        }.into_any())}
    }
}

/// A number setting from 0 to `max`: a labelled input that shows `get`
/// and passes a new value to `set` (a value that does not parse leaves the
/// setting as it was). Not generic (a `Signal` and a `Callback`), so its
/// ten uses share one copy of the markup's code.
fn setting(
    name: &'static str,
    max: f64,
    step: f64,
    get: Signal<f64>,
    set: Callback<f64>,
) -> AnyView {
    view! {
        <label class="knob"><span class="knob-name">{name}</span>
            <input type="number" min="0" max=max step=step prop:value=move || get.get()
                on:change=on_event(move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        set.run(v.clamp(0.0, max));
                    }
                }) /></label>
    }
    .into_any()
}

/// The examples, and the mock API's, files' and database's settings.
#[component]
fn Gallery(page: Page) -> impl IntoView {
    let Page {
        example_id,
        mock,
        io,
        horizon,
        ..
    } = page;
    view! {
        <nav class="gallery" aria-label="Exercises and examples">
            <exercise::ExerciseList page=page />
            <h2 class="section-head">"Examples"</h2>
            <ul>
                <li>
                    <button class="example" data-testid="my-program"
                        class:active=move || example_id.get().is_none() && page.exercise.get().is_none()
                        on:click=on_mouse(move |_| {
                            page.open_my_program();
                            page.pane.set(Pane::Code);
                        })
                        title="Your own program: kept in this browser, apart from the examples">
                        <span class="ex-title">"✎ My program"</span>
                    </button>
                </li>
                {EXAMPLES.iter().map(|ex| view! {
                    <li>
                        <button class="example" class:active=move || example_id.get() == Some(ex.id)
                            data-testid="example" data-example=ex.id on:click=on_mouse(move |_| {
                                page.load_example(ex);
                                page.pane.set(Pane::Code);
                            })>
                            <span class="ex-title">{ex.title}</span>
                            <span class="ex-summary">{ex.summary}</span>
                        </button>
                    </li>
                }.into_any()).collect_view()}
            </ul>
            <details class="network">
                <summary>"Instant runs"</summary>
                <p class="muted small">"On the virtual clock sleeping takes no time, so a loop that sleeps forever would run for ever in an instant: it stops at this clock reading (0: never)."</p>
                {setting("stop at (virtual s)", 1e9, 60.0, Signal::derive(move || horizon.get()), Callback::new(move |v| horizon.set(v)))}
            </details>
            <details class="network">
                <summary>"Mock API"</summary>
                <p class="muted small">"Requests to /api/… (users, posts, items, echo, status) are answered next to the page. Defaults for every request:"</p>
                {setting("latency ms", 10000.0, 1.0, Signal::derive(move || mock.get().0), Callback::new(move |v| mock.update(|m| m.0 = v)))}
                {setting("jitter ms", 10000.0, 1.0, Signal::derive(move || mock.get().1), Callback::new(move |v| mock.update(|m| m.1 = v)))}
                {setting("failure rate", 1.0, 0.05, Signal::derive(move || mock.get().2), Callback::new(move |v| mock.update(|m| m.2 = v)))}
            </details>
            <details class="network">
                <summary>"Files and database"</summary>
                <p class="muted small">"What each aiofiles call or open() costs, and each asyncpg query; failures raise OSError and ConnectionDoesNotExistError."</p>
                {setting("file op ms", 10000.0, 0.5, Signal::derive(move || io.get().file_op_ms), Callback::new(move |v| io.update(|c| c.file_op_ms = v)))}
                {setting("file ms per KB", 1000.0, 0.01, Signal::derive(move || io.get().file_per_kb_ms), Callback::new(move |v| io.update(|c| c.file_per_kb_ms = v)))}
                {setting("file failure rate", 1.0, 0.05, Signal::derive(move || io.get().file_fail), Callback::new(move |v| io.update(|c| c.file_fail = v)))}
                {setting("query ms", 10000.0, 0.5, Signal::derive(move || io.get().db_ms), Callback::new(move |v| io.update(|c| c.db_ms = v)))}
                {setting("query jitter ms", 10000.0, 0.5, Signal::derive(move || io.get().db_jitter_ms), Callback::new(move |v| io.update(|c| c.db_jitter_ms = v)))}
                {setting("query failure rate", 1.0, 0.05, Signal::derive(move || io.get().db_fail), Callback::new(move |v| io.update(|c| c.db_fail = v)))}
            </details>
        </nav>
    }
}
