//! An embeddable playground: an editor, Run/Stop, the output, a timeline
//! and a small task table, for one program. `mount` (the npm API) puts one
//! into any element; several can live on one page, each with its own state.

use crate::client::{self, Ended, RunHandle, RunObserver};
use crate::feed::Feed;
use crate::highlight::{self, Marks};
use crate::timeline;
use leptos::prelude::*;
use looplab_core::trace::Stream;
use looplab_protocol::{Clock, IoCosts, Mock, Requirement, RunError, RunRequest, TraceMode};
use looplab_view::Model;
use std::cell::RefCell;
use std::rc::Rc;

/// Milliseconds of event applying per animation frame.
const APPLY_BUDGET_MS: f64 = 4.0;

/// What one widget holds outside the reactive system.
#[derive(Default)]
struct Local {
    feed: Feed,
    frame_queued: bool,
    run: Option<RunHandle>,
    /// The end of the run, shown once its last events are applied.
    end: Option<Ended>,
}

/// How a widget starts.
#[derive(Clone, Debug)]
pub struct WidgetOptions {
    /// The program.
    pub source: String,
    /// A title above it (an example's), if any.
    pub title: Option<String>,
    /// The clock.
    pub clock: Clock,
    /// Whether the program can be edited.
    pub read_only: bool,
    /// The exercise it practises (its statement shows, and Check checks).
    pub exercise: Option<looplab_exercise::Exercise>,
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Hands a widget's batches and end to its [`Local`] state.
struct WidgetObserver {
    local: Rc<RefCell<Local>>,
    on_change: Rc<dyn Fn()>,
}

impl RunObserver for WidgetObserver {
    fn batch(&self, batch: u64, events: Vec<u8>) {
        self.local.borrow_mut().feed.push(batch, events);
        (self.on_change)();
    }

