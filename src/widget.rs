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
    // What a check sends: the engine has no exercises of its own.
    let checker = StoredValue::new(exercise.as_ref().map(|e| e.checker.clone()));
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
            checker: if check { checker.get_value() } else { None },
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

/// The widget's stylesheet: `mount` adopts it into the document or the
/// shadow root the widget is mounted in (a constructed stylesheet, which a
/// strict Content-Security-Policy allows); the npm package also ships it as
/// `widget.css` for hosts that would rather link it.
pub const CSS: &str = include_str!("widget.css");
