//! The playground page (Leptos, client-side rendered). Components only
//! render the view model (`looplab-view`) and the editor's text, and send
//! intents (run, stop, scrub, select) back. The trace is applied to the
//! model once per animation frame, however fast events arrive.

use crate::client::{self, Ended, RunHandle, RunObserver};
use crate::code_editor::{self, CodeEditor};
use crate::feed::Feed;
use crate::gallery::{self, Example, EXAMPLES};
use crate::highlight::{self, Marks};
use crate::share;
use crate::timeline;
use leptos::prelude::*;
use looplab_core::trace::Stream;
use looplab_core::Instant;
use looplab_protocol::{Clock, Mock, RunError, RunRequest, TraceMode};
use looplab_script::knobs::{knobs, with_knobs};
use looplab_view::{Model, State};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// Milliseconds of event applying per animation frame; the rest waits for
/// the next frame (and the engine waits for the page).
const APPLY_BUDGET_MS: f64 = 4.0;
/// Height of a task-table row, in pixels (must match the CSS).
const ROW_H: f64 = 28.0;
/// Rows of the task table drawn beyond the visible ones.
const OVERSCAN: usize = 6;
/// Height of an output line, in pixels (must match the CSS).
const OUT_LINE_H: f64 = 19.0;
/// Outputs up to this many lines are drawn whole; longer ones only where
/// they are scrolled to.
const OUTPUT_WHOLE: usize = 400;
const STORAGE_SOURCE: &str = "looplab.source";
const STORAGE_THEME: &str = "looplab.theme";

/// What the page knows about the current (or last) run, outside Leptos's
/// reactive system: the view model is large and changes at event speed.
#[derive(Default)]
struct Store {
    feed: Feed,
    run: Option<Rc<RunHandle>>,
    frame_queued: bool,
}

thread_local! {
    /// The pending rerun after a knob moved (debounced).
    static RERUN: Cell<Option<TimeoutHandle>> = const { Cell::new(None) };
    /// Bumped to cancel a replay animation in progress.
    static REPLAY: Cell<u64> = const { Cell::new(0) };
    /// The CodeMirror editor, once mounted.
    static CODE_EDITOR: RefCell<Option<CodeEditor>> = const { RefCell::new(None) };
    /// The end of a run, shown once its last events are applied.
    static DEFERRED_END: RefCell<Option<Box<dyn FnOnce()>>> = RefCell::new(None);
    static STORE: RefCell<Store> = RefCell::new(Store::default());
}

fn with_model<R>(f: impl FnOnce(&Model) -> R) -> R {
    STORE.with(|s| f(&s.borrow().feed.model))
}

fn current_run() -> Option<Rc<RunHandle>> {
    STORE.with(|s| s.borrow().run.clone())
}

fn performance_now() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
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

/// Publishes the page's own figures for the budget script and tests
/// (`window.__looplabStats`).
fn publish_stats(apply_max_ms: f64, events: u64) {
    let stats = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&stats, &"applyMaxMs".into(), &apply_max_ms.into());
    let _ = js_sys::Reflect::set(&stats, &"events".into(), &(events as f64).into());
    let _ = js_sys::Reflect::set(&window(), &"__looplabStats".into(), &stats);
}

/// What the page does once a run has ended.
type EndHandler = Box<dyn FnOnce(Ended)>;

/// Where a run's batches and end go: the store, applied once per frame.
struct PageObserver {
    on_batch: Rc<dyn Fn()>,
    on_end: RefCell<Option<EndHandler>>,
}

impl RunObserver for PageObserver {
    fn batch(&self, batch: u64, events: Vec<u8>) {
        STORE.with(|s| s.borrow_mut().feed.push(batch, events));
        (self.on_batch)();
    }

    fn end(&self, end: Ended) {
        if let Some(f) = self.on_end.borrow_mut().take() {
            f(end);
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn load_saved(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// How the run is going.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Idle,
    Running,
    Paused,
    Done,
    Failed,
    Stopped,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Idle => "Ready",
            Status::Running => "Running…",
            Status::Paused => "Paused",
            Status::Done => "Finished",
            Status::Failed => "Finished with an error",
            Status::Stopped => "Stopped",
        }
    }
}

/// An error to show under the editor, and the line to mark.
#[derive(Clone, Debug, PartialEq)]
struct ErrorView {
    title: String,
    detail: String,
    line: Option<u32>,
    /// The one line shown beside the marked line in the editor.
    inline: String,
}

fn error_view(err: &RunError, stderr: &str) -> ErrorView {
    match err {
        RunError::Syntax { message, line, col } => ErrorView {
            title: format!("SyntaxError on line {line}, column {col}"),
            detail: message.clone(),
            line: Some(*line),
            inline: format!("SyntaxError: {message}"),
        },
        RunError::Uncaught {
            summary,
            traceback,
            line,
        } => ErrorView {
            title: summary.clone(),
            detail: if traceback.is_empty() {
                stderr.to_string()
            } else {
                traceback.clone()
            },
            line: *line,
            inline: summary.clone(),
        },
        RunError::Deadlock(msg) => ErrorView {
            title: "Deadlock: no task can ever run again".into(),
            detail: msg.clone(),
            line: None,
            inline: String::new(),
        },
    }
}

fn fmt_secs(t: Instant) -> String {
    let s = t.as_nanos() as f64 / 1e9;
    if s < 10.0 {
        format!("{s:.3}s")
    } else {
        format!("{s:.2}s")
    }
}

fn fmt_dur(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 {
        format!("{:.0}ms", s * 1000.0)
    } else {
        format!("{s:.2}s")
    }
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
    // ---- state -----------------------------------------------------------
    let (initial_source, initial_banner) = initial_program();
    let source = RwSignal::new(initial_source);
    let banner = RwSignal::new(initial_banner);
    let clock = RwSignal::new(Clock::Virtual);
    let speed = RwSignal::new(1.0_f64);
    let status = RwSignal::new(Status::Idle);
    let rev = RwSignal::new(0_u64);
    let playhead: RwSignal<Option<u64>> = RwSignal::new(None);
    let selected: RwSignal<Option<u64>> = RwSignal::new(None);
    let error: RwSignal<Option<ErrorView>> = RwSignal::new(None);
    let tab = RwSignal::new("tasks");
    let example_id: RwSignal<Option<&'static str>> = RwSignal::new(None);
    let share_url: RwSignal<Option<String>> = RwSignal::new(None);
    let mock = RwSignal::new((100.0_f64, 0.0_f64, 0.0_f64));
    let dark = RwSignal::new(initial_dark());
    let table_scroll = RwSignal::new(0.0_f64);
    let out_scroll = RwSignal::new(0.0_f64);
    let out_follow = RwSignal::new(true);
    let output_ref = NodeRef::<leptos::html::Div>::new();
    // New output scrolls into view unless the reader scrolled up.
    Effect::new(move |_| {
        rev.get();
        if out_follow.get_untracked() {
            if let Some(el) = output_ref.get_untracked() {
                el.set_scroll_top(el.scroll_height());
            }
        }
    });
    let lane_offset = RwSignal::new(0_usize);

    Effect::new(move |_| save(STORAGE_SOURCE, &source.get()));
    Effect::new(move |_| {
        let theme = if dark.get() { "dark" } else { "light" };
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("data-theme", theme);
        }
        save(STORAGE_THEME, theme);
    });
    Effect::new(move |_| {
        let (latency, jitter, fail) = mock.get();
        post_mock_settings(latency, jitter, fail);
    });