    fn end(&self, end: Ended) {
        self.local.borrow_mut().end = Some(end);
        (self.on_change)();
    }
}

/// The widget.
#[component]
pub fn Widget(
    /// How it starts.
    options: WidgetOptions,
) -> impl IntoView {
    let local: StoredValue<Rc<RefCell<Local>>, LocalStorage> =
        StoredValue::new_local(Rc::new(RefCell::new(Local::default())));
    let source = RwSignal::new(options.source);
    let rev = RwSignal::new(0_u64);
    let running = RwSignal::new(false);
    let error: RwSignal<Option<(String, Option<u32>)>> = RwSignal::new(None);
    let clock = options.clock;
    let read_only = options.read_only;
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let overlay_ref = NodeRef::<leptos::html::Pre>::new();
    let dark = RwSignal::new(false);
    let checks: RwSignal<Option<Vec<Requirement>>> = RwSignal::new(None);
    let exercise = options.exercise.clone();
    let exercise_id = StoredValue::new(exercise.as_ref().map(|e| e.id.clone()));
    client::prestart();

    let with_model = move |f: &mut dyn FnMut(&Model)| {
        let l = local.get_value();
        let l = l.borrow();
        f(&l.feed.model);
    };
    // Applies what arrived within the frame's budget, acknowledges it,
    // and shows the run's end once everything is applied.
    fn frame(
        local: Rc<RefCell<Local>>,
        rev: RwSignal<u64>,
        running: RwSignal<bool>,
        error: RwSignal<Option<(String, Option<u32>)>>,
        checks: RwSignal<Option<Vec<Requirement>>>,
    ) {
        let (acks, more) = local.borrow_mut().feed.apply(APPLY_BUDGET_MS, now_ms);
        {
            let l = local.borrow();
            if let Some(r) = &l.run {
                for b in acks {
                    r.ack(b);
                }
            }
        }
        rev.update(|r| *r += 1);
        if more {
            request_animation_frame(move || frame(local, rev, running, error, checks));
            return;
        }
        let end = {
            let mut l = local.borrow_mut();
            l.frame_queued = false;
            let end = l.end.take();
            if end.is_some() {
                l.run = None;
            }
            end
        };
        if let Some(end) = end {
            running.set(false);
            if let Ended::Finished(o) = end {
                if !o.requirements.is_empty() {
                    checks.set(Some(o.requirements.clone()));
                }
                error.set(o.error.map(|e| match e {
                    RunError::Syntax { message, line, .. } => (
                        format!(
                            "line {line}: {}",
                            looplab_script::syntax_error_text(&message)
                        ),
                        Some(line),
                    ),
                    RunError::Uncaught { summary, line, .. } => (summary, line),
                    RunError::Deadlock(msg) => (msg, None),
                }));
            }
        }
    }
    let start = move |check: bool| {
        let l = local.get_value();
        let old = l.borrow_mut().run.take();
        if let Some(r) = old {
            r.stop();
        }
        {
            let mut l = l.borrow_mut();
            l.feed.clear();
            l.end = None;
        }
        error.set(None);
        checks.set(None);
        running.set(true);
        let req = RunRequest {
            run: 0,
            source: source.get_untracked(),
            clock,
            speed: 1.0,
            seed: 0,
            mock: Mock::default(),
            base_url: String::new(),
            trace: TraceMode::Events,
            collect_output: false,
            tests: false,
            files: None,
            io: IoCosts::default(),
            exercise: if check { exercise_id.get_value() } else { None },
            // A widget's instant run stops after an hour of virtual time.
            horizon: 3600.0,
        };
        let sink = l.clone();
        let on_change = Rc::new(move || {
            let queue = !std::mem::replace(&mut sink.borrow_mut().frame_queued, true);
            if queue {
                let sink = sink.clone();
                request_animation_frame(move || frame(sink, rev, running, error, checks));
            }
        });
        let observer = WidgetObserver {
            local: l.clone(),
            on_change,
        };
        let run = client::start(req, observer);
        l.borrow_mut().run = Some(run);
    };
    // The end (Stopped) arrives through the observer.
    let stop = move || {
        let handle = local.get_value().borrow_mut().run.take();
        if let Some(h) = handle {
            h.stop();
        }
    };
    // A run nobody holds is stopped (RunHandle's Drop).
    on_cleanup(move || {
        if let Some(l) = local.try_get_value() {
            let handle = l.borrow_mut().run.take();
            drop(handle);
        }
    });

    Effect::new(move |_| {
        rev.get();
        let is_dark = dark.get();
        if let Some(canvas) = canvas_ref.get() {
            with_model(&mut |m| {
                timeline::draw(
                    &canvas,
                    None,
                    m,
                    timeline::Look {
                        dark: is_dark,
                        ..timeline::Look::default()
                    },
                )
            });
        }
    });
    let highlighted = move || {
        let line = error.get().and_then(|e| e.1);
        highlight::to_html(
            &source.get(),
            Marks {
                error: line,
                selected: None,
            },
        )
    };
    let output = move || {
        rev.get();
        let mut lines = Vec::new();
        with_model(&mut |m| {
            lines = m
                .output()
                .iter()
                .map(|l| {
                    (
                        format!("{:.3}s", l.at.as_secs_f64()),
                        l.text.to_string(),
                        l.stream == Stream::Stderr,
                    )
                })
                .collect();
        });
        lines
    };
    let rows = move || {
        rev.get();
        let mut rows = Vec::new();
        with_model(&mut |m| {
            rows = m
                .tasks()
                .iter()
                .take(200)
                .map(|t| {
                    let wait = t
                        .waiting_on
                        .map(|w| m.describe_task_wait_at(t.id, &w, m.end()))
                        .unwrap_or_default();
                    (t.id.get(), t.name.to_string(), t.state.as_str(), wait)
                })
                .collect();
        });
        rows
    };

    let can_check = exercise.is_some();
    let statement = exercise.as_ref().map(|e| e.statement.clone());
    let verdicts = move || {
        let reqs = checks.get()?;
        let passed = reqs.iter().all(|r| r.state == "pass");
        let held = reqs.iter().filter(|r| r.state == "pass").count();
        Some(view! {
            <div class="lw-check" data-testid="check-result" data-state=if passed { "pass" } else { "fail" }>
                <div class="lw-check-head">{format!("{held} of {} requirements hold", reqs.len())}</div>
                {reqs.into_iter().map(|r| {
                    let mark = match r.state.as_str() { "pass" => "✓", "fail" => "✗", _ => "·" };
                    view! {
                        <div class=format!("lw-req lw-req-{}", r.state) data-testid="requirement" data-state=r.state.clone()>
                            <span class="lw-req-mark">{mark}</span>" "{crate::md::inline_view(looplab_exercise::markdown::inlines(&r.name))}
                            {(!r.detail.is_empty()).then(|| view! { <div class="lw-req-detail">{r.detail.clone()}</div> })}
                        </div>
                    }
                }).collect_view()}
            </div>
        })
    };

    view! {
        <div class="looplab-widget">
            <div class="lw-bar">
                {options.title.map(|t| view! { <strong class="lw-title">{t}</strong> })}
                <button class="lw-run" data-testid="run" on:click=move |_| start(false)>{move || if running.get() { "↻ Restart" } else { "▶ Run" }}</button>
                {can_check.then(|| view! {
                    <button data-testid="check" disabled=move || running.get() on:click=move |_| start(true) title="Check the code against the exercise">"✓ Check"</button>
                })}
                <button data-testid="stop" disabled=move || !running.get() on:click=move |_| stop()>"■ Stop"</button>
                <span class="lw-clock">{if clock == Clock::Real { "real time" } else { "instant" }}</span>
            </div>
            {statement.map(|text| view! {
                <details class="lw-statement" open><summary>"The task"</summary>{crate::md::markdown_view(&text)}</details>
            })}
            <div class="lw-editor">
                <pre class="lw-overlay" node_ref=overlay_ref aria-hidden="true" inner_html=highlighted></pre>
                <textarea data-testid="editor" spellcheck="false" wrap="off" readonly=read_only
                    aria-label="Program (Python)"
                    prop:value=move || source.get()
                    on:input=move |ev| source.set(event_target_value(&ev))
                    on:scroll=move |ev| {
                        use wasm_bindgen::JsCast;
                        if let (Some(ta), Some(p)) = (ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()), overlay_ref.get()) {
                            p.set_scroll_top(ta.scroll_top());
                            p.set_scroll_left(ta.scroll_left());
                        }
                    }></textarea>
            </div>
            {move || error.get().map(|(text, _)| view! { <div class="lw-error" data-testid="error">{text}</div> })}
            {verdicts}
            <div class="lw-output" data-testid="output">
                {move || output().into_iter().map(|(t, text, err)| view! {
                    <div class="line" class:stderr=err><span class="t">{t}</span><span class="txt">{text}</span></div>
                }).collect_view()}
            </div>
            <canvas class="lw-timeline" node_ref=canvas_ref></canvas>
            <div class="lw-tasks">
                {move || rows().into_iter().map(|(id, name, state, wait)| view! {
                    <div class="lw-row" data-testid="task-row" data-state=state>
                        <span>{format!("#{id}")}</span><span>{name}</span><span class=format!("st-{state}")>{state}</span><span>{wait}</span>
                    </div>
                }).collect_view()}
            </div>
        </div>
    }
}

