//! The views column: state counts at the instant shown, the timeline, the
//! scrubber, and the tabs (tasks, tree, resources, warnings).

use super::state::{stop_replay, with_model, Page, Status, Tab};
use super::tables::{ResourceCards, TaskTable, TreeView, Warnings};
use super::workspace::{DatabasePanel, FilesPanel, TestsPanel};
use super::{effect, on_event, on_keys, on_mouse, slots};
use crate::rows;
use crate::timeline;
use leptos::prelude::*;
use looplab_core::Instant;
use looplab_view::{Moment, State};

/// The views.
#[component]
pub fn Views(page: Page) -> impl IntoView {
    let Page {
        status, tab, rev, ..
    } = page;
    let warning_count = move || {
        rev.get();
        with_model(|m| m.warnings().len())
    };
    let tab_button = move |which: Tab, label: &'static str| {
        view! {
            <button role="tab" aria-selected=move || (tab.get() == which).to_string()
                class:active=move || tab.get() == which on:click=on_mouse(move |_| tab.set(which))>
                {label}
                {move || (which == Tab::Warnings && warning_count() > 0).then(|| view! { <span class="badge">{warning_count()}</span> }.into_any())}
            </button>
        }
    };
    // How many tasks are in each state at the moment shown.
    let counts = Memo::new(move |_| {
        rev.get();
        let t = page.moment();
        let scrubbing = page.scrubbing();
        with_model(|m| {
            if scrubbing {
                m.counts_at(t)
            } else {
                m.counts()
            }
        })
    });
    // A chip per state that has tasks, in the order of State::ALL: chip
    // `k` shows the `k`-th of them.
    let chip_states = move || {
        State::ALL
            .into_iter()
            .filter(|s| counts.with(|c| c.get(*s) > 0))
            .collect::<Vec<_>>()
    };
    let chip = move |k: usize| {
        let state = move || chip_states().get(k).copied();
        view! {
            <span class=move || state().map(|s| format!("chip st-{}", s.as_str())).unwrap_or_default()>
                {move || state().map(|s| format!("{} {}", counts.with(|c| c.get(s)), s.as_str())).unwrap_or_default()}
            </span>
        }
        .into_any()
    };
    // The open tab's body, built again only when another tab opens (as a
    // `<Show>` per tab would, without seven copies of `Show`'s code).
    let open_tab = Memo::new(move |_| tab.get());
    view! {
        <section class="views" data-playhead=move || if page.scrubbing() { "scrub" } else { "live" }>
            <div class="summary">
                {slots(move || chip_states().len(), chip)}
                <span class="muted time" data-testid="playhead-time">{move || format!("t = {}", rows::fmt_secs(Instant::from_nanos(page.at())))}</span>
                <span class="muted step-label" data-testid="step-label">{move || page.step_label()}</span>
            </div>
            <Timeline page=page />
            <div class="legend muted small" data-testid="legend">
                <span><i class="sw run"></i>"running"</span>
                <span><i class="sw tick"></i>"a short step"</span>
                <span><i class="sw ready"></i>"ready, not yet run"</span>
                <span><i class="sw starved"></i>"starved: overdue, the loop was busy"</span>
                <span><i class="sw wait"></i>"waiting: sleep"</span>
                <span><i class="sw blocked"></i>"waiting: lock, semaphore, queue, event"</span>
                <span><i class="sw ontask"></i>"waiting: other tasks"</span>
                <span><i class="sw ext"></i>"waiting: network, files, database"</span>
                <span><i class="sw stuck"></i>"blocked forever (deadlock)"</span>
                <span><i class="mk spawn"></i>"created"</span>
                <span><i class="mk acq"></i>"acquired / released"</span>
                <span><i class="mk cancel"></i>"cancelled"</span>
                <span><i class="mk err"></i>"failed"</span>
            </div>
            <div class="scrub">
                <button data-testid="step-prev" on:click=on_mouse(move |_| page.step_prev()) title="Previous task switch"
                    disabled=move || page.running() || !page.can_step_back()>"◀ Prev"</button>
                <button data-testid="step-next" on:click=on_mouse(move |_| page.step_next()) title="Next task switch (while paused: run one step)"
                    disabled=move || status.get() == Status::Running || (status.get() != Status::Paused && !page.scrubbing())>"Next ▶"</button>
                <input type="range" min="0" max=move || page.end_ns() step="1000" aria-label="Scrub the timeline"
                    prop:value=move || page.at() disabled=move || status.get() == Status::Running
                    on:input=on_event(move |ev| page.scrub(event_target_value(&ev).parse().ok())) />
                <button on:click=on_mouse(move |_| page.replay()) disabled=move || page.running() title="Replay the run on the timeline">"Replay"</button>
                <button on:click=on_mouse(move |_| page.scrub(None)) disabled=move || !page.scrubbing() title="Show the end">"End"</button>
            </div>
            <div class="tabs" role="tablist">
                {tab_button(Tab::Tasks, "Tasks")}
                {tab_button(Tab::Tree, "Tree")}
                {tab_button(Tab::Resources, "Resources")}
                {tab_button(Tab::Warnings, "Warnings")}
                {tab_button(Tab::Tests, "Tests")}
                {tab_button(Tab::Files, "Files")}
                {tab_button(Tab::Database, "Database")}
            </div>
            <div class="tab-body" role="tabpanel">
                {move || match open_tab.get() {
                    Tab::Tasks => view! { <TaskTable page=page /> }.into_any(),
                    Tab::Tree => view! { <TreeView page=page /> }.into_any(),
                    Tab::Resources => view! { <ResourceCards page=page /> }.into_any(),
                    Tab::Warnings => view! { <Warnings page=page /> }.into_any(),
                    Tab::Tests => view! { <TestsPanel page=page /> }.into_any(),
                    Tab::Files => view! { <FilesPanel page=page /> }.into_any(),
                    Tab::Database => view! { <DatabasePanel page=page /> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// The timeline canvas: one lane per task. Click selects a task and
/// scrubs to the instant clicked; the wheel scrolls lanes, Ctrl+wheel (or
/// a pinch) zooms around the pointer, Shift+wheel and dragging pan. With
/// the canvas focused: + and − zoom, 0 fits the run, Shift+←/→ pan, ←/→
/// step to the previous or next task switch, ↑/↓ scroll lanes. Hovering
/// says what is under the pointer.
#[component]
fn Timeline(page: Page) -> impl IntoView {
    let Page {
        rev,
        playhead,
        selected,
        dark,
        status,
        ..
    } = page;
    let lane_offset = RwSignal::new(0_usize);
    let window: RwSignal<timeline::Window> = RwSignal::new(None);
    // A drag in progress: where it started, and the window then.
    let drag: RwSignal<Option<(f64, timeline::Window)>> = RwSignal::new(None);
    let dragged = RwSignal::new(false);
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let scroll_ref = NodeRef::<leptos::html::Div>::new();
    // The canvas's size, read when it appears and when the window resizes
    // (not every frame: that would force a layout each time).
    let size: RwSignal<Option<(f64, f64)>> = RwSignal::new(None);
    effect(move || {
        if let Some(canvas) = canvas_ref.get() {
            size.set(Some(timeline::css_size(&canvas)));
        }
    });
    let _resize = window_event_listener(leptos::ev::resize, move |_| {
        if let Some(canvas) = canvas_ref.get_untracked() {
            size.set(Some(timeline::css_size(&canvas)));
        }
    });
    // A canvas in a hidden pane (a phone's tabs) has no size: read it again
    // once its pane is shown and laid out.
    effect(move || {
        page.pane.track();
        request_animation_frame(move || {
            if let Some(canvas) = canvas_ref.get_untracked() {
                let now = timeline::css_size(&canvas);
                if size.get_untracked() != Some(now) {
                    size.set(Some(now));
                }
            }
        });
    });
    // The lanes' scrollbar follows the lanes shown (wheel, keys).
    effect(move || {
        let top = lane_offset.get() as f64 * timeline::LANE_H;
        if let Some(el) = scroll_ref.get() {
            if (f64::from(el.scroll_top()) - top).abs() >= timeline::LANE_H {
                el.set_scroll_top(top as i32);
            }
        }
    });
    // How many lanes there are, and how many fit: whether to show the
    // scrollbar, and how tall its track is.
    let lanes = move || {
        rev.get();
        let total = with_model(|m| m.tasks().len());
        let fit = size.get().map_or(usize::MAX, |(_, h)| {
            ((h - timeline::AXIS_H) / timeline::LANE_H).floor().max(1.0) as usize
        });
        (total, fit)
    };
    let on_lane_scroll = move |_: web_sys::Event| {
        if let Some(el) = scroll_ref.get_untracked() {
            let row = (f64::from(el.scroll_top()) / timeline::LANE_H)
                .floor()
                .max(0.0) as usize;
            if row != lane_offset.get_untracked() {
                lane_offset.set(row);
            }
        }
    };
    // A new run shows all of itself.
    effect(move || {
        if status.get() == Status::Running {
            window.set(None);
        }
    });
    effect(move || {
        rev.get();
        let ph = playhead.get();
        let moment = page.moment();
        let look = timeline::Look {
            playhead: ph.map(|m| m.at.as_nanos()),
            selected: selected.get(),
            running: ph.and_then(|_| with_model(|m| m.running_at(moment))),
            first_lane: lane_offset.get(),
            window: window.get(),
            dark: dark.get(),
        };
        let sz = size.get();
        if let Some(canvas) = canvas_ref.get() {
            with_model(|m| timeline::draw(&canvas, sz, m, look));
        }
    });
    let width = move || size.get_untracked().map_or(200.0, |s| s.0).max(200.0);
    let zoom_at = move |x: f64, factor: f64| {
        let w = width();
        window.set(with_model(|m| {
            timeline::zoom(m, w, window.get_untracked(), x, factor)
        }));
    };
    let pan_by = move |dx: f64| {
        let w = width();
        window.set(with_model(|m| {
            timeline::pan(m, w, window.get_untracked(), dx)
        }));
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if dragged.get_untracked() {
            dragged.set(false);
            return;
        }
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let hit = with_model(|m| {
            timeline::hit(
                &canvas,
                m,
                lane_offset.get_untracked(),
                window.get_untracked(),
                ev.offset_x() as f64,
                ev.offset_y() as f64,
            )
        });
        if let Some((task, t)) = hit {
            if let Some(id) = task {
                selected.set(Some(id));
            }
            if status.get_untracked() != Status::Running {
                stop_replay();
                playhead.set(Some(Moment::end_of(Instant::from_nanos(t))));
            }
        }
    };
    let on_down = move |ev: web_sys::MouseEvent| {
        if ev.button() == 0 && window.get_untracked().is_some() {
            drag.set(Some((ev.offset_x() as f64, window.get_untracked())));
        }
    };
    let on_up = move |_: web_sys::MouseEvent| drag.set(None);
    let on_move = move |ev: web_sys::MouseEvent| {
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let x = ev.offset_x() as f64;
        if let Some((x0, start)) = drag.get_untracked() {
            if ev.buttons() & 1 == 0 {
                drag.set(None);
            } else if (x - x0).abs() > 3.0 {
                dragged.set(true);
                let w = width();
                window.set(with_model(|m| timeline::pan(m, w, start, x0 - x)));
                return;
            }
        }
        let text = with_model(|m| {
            timeline::describe(
                m,
                width(),
                lane_offset.get_untracked(),
                window.get_untracked(),
                x,
                ev.offset_y() as f64,
            )
        });
        let _ = canvas.set_attribute("title", text.as_deref().unwrap_or(""));
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        if ev.ctrl_key() || ev.meta_key() {
            ev.prevent_default();
            zoom_at(
                ev.offset_x() as f64,
                if ev.delta_y() < 0.0 { 0.8 } else { 1.25 },
            );
            return;
        }
        let dx = if ev.shift_key() {
            ev.delta_y()
        } else {
            ev.delta_x()
        };
        if dx.abs() > 0.0 && window.get_untracked().is_some() {
            ev.prevent_default();
            pan_by(dx);
            return;
        }
        let total = with_model(|m| m.tasks().len());
        let cur = lane_offset.get_untracked() as f64;
        let next =
            (cur + ev.delta_y() / timeline::LANE_H).clamp(0.0, total.saturating_sub(1) as f64);
        if next as usize != lane_offset.get_untracked() {
            ev.prevent_default();
            lane_offset.set(next as usize);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let center = timeline::plot_center(width());
        let handled = match ev.key().as_str() {
            "+" | "=" => {
                zoom_at(center, 0.5);
                true
            }
            "-" | "_" => {
                zoom_at(center, 2.0);
                true
            }
            "0" => {
                window.set(None);
                true
            }
            "ArrowLeft" if ev.shift_key() => {
                pan_by(-width() / 10.0);
                true
            }
            "ArrowRight" if ev.shift_key() => {
                pan_by(width() / 10.0);
                true
            }
            "ArrowLeft" if !page.running() => {
                page.step_prev();
                true
            }
            "ArrowRight" if status.get_untracked() != Status::Running => {
                page.step_next();
                true
            }
            "ArrowUp" => {
                lane_offset.update(|o| *o = o.saturating_sub(1));
                true
            }
            "ArrowDown" => {
                let total = with_model(|m| m.tasks().len());
                lane_offset.update(|o| *o = (*o + 1).min(total.saturating_sub(1)));
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };
    view! {
        <div class="timeline-box">
            <div class="zoom-bar">
                <button data-testid="zoom-in" title="Zoom in (+, Ctrl+wheel)" aria-label="Zoom in"
                    on:click=on_mouse(move |_| zoom_at(timeline::plot_center(width()), 0.5))>"+"</button>
                <button data-testid="zoom-out" title="Zoom out (−)" aria-label="Zoom out" disabled=move || window.get().is_none()
                    on:click=on_mouse(move |_| zoom_at(timeline::plot_center(width()), 2.0))>"−"</button>
                <button data-testid="zoom-fit" title="Show the whole run (0)" disabled=move || window.get().is_none()
                    on:click=on_mouse(move |_| window.set(None))>"Fit"</button>
            </div>
            <div class="timeline-row">
            <canvas class="timeline" node_ref=canvas_ref tabindex="0" data-testid="timeline"
                data-window=move || window.get().map(|(a, b)| format!("{a}-{b}")).unwrap_or_default()
                on:click=on_mouse(on_click) on:wheel=on_wheel on:mousemove=on_move on:mousedown=on_down on:mouseup=on_up
                on:keydown=on_keys(on_key)
                aria-label="Timeline: one lane per task. Left and right arrows step through task switches; plus and minus zoom; shift with arrows pans."></canvas>
            <div class="lane-scroll" node_ref=scroll_ref data-testid="lane-scroll" on:scroll=on_event(on_lane_scroll)
                class:hidden=move || { let (total, fit) = lanes(); total <= fit }
                aria-hidden="true">
                <div style=move || {
                    let (total, fit) = lanes();
                    // The track scrolls the lanes past those that fit.
                    let shown = size.get().map_or(0.0, |(_, h)| h);
                    format!("height:{}px", shown + total.saturating_sub(fit) as f64 * timeline::LANE_H)
                }></div>
            </div>
            </div>
        </div>
    }
}