    // ---- intents ----------------------------------------------------------
    // Applies what arrived, for at most APPLY_BUDGET_MS; acknowledges each
    // batch wholly applied; leaves the rest for the next frame.
    let apply_frame = move || {
        let (acks, more, stats) = STORE.with(|s| {
            let mut s = s.borrow_mut();
            let (acks, more) = s.feed.apply(APPLY_BUDGET_MS, performance_now);
            s.frame_queued = more;
            (
                acks,
                more,
                (s.feed.apply_max_ms, s.feed.model.event_count()),
            )
        });
        if let Some(r) = current_run() {
            for b in acks {
                r.ack(b);
            }
        }
        publish_stats(stats.0, stats.1);
        rev.update(|r| *r += 1);
        if !more {
            if let Some(f) = DEFERRED_END.with(|d| d.borrow_mut().take()) {
                f();
            }
        }
        more
    };
    // Runs apply_frame in animation frames until nothing is pending.
    fn frames(apply: impl Fn() -> bool + Copy + 'static) {
        request_animation_frame(move || {
            if apply() {
                frames(apply);
            }
        });
    }

    let start_run = move || {
        if let Some(r) = current_run() {
            r.stop();
        }
        STORE.with(|s| s.borrow_mut().feed.clear());
        rev.update(|r| *r += 1);
        error.set(None);
        stop_replay();
        DEFERRED_END.with(|d| d.borrow_mut().take());
        playhead.set(None);
        banner.set(None);
        status.set(Status::Running);
        let (latency, jitter, fail) = mock.get_untracked();
        let req = RunRequest {
            run: 0,
            source: source.get_untracked(),
            clock: clock.get_untracked(),
            speed: speed.get_untracked(),
            seed: 0,
            mock: Mock {
                latency_ms: latency,
                jitter_ms: jitter,
                fail,
            },
            base_url: String::new(),
            trace: TraceMode::Events,
            collect_output: false,
        };
        let on_batch = move || {
            let queue = STORE.with(|s| !std::mem::replace(&mut s.borrow_mut().frame_queued, true));
            if queue {
                frames(apply_frame);
            }
        };
        let finish = move |end: Ended| {
            match end {
                Ended::Stopped => status.set(Status::Stopped),
                Ended::Finished(outcome) => match &outcome.error {
                    None => {
                        status.set(Status::Done);
                        // An instant run is replayed, in at most 1.5 s.
                        if clock.get_untracked() == Clock::Virtual {
                            let end = with_model(|m| m.end().as_nanos());
                            let rate = (end as f64 / 1.5e9).max(speed.get_untracked());
                            replay_playhead(end, rate, playhead);
                        }
                    }
                    Some(e) => {
                        error.set(Some(error_view(e, &outcome.stderr)));
                        status.set(Status::Failed);
                    }
                },
            }
        };
        let on_end = move |end: Ended| {
            STORE.with(|s| s.borrow_mut().run = None);
            let behind = STORE.with(|s| s.borrow().feed.is_behind());
            if behind && !matches!(end, Ended::Stopped) {
                // Shown once the last events are applied (in the frames
                // already queued).
                DEFERRED_END.with(|d| *d.borrow_mut() = Some(Box::new(move || finish(end))));
            } else {
                finish(end);
            }
        };
        let observer = PageObserver {
            on_batch: Rc::new(on_batch),
            on_end: RefCell::new(Some(Box::new(on_end))),
        };
        let run = Rc::new(client::start(req, observer));
        if run.is_running() {
            STORE.with(|s| s.borrow_mut().run = Some(run));
        }
    };

    let stop_run = move || {
        if let Some(r) = current_run() {
            r.stop();
        }
    };

    let schedule_rerun = move || {
        if let Some(t) = RERUN.with(|r| r.take()) {
            t.clear();
        }
        if let Ok(h) = set_timeout_with_handle(start_run, std::time::Duration::from_millis(250)) {
            RERUN.with(|r| r.set(Some(h)));
        }
    };