/// The widget's stylesheet, added to the page once by `mount` (so an
/// embedding page needs no CSS of its own).
pub const CSS: &str = r#"
.looplab-widget{--lw-border:#dde1ea;--lw-muted:#5b6375;--lw-accent:#2f5bd8;font:14px/1.45 system-ui,sans-serif;border:1px solid var(--lw-border);border-radius:10px;padding:.6rem;background:#fff;color:#1b1f2a;display:flex;flex-direction:column;gap:.5rem}
.looplab-widget button{font:inherit;border:1px solid var(--lw-border);border-radius:6px;background:#fff;padding:.25rem .7rem;cursor:pointer}
.looplab-widget button:disabled{opacity:.45;cursor:default}
.looplab-widget .lw-run{background:var(--lw-accent);color:#fff;border-color:var(--lw-accent);font-weight:600}
.lw-bar{display:flex;gap:.5rem;align-items:center}.lw-title{margin-right:auto}.lw-clock{color:var(--lw-muted);font-size:12px}
.lw-editor{position:relative;height:16rem;border:1px solid var(--lw-border);border-radius:8px;background:#f8f9fb;font:13px/20px ui-monospace,monospace}
.lw-overlay,.lw-editor textarea{position:absolute;inset:0;margin:0;padding:8px 10px;font:inherit;tab-size:4;white-space:pre;border:0;overflow:auto}
.lw-overlay{pointer-events:none;overflow:hidden}.lw-editor textarea{background:transparent;color:transparent;caret-color:#1b1f2a;resize:none;outline:none}
.lw-editor .ln{display:inline-block;min-width:100%}.lw-editor .ln.err{background:rgba(220,38,38,.16)}
.lw-editor .t-kw{color:#a626a4}.lw-editor .t-str{color:#2f7d32}.lw-editor .t-num{color:#b35c00}.lw-editor .t-com{color:#8a8f98;font-style:italic}.lw-editor .t-bi{color:#1f6feb}.lw-editor .t-def{color:#0b7285;font-weight:600}.lw-editor .t-dec{color:#9a6700}
.lw-error{color:#c02626;background:#fdecec;border:1px solid #c02626;border-radius:6px;padding:.3rem .5rem;font-size:13px}
.lw-output{font:12.5px/1.5 ui-monospace,monospace;background:#f8f9fb;border:1px solid var(--lw-border);border-radius:8px;padding:.3rem .5rem;min-height:2.5rem;max-height:10rem;overflow:auto}
.lw-output .t{color:var(--lw-muted);margin-right:.7rem}.lw-output .stderr{color:#c02626}
.lw-timeline{width:100%;height:140px;border:1px solid var(--lw-border);border-radius:8px}
.lw-tasks{font-size:12.5px;max-height:9rem;overflow:auto}.lw-row{display:grid;grid-template-columns:3rem 1fr 5rem 2fr;gap:.4rem;border-bottom:1px solid var(--lw-border);padding:.1rem 0}
.lw-statement{font-size:13px}.lw-statement summary{cursor:pointer;color:var(--lw-muted)}.lw-statement code,.lw-check code{font:12px ui-monospace,monospace;background:#f1f3f7;padding:0 .2em;border-radius:3px}
.lw-check{font-size:13px;border:1px solid var(--lw-border);border-radius:8px;padding:.3rem .5rem}.lw-check-head{font-weight:600}.lw-check[data-state=pass] .lw-check-head{color:#15803d}.lw-check[data-state=fail] .lw-check-head{color:#c02626}
.lw-req{padding:.1rem 0}.lw-req-fail .lw-req-mark{color:#c02626;font-weight:700}.lw-req-pass .lw-req-mark{color:#15803d}.lw-req-detail{margin-left:1.2em;color:#5b6375;white-space:pre-wrap}
.lw-row .st-done{color:#15803d}.lw-row .st-failed{color:#dc2626}.lw-row .st-cancelled{color:#9333ea}.lw-row .st-waiting{color:#6b8fd6}
"#;