    let load_example = move |ex: &'static Example| {
        stop_run();
        source.set(ex.source.to_string());
        example_id.set(Some(ex.id));
        error.set(None);
        banner.set(None);
        selected.set(None);
    };

    // Keyboard: Ctrl/Cmd+Enter runs from anywhere; Escape stops.
    // (The code editor handles these keys itself and marks them handled.)
    let _keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.default_prevented() {
            return;
        }
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            start_run();
        } else if ev.key() == "Escape" && status.get_untracked() == Status::Running {
            stop_run();
        }
    });

    // ---- derived ------------------------------------------------------------
    let end_ns = move || {
        rev.get();
        with_model(|m| m.end().as_nanos())
    };
    let at = move || playhead.get().unwrap_or_else(end_ns);
    let scrubbing = move || playhead.get().is_some();
    let marks = move || Marks {
        error: error.get().and_then(|e| e.line),
        selected: selected.get().and_then(|id| {
            rev.get();
            with_model(|m| {
                m.tasks()
                    .iter()
                    .find(|t| t.id.get() == id)
                    .and_then(|t| t.source.as_ref().map(|s| s.line))
            })
        }),
    };
    let highlighted = move || highlight::to_html(&source.get(), marks());
    let line_count = move || source.get().split('\n').count();
    let running = move || matches!(status.get(), Status::Running | Status::Paused);

    // ---- editor ------------------------------------------------------------
    let gutter_ref = NodeRef::<leptos::html::Div>::new();
    let overlay_ref = NodeRef::<leptos::html::Pre>::new();
    let on_editor_scroll = move |ev: web_sys::Event| {
        let Some(ta) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        else {
            return;
        };
        if let Some(p) = overlay_ref.get() {
            p.set_scroll_top(ta.scroll_top());
            p.set_scroll_left(ta.scroll_left());
        }
        if let Some(g) = gutter_ref.get() {
            g.set_scroll_top(ta.scroll_top());
        }
    };
    let on_editor_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() != "Tab" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let Some(ta) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        else {
            return;
        };
        ev.prevent_default();
        let start = ta.selection_start().ok().flatten().unwrap_or(0);
        let end = ta.selection_end().ok().flatten().unwrap_or(start);
        if ev.shift_key() {
            // Dedent the current line by up to four spaces.
            let value = ta.value();
            let units: Vec<u16> = value.encode_utf16().collect();
            let mut line_start = start as usize;
            while line_start > 0 && units.get(line_start - 1) != Some(&10) {
                line_start -= 1;
            }
            let spaces = units[line_start..]
                .iter()
                .take(4)
                .take_while(|&&u| u == 32)
                .count() as u32;
            if spaces > 0 {
                let _ = ta.set_range_text_with_start_and_end(
                    "",
                    line_start as u32,
                    line_start as u32 + spaces,
                );
                let s = start.saturating_sub(spaces).max(line_start as u32);
                let _ = ta.set_selection_range(s, end.saturating_sub(spaces).max(s));
            }
        } else {
            let _ = ta.set_range_text_with_start_and_end("    ", start, end);
            let _ = ta.set_selection_range(start + 4, start + 4);
        }
        source.set(ta.value());
    };

    // The CodeMirror editor replaces the textarea once its module loads.
    let cm_ref = NodeRef::<leptos::html::Div>::new();
    let cm_ready = RwSignal::new(false);
    let mount_editor = move || {
        if cm_ready.get_untracked() {
            return;
        }
        let Some(parent) = cm_ref.get_untracked() else {
            return;
        };
        let parent: &web_sys::HtmlElement = &parent;
        let ed = CodeEditor::create(
            parent,
            &source.get_untracked(),
            move |text| source.set(text),
            start_run,
            move || {
                let stop = status.get_untracked() == Status::Running;
                if stop {
                    stop_run();
                }
                stop
            },
        );
        if let Some(ed) = ed {
            CODE_EDITOR.with(|c| *c.borrow_mut() = Some(ed));
            cm_ready.set(true);
        }
    };
    Effect::new(move |_| {
        if cm_ref.get().is_some() {
            code_editor::when_ready(mount_editor);
        }
    });
    // Text set by the page (an example, a knob) goes into the editor.
    Effect::new(move |_| {
        let text = source.get();
        if cm_ready.get() {
            CODE_EDITOR.with(|c| {
                if let Some(ed) = c.borrow().as_ref() {
                    ed.set_doc(&text);
                }
            });
        }
    });
    Effect::new(move |_| {
        let m = marks();
        let message = error.get().map(|e| e.inline).unwrap_or_default();
        if cm_ready.get() {
            CODE_EDITOR.with(|c| {
                if let Some(ed) = c.borrow().as_ref() {
                    ed.set_marks(m.error, &message, m.selected);
                }
            });
        }
    });

    // ---- knobs --------------------------------------------------------------
    let knob_list = move || knobs(&source.get());
    let knob_views = move || {
        let rerun = schedule_rerun;
        knob_list()
            .into_iter()
            .map(move |k| {
                let (min, max, step) = k.range();
                let name = k.name.clone();
                let label = k.name.clone();
                let shown = k.format(k.value);
                let on_input = move |ev: web_sys::Event| {
                    let v: f64 = event_target_value(&ev).parse().unwrap_or(0.0);
                    source.update(|s| *s = with_knobs(s, &[(name.clone(), v)]));
                    rerun();
                };
                view! {
                    <label class="knob">
                        <span class="knob-name">{label}</span>
                        <input type="range" min=min max=max step=step prop:value=k.value on:input=on_input />
                        <span class="knob-value">{shown}</span>
                    </label>
                }
            })
            .collect_view()
    };

    // ---- task table (virtualised) ------------------------------------------------
    let visible_rows = move || {
        rev.get();
        let t = Instant::from_nanos(at());
        let scroll = table_scroll.get();
        let first = ((scroll / ROW_H) as usize).saturating_sub(OVERSCAN);
        let count = (420.0 / ROW_H) as usize + 2 * OVERSCAN;
        let live = !scrubbing();
        with_model(|m| {
            let total = m.tasks().len();
            let rows: Vec<_> = m
                .tasks()
                .iter()
                .enumerate()
                .skip(first)
                .take(count)
                .map(|(i, task)| {
                    let (state, on) = if live {
                        (task.state, task.waiting_on)
                    } else {
                        task.state_at(t).unwrap_or((State::Pending, None))
                    };
                    let awaiting = match (state, on) {
                        (State::Waiting, Some(on)) => m.describe_wait_at(&on, t),
                        (State::Done, _) => {
                            format!("→ {}", task.outcome_text().unwrap_or("None"))
                        }
                        (State::Failed, _) => {
                            format!("✗ {}", task.outcome_text().unwrap_or("error"))
                        }
                        (State::Cancelled, _) => match task.cancel_requested_by {
                            Some(Some(by)) => format!("cancelled by {}", m.task_name(by)),
                            _ => "cancelled".to_string(),
                        },
                        _ => String::new(),
                    };
                    let parent = task.parent.map(|p| m.task_name(p)).unwrap_or_default();
                    let end = if live { m.end() } else { t };
                    let elapsed = if task.spawned_at <= end {
                        let stop = task.finished_at.filter(|f| *f <= end).unwrap_or(end);
                        fmt_dur(stop - task.spawned_at)
                    } else {
                        String::new()
                    };
                    (
                        i,
                        task.id.get(),
                        task.name.to_string(),
                        state,
                        awaiting,
                        parent,
                        fmt_secs(task.spawned_at),
                        elapsed,
                        task.polls,
                        task.cancel_requested_by.map(|by| match by {
                            Some(b) => format!("cancelled by {}", m.task_name(b)),
                            None => "cancelled".to_string(),
                        }),
                    )
                })
                .collect();
            (total, rows)
        })
    };
    let task_table = move || {
        let (total, rows) = visible_rows();
        let rows = rows
            .into_iter()
            .map(|(i, id, name, state, awaiting, parent, started, elapsed, polls, cancel)| {
                let top = i as f64 * ROW_H;
                let is_sel = move || selected.get() == Some(id);
                let title = cancel.clone().unwrap_or_default();
                view! {
                    <div class="row" class:selected=is_sel data-testid="task-row" data-state=state.as_str()
                        data-task=id style=format!("transform:translateY({top}px)") title=title
                        on:click=move |_| selected.set(if selected.get_untracked() == Some(id) { None } else { Some(id) })>
                        <span class="c-id">{format!("#{id}")}</span>
                        <span class="c-name">{name}</span>
                        <span class=format!("c-state st-{}", state.as_str())>{state.as_str()}</span>
                        <span class="c-wait">{awaiting}</span>
                        <span class="c-parent">{parent}</span>
                        <span class="c-num">{started}</span>
                        <span class="c-num">{elapsed}</span>
                        <span class="c-num">{polls}</span>
                    </div>
                }
            })
            .collect_view();
        view! {
            <div class="rows" style=format!("height:{}px", total as f64 * ROW_H)>{rows}</div>
        }
    };

    // ---- tree ------------------------------------------------------------------
    let tree = move || {
        rev.get();
        with_model(|m| {
            let mut out = Vec::new();
            let mut stack: Vec<(looplab_core::trace::TaskId, usize)> =
                m.roots().iter().rev().map(|r| (*r, 0)).collect();
            while let Some((id, depth)) = stack.pop() {
                if out.len() >= 400 {
                    break;
                }
                if let Some(t) = m.task(id) {
                    out.push((id.get(), depth, t.name.to_string(), t.state));
                    for c in t.children.iter().rev() {
                        stack.push((*c, depth + 1));
                    }
                }
            }
            let more = m.tasks().len().saturating_sub(out.len());
            (out, more)
        })
    };
    let tree_view = move || {
        let (nodes, more) = tree();
        let items = nodes
            .into_iter()
            .map(|(id, depth, name, state)| {
                view! {
                    <li style=format!("padding-left:{}px", 8 + depth * 16) class:selected=move || selected.get() == Some(id)
                        on:click=move |_| selected.set(Some(id))>
                        <span class=format!("dot st-{}", state.as_str())></span>
                        {name} <span class="muted">{format!(" #{id} · {}", state.as_str())}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ul class="tree">{items}</ul>
            {(more > 0).then(|| view! { <p class="muted">{format!("… and {more} more tasks")}</p> })}
        }
    };

    // ---- resources ----------------------------------------------------------------
    let resources_view = move || {
        rev.get();
        let t = Instant::from_nanos(at());
        let sel = selected.get();
        with_model(|m| {
            if m.resources().is_empty() {
                return view! { <p class="muted empty">"No semaphores, locks, queues or events yet."</p> }.into_any();
            }
            let end = m.end().as_nanos().max(1) as f64;
            m.resources()
                .iter()
                .map(|r| {
                    let st = r.state_at(t).unwrap_or_else(|| r.state.clone());
                    let kind = r.kind.map(|k| k.as_str()).unwrap_or("resource");
                    let mut facts = Vec::new();
                    if let Some(p) = st.permits {
                        facts.push(match r.capacity {
                            Some(c) => format!("{p}/{c} free"),
                            None => format!("{p} free"),
                        });
                    }
                    if let Some(l) = st.len {
                        facts.push(match r.capacity {
                            Some(c) if c > 0 => format!("{l}/{c} items"),
                            _ => format!("{l} items"),
                        });
                    }
                    if let Some(tk) = st.tokens {
                        facts.push(format!("{tk:.1} tokens"));
                    }
                    if let Some(h) = st.holder {
                        facts.push(format!("held by {}", m.task_name(h)));
                    }
                    if let Some(f) = st.flag {
                        facts.push(if f { "set".into() } else { "clear".into() });
                    }
                    facts.push(format!("{} waiting", st.waiters));
                    let holders: Vec<String> =
                        r.holders.iter().take(8).map(|h| m.task_name(*h)).collect();
                    let involved = sel.is_some_and(|s| {
                        r.holders.iter().chain(r.waiters.iter()).any(|h| h.get() == s)
                    });
                    // A sparkline of the level (permits, items or tokens).
                    let mut points = String::new();
                    // Permits in use (not free ones), items, or tokens.
                    let cap = r.capacity;
                    let level = move |s: &looplab_core::trace::ResourceState| {
                        s.len
                            .map(|v| v as f64)
                            .or(s.permits.map(|p| cap.map_or(0.0, |c| c.saturating_sub(p) as f64)))
                            .or(s.tokens)
                            .or(s.holder.map(|_| 1.0))
                            .unwrap_or(0.0)
                    };
                    let hist: Vec<(f64, f64)> = r
                        .history()
                        .map(|(at, s)| (at.as_nanos() as f64 / end, level(&s)))
                        .collect();
                    let maxv = hist
                        .iter()
                        .map(|p| p.1)
                        .fold(r.capacity.unwrap_or(1) as f64, f64::max)
                        .max(1.0);
                    let stride = (hist.len() / 240).max(1);
                    let mut last_y = 30.0;
                    for (x, v) in hist.iter().step_by(stride) {
                        let y = 30.0 - v / maxv * 28.0;
                        points.push_str(&format!("{:.1},{last_y:.1} {:.1},{y:.1} ", x * 200.0, x * 200.0));
                        last_y = y;
                    }
                    points.push_str(&format!("200,{last_y:.1}"));
                    let cursor = t.as_nanos() as f64 / end * 200.0;
                    view! {
                        <div class="res" class:involved=involved>
                            <div class="res-head"><strong>{r.name.to_string()}</strong><span class="muted">{format!(" {kind}")}</span></div>
                            <div class="res-facts">{facts.join(" · ")}</div>
                            {(!holders.is_empty()).then(|| view! { <div class="muted small">{format!("holders: {}", holders.join(", "))}</div> })}
                            <svg class="spark" viewBox="0 0 200 32" preserveAspectRatio="none">
                                <polyline points=points fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke" />
                                <line x1=cursor x2=cursor y1="0" y2="32" class="cursor" />
                            </svg>
                        </div>
                    }
                })
                .collect_view()
                .into_any()
        })
    };

    // ---- warnings ---------------------------------------------------------------------
    let warnings = move || {
        rev.get();
        with_model(|m| {
            m.warnings()
                .iter()
                .map(|(at, w)| (fmt_secs(*at), m.describe_warning(w)))
                .collect::<Vec<_>>()
        })
    };
    let warning_count = move || warnings().len();

    // ---- output -------------------------------------------------------------------------
    // Small outputs are drawn whole; a long one only where it is scrolled
    // to (the model keeps the latest OUTPUT_KEPT lines).
    let output_lines = move || {
        rev.get();
        let t = at();
        let scroll = out_scroll.get();
        with_model(|m| {
            let kept = m.output();
            let (first, count) = if kept.len() <= OUTPUT_WHOLE {
                (0, kept.len())
            } else {
                let first = ((scroll / OUT_LINE_H) as usize).saturating_sub(OVERSCAN * 4);
                (first, (400.0 / OUT_LINE_H) as usize + OVERSCAN * 8)
            };
            kept.iter()
                .enumerate()
                .skip(first)
                .take(count)
                .map(|(i, l)| {
                    (
                        i,
                        fmt_secs(l.at),
                        l.text.to_string(),
                        l.stream == Stream::Stderr,
                        l.at.as_nanos() > t,
                        l.task.map(|x| m.task_name(x)).unwrap_or_default(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let output_counts = move || {
        rev.get();
        with_model(|m| (m.output().len(), m.output_total()))
    };
    let copy_output = move || {
        let text = with_model(|m| {
            let mut text = String::new();
            for l in m.output() {
                text.push_str(&l.text);
                text.push('\n');
            }
            text
        });
        let _ = window().navigator().clipboard().write_text(&text);
    };

    // ---- timeline ---------------------------------------------------------------------------
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        rev.get();
        let ph = playhead.get();
        let sel = selected.get();
        let offset = lane_offset.get();
        let is_dark = dark.get();
        if let Some(canvas) = canvas_ref.get() {
            with_model(|m| timeline::draw(&canvas, m, ph, sel, offset, is_dark));
        }
    });
    let on_canvas_click = move |ev: web_sys::MouseEvent| {
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let hit = with_model(|m| {
            timeline::hit(
                &canvas,
                m,
                lane_offset.get_untracked(),
                ev.offset_x() as f64,
                ev.offset_y() as f64,
            )
        });
        if let Some((task, t)) = hit {
            if let Some(id) = task {
                selected.set(Some(id));
            }
            if !matches!(status.get_untracked(), Status::Running) {
                {
                    stop_replay();
                    playhead.set(Some(t));
                }
            }
        }
    };
    let on_canvas_wheel = move |ev: web_sys::WheelEvent| {
        let total = with_model(|m| m.tasks().len());
        let cur = lane_offset.get_untracked() as f64;
        let next =
            (cur + ev.delta_y() / timeline::LANE_H).clamp(0.0, total.saturating_sub(1) as f64);
        if next as usize != lane_offset.get_untracked() {
            ev.prevent_default();
            lane_offset.set(next as usize);
        }
    };

    // ---- time controls ----------------------------------------------------------------------------
    let replay = move || {
        replay_playhead(end_ns(), speed.get_untracked(), playhead);
    };
    let step_next = move || {
        stop_replay();
        if let Some(r) = current_run() {
            if status.get_untracked() == Status::Paused {
                r.step();
                return;
            }
        }
        let t = Instant::from_nanos(playhead.get_untracked().unwrap_or(0));
        let next = with_model(|m| m.next_switch_after(t));
        if let Some(n) = next {
            playhead.set(Some(n.as_nanos()));
        }
    };
    let step_prev = move || {
        stop_replay();
        let t = Instant::from_nanos(at());
        if let Some(p) = with_model(|m| m.prev_switch_before(t)) {
            playhead.set(Some(p.as_nanos()));
        }
    };
    let toggle_pause = move || {
        if let Some(r) = current_run() {
            let paused = status.get_untracked() != Status::Paused;
            r.set_paused(paused);
            status.set(if paused {
                Status::Paused
            } else {
                Status::Running
            });
        }
    };

    // ---- share and export ------------------------------------------------------------------------
    let do_share = move || {
        let src = source.get_untracked();
        let values: Vec<(String, f64)> =
            knobs(&src).into_iter().map(|k| (k.name, k.value)).collect();
        match share::encode(&src, &values) {
            Ok(fragment) => {
                let href = window().location().href().unwrap_or_default();
                let base = href.split('#').next().unwrap_or("").to_string();
                let url = format!("{base}#{fragment}");
                if let Ok(h) = window().history() {
                    let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
                }
                let clip = window().navigator().clipboard();
                let _ = clip.write_text(&url);
                share_url.set(Some(url));
            }
            Err(e) => banner.set(Some((true, e.to_string()))),
        }
    };
    let do_export = move || {
        let (json, complete) = STORE.with(|s| s.borrow().feed.export());
        download("looplab-trace.json", &json);
        if !complete {
            banner.set(Some((
                true,
                format!(
                    "The trace was cut to its first {} MB (encoded).",
                    crate::feed::MAX_KEPT_BYTES >> 20
                ),
            )));
        }
    };

    // ---- layout ------------------------------------------------------------------------------------
    view! {
        <header class="bar">
            <h1 class="brand"><span class="logo" aria-hidden="true">"⟳"</span>" Looplab"</h1>
            <div class="controls">
                <label class="ctl">"Clock "
                    <select data-testid="clock" prop:value=move || clock_str(clock.get())
                        on:change=move |ev| clock.set(parse_clock(&event_target_value(&ev)))>
                        <option value="instant">"Instant (virtual)"</option>
                        <option value="real">"Real time"</option>
                    </select>
                </label>
                <label class="ctl" title="Playback speed of real-time runs and of replays">"Speed "
                    <select prop:value=move || format!("{}", speed.get())
                        on:change=move |ev| {
                            let v: f64 = event_target_value(&ev).parse().unwrap_or(1.0);
                            speed.set(v);
                            if let Some(r) = current_run() { r.set_speed(v); }
                        }>
                        {[0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0].into_iter().map(|v| view! { <option value=format!("{v}")>{format!("{v}×")}</option> }).collect_view()}
                    </select>
                </label>
                <button class="primary" data-testid="run" on:click=move |_| start_run() title="Run (Ctrl+Enter)">
                    {move || if running() { "↻ Restart" } else { "▶ Run" }}
                </button>
                <button data-testid="stop" disabled=move || !running() on:click=move |_| stop_run() title="Stop (Esc)">"■ Stop"</button>
                <button data-testid="pause" disabled=move || !(running() && clock.get() == Clock::Real) on:click=move |_| toggle_pause()>
                    {move || if status.get() == Status::Paused { "▶ Resume" } else { "❚❚ Pause" }}
                </button>
                <span class=move || format!("status st-{:?}", status.get()).to_lowercase() data-testid="status" role="status">{move || status.get().label()}</span>
            </div>
            <div class="controls right">
                <button on:click=move |_| do_share() title="Copy a link that carries this program">"Share"</button>
                <button on:click=move |_| do_export() data-testid="export" title="Download the trace; open it in ui.perfetto.dev">"Export trace"</button>
                <button class="icon" on:click=move |_| dark.update(|d| *d = !*d) title="Switch theme" aria-label="Switch between dark and light theme">
                    {move || if dark.get() { "☀" } else { "☾" }}
                </button>
            </div>
        </header>
        {move || banner.get().map(|(is_error, text)| view! {
            <div class="banner" class:error=is_error role="status">
                <span>{text}</span>
                <button class="link" on:click=move |_| banner.set(None)>"Dismiss"</button>
            </div>
        })}
        {move || share_url.get().map(|url| view! {
            <div class="banner" role="status">
                <span>"Link copied: "</span>
                <input class="share-url" data-testid="share-url" readonly prop:value=url />
                <button class="link" on:click=move |_| share_url.set(None)>"Close"</button>
            </div>
        })}
        <main class="layout">
            <nav class="gallery" aria-label="Examples">
                <h2>"Examples"</h2>
                <ul>
                    {EXAMPLES.iter().map(|ex| view! {
                        <li>
                            <button class="example" class:active=move || example_id.get() == Some(ex.id)
                                data-testid="example" data-example=ex.id on:click=move |_| load_example(ex)>
                                <span class="ex-title">{ex.title}</span>
                                <span class="ex-summary">{ex.summary}</span>
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
                <details class="network">
                    <summary>"Mock API"</summary>
                    <p class="muted small">"Requests to /api/… (users, posts, items, echo, status) are answered next to the page. Defaults for every request:"</p>
                    <label class="knob"><span class="knob-name">"latency ms"</span>
                        <input type="number" min="0" max="10000" prop:value=move || mock.get().0
                            on:change=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(100.0_f64).clamp(0.0, 10000.0); mock.update(|m| m.0 = v); } /></label>
                    <label class="knob"><span class="knob-name">"jitter ms"</span>
                        <input type="number" min="0" max="10000" prop:value=move || mock.get().1
                            on:change=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(0.0_f64).clamp(0.0, 10000.0); mock.update(|m| m.1 = v); } /></label>
                    <label class="knob"><span class="knob-name">"failure rate"</span>
                        <input type="number" min="0" max="1" step="0.05" prop:value=move || mock.get().2
                            on:change=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(0.0_f64).clamp(0.0, 1.0); mock.update(|m| m.2 = v); } /></label>
                </details>
            </nav>
            <section class="code">
                {move || example_id.get().and_then(gallery::find).map(|ex| view! {
                    <div class="about"><strong>{ex.title}</strong><p>{ex.summary}</p></div>
                })}
                <div class="editor" data-testid="editor" data-editor=move || if cm_ready.get() { "codemirror" } else { "plain" }>
                    <div class="cm-host" node_ref=cm_ref class:hidden=move || !cm_ready.get()></div>
                    <Show when=move || !cm_ready.get()>
                    <div class="gutter" node_ref=gutter_ref aria-hidden="true">
                        {move || (1..=line_count()).map(|n| {
                            let m = marks();
                            let class = if m.error == Some(n as u32) { "gl err" } else if m.selected == Some(n as u32) { "gl sel" } else { "gl" };
                            view! { <div class=class>{n}</div> }
                        }).collect_view()}
                    </div>
                    <div class="edit-area">
                        <pre class="overlay" node_ref=overlay_ref aria-hidden="true" inner_html=highlighted></pre>
                        <textarea spellcheck="false" autocapitalize="off" autocomplete="off"
                            aria-label="Program (Python)" wrap="off"
                            prop:value=move || source.get()
                            on:input=move |ev| source.set(event_target_value(&ev))
                            on:scroll=on_editor_scroll
                            on:keydown=on_editor_key></textarea>
                    </div>
                    </Show>
                </div>
                <div class="knobs" class:empty=move || knob_list().is_empty()>
                    {knob_views}
                </div>
                {move || error.get().map(|e| view! {
                    <div class="error" data-testid="error" role="alert">
                        <strong>{e.title}</strong>
                        {e.line.map(|l| view! { <span class="muted">{format!(" (line {l})")}</span> })}
                        <pre>{e.detail}</pre>
                    </div>
                })}
                <div class="output-box">
                    <div class="output-head">
                        <h3>"Output"</h3>
                        <span class="muted small" data-testid="output-count">{move || {
                            let (kept, total) = output_counts();
                            let hidden = total.saturating_sub(kept as u64);
                            match (total, hidden) {
                                (0, _) => String::new(),
                                (t, 0) => format!("{t} lines"),
                                (t, h) => format!("{t} lines · {h} earlier lines not shown"),
                            }
                        }}</span>
                        <button class="link small" on:click=move |_| copy_output() title="Copy what the program printed (without the times)">"Copy"</button>
                    </div>
                    <div class="output" data-testid="output" aria-live="polite" aria-label="Output" tabindex="0" node_ref=output_ref
                        on:scroll=move |ev| {
                            if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                                out_scroll.set(el.scroll_top() as f64);
                                out_follow.set(el.scroll_top() as f64 + el.client_height() as f64 >= el.scroll_height() as f64 - OUT_LINE_H);
                            }
                        }>
                        {move || {
                            let (kept, _) = output_counts();
                            let windowed = kept > OUTPUT_WHOLE;
                            let lines = output_lines().into_iter().map(|(i, t, text, is_err, future, task)| {
                                let style = if windowed { format!("position:absolute;left:0;right:0;top:{}px", i as f64 * OUT_LINE_H) } else { String::new() };
                                view! {
                                    <div class="line" class:stderr=is_err class:future=future title=task style=style data-t=t>
                                        <span class="txt">{text}</span>
                                    </div>
                                }
                            }).collect_view();
                            if windowed {
                                view! { <div class="lines" style=format!("position:relative;height:{}px", kept as f64 * OUT_LINE_H)>{lines}</div> }.into_any()
                            } else {
                                view! { <div class="lines">{lines}</div> }.into_any()
                            }
                        }}
                    </div>
                </div>
            </section>
            <section class="views" data-playhead=move || if scrubbing() { "scrub" } else { "live" }>
                <div class="summary">
                    {move || {
                        rev.get();
                        let t = Instant::from_nanos(at());
                        let c = with_model(|m| if scrubbing() { m.counts_at(t) } else { m.counts() });
                        State::ALL.iter().filter(|s| c.get(**s) > 0).map(|s| view! {
                            <span class=format!("chip st-{}", s.as_str())>{format!("{} {}", c.get(*s), s.as_str())}</span>
                        }).collect_view()
                    }}
                    <span class="muted time">{move || format!("t = {}", fmt_secs(Instant::from_nanos(at())))}</span>
                </div>
                <div class="timeline-box">
                    <canvas class="timeline" node_ref=canvas_ref on:click=on_canvas_click on:wheel=on_canvas_wheel
                        aria-label="Timeline: one lane per task; solid is running, light is waiting"></canvas>
                </div>
                <div class="legend muted small">
                    <span><i class="sw run"></i>"running"</span><span><i class="sw wait"></i>"sleeping"</span>
                    <span><i class="sw blocked"></i>"waiting on a lock, semaphore, queue…"</span>
                    <span><i class="sw ontask"></i>"awaiting tasks"</span><span><i class="sw ext"></i>"network"</span>
                </div>
                <div class="scrub">
                    <button on:click=move |_| step_prev() title="Previous task switch" disabled=running>"◀ Prev"</button>
                    <button on:click=move |_| step_next() title="Next task switch (while paused: run one step)" disabled=move || status.get() == Status::Running>"Next ▶"</button>
                    <input type="range" min="0" max=end_ns step="1000" aria-label="Scrub the timeline"
                        prop:value=at disabled=move || status.get() == Status::Running
                        on:input=move |ev| { stop_replay(); playhead.set(event_target_value(&ev).parse().ok()) } />
                    <button on:click=move |_| replay() disabled=running title="Replay the run on the timeline">"Replay"</button>
                    <button on:click=move |_| { stop_replay(); playhead.set(None) } disabled=move || !scrubbing() title="Show the end">"End"</button>
                </div>
                <div class="tabs" role="tablist">
                    <button role="tab" class:active=move || tab.get() == "tasks" on:click=move |_| tab.set("tasks")>"Tasks"</button>
                    <button role="tab" class:active=move || tab.get() == "tree" on:click=move |_| tab.set("tree")>"Tree"</button>
                    <button role="tab" class:active=move || tab.get() == "resources" on:click=move |_| tab.set("resources")>"Resources"</button>
                    <button role="tab" class:active=move || tab.get() == "warnings" on:click=move |_| tab.set("warnings")>
                        "Warnings" {move || (warning_count() > 0).then(|| view! { <span class="badge">{warning_count()}</span> })}
                    </button>
                </div>
                <div class="tab-body">
                    <Show when=move || tab.get() == "tasks">
                        <div class="table">
                            <div class="row head">
                                <span class="c-id">"id"</span><span class="c-name">"task"</span><span class="c-state">"state"</span>
                                <span class="c-wait">"awaiting / result"</span><span class="c-parent">"parent"</span>
                                <span class="c-num">"started"</span><span class="c-num">"elapsed"</span><span class="c-num">"steps"</span>
                            </div>
                            <div class="table-body" on:scroll=move |ev| {
                                if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                                    table_scroll.set(el.scroll_top() as f64);
                                }
                            }>{task_table}</div>
                        </div>
                    </Show>
                    <Show when=move || tab.get() == "tree">{tree_view}</Show>
                    <Show when=move || tab.get() == "resources"><div class="resources">{resources_view}</div></Show>
                    <Show when=move || tab.get() == "warnings">
                        <ul class="warnings" data-testid="warnings">
                            {move || {
                                let w = warnings();
                                if w.is_empty() {
                                    view! { <li class="muted">"No warnings."</li> }.into_any()
                                } else {
                                    w.into_iter().map(|(t, text)| view! { <li><span class="t">{t}</span>{text}</li> }).collect_view().into_any()
                                }
                            }}
                        </ul>
                    </Show>
                </div>
            </section>
        </main>
    }
}

/// Animates the playhead from 0 to `end` ns at `rate` × real time.
fn stop_replay() {
    REPLAY.with(|g| g.set(g.get() + 1));
}

fn replay_playhead(end: u64, rate: f64, playhead: RwSignal<Option<u64>>) {
    if end == 0 {
        return;
    }
    let generation = REPLAY.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    fn frame(started: f64, end: u64, rate: f64, playhead: RwSignal<Option<u64>>, generation: u64) {
        if REPLAY.with(|g| g.get()) != generation {
            return;
        }
        let elapsed_ns = (performance_now() - started) * 1e6 * rate;
        if elapsed_ns >= end as f64 {
            playhead.set(None);
            return;
        }
        playhead.set(Some(elapsed_ns as u64));
        request_animation_frame(move || frame(started, end, rate, playhead, generation));
    }
    frame(performance_now(), end, rate.max(0.01), playhead, generation);
}

/// The program to show first: a shared link's (never run until clicked),
/// else what the user last wrote, else the first example. Also a banner.
fn initial_program() -> (String, Option<(bool, String)>) {
    let hash = window().location().hash().unwrap_or_default();
    let saved = load_saved(STORAGE_SOURCE).filter(|s| !s.trim().is_empty());
    let fallback = saved.unwrap_or_else(|| {
        EXAMPLES
            .first()
            .map(|e| e.source.to_string())
            .unwrap_or_default()
    });
    match share::decode(&hash) {
        Ok(Some(shared)) => (
            shared.source,
            Some((
                false,
                "Loaded a shared program. Read it, then press Run (Ctrl+Enter) to start it.".into(),
            )),
        ),
        Ok(None) => (fallback, None),
        Err(e) => (
            fallback,
            Some((true, format!("{e}; your last program is shown instead."))),
        ),
    }
}

fn initial_dark() -> bool {
    match load_saved(STORAGE_THEME).as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches()),
    }
}

/// Sends the mock API's default settings to the Service Worker, if one
/// controls the page.
fn post_mock_settings(latency: f64, jitter: f64, fail: f64) {
    let Some(controller) = window().navigator().service_worker().controller() else {
        return;
    };
    let msg = js_sys::Object::new();
    let set = |k: &str, v: wasm_bindgen::JsValue| {
        let _ = js_sys::Reflect::set(&msg, &k.into(), &v);
    };
    set("type", "looplab-mock-settings".into());
    set("latency", latency.into());
    set("jitter", jitter.into());
    set("fail", fail.into());
    let _ = controller.post_message(&msg);
}

fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        if let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
