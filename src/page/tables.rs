//! The tabs' contents: the task table (virtualised), the task tree, the
//! resource cards and the warnings, each laid out from `crate::rows`.

use super::state::{with_model, Page};
use super::{on_event, on_keys, on_mouse, slots};
use crate::rows;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Height of a task-table row, in pixels (must match the CSS).
const ROW_H: f64 = 28.0;
/// Rows of the task table drawn beyond the visible ones.
const OVERSCAN: usize = 6;
/// Tasks the tree shows at most.
const TREE_LIMIT: usize = 400;

/// Every task at the instant shown, drawn only where scrolled to.
///
/// The rows on screen are slots: slot `k` shows the `k`-th row of the
/// stretch in view, and keeps its element while the run goes on, so a
/// frame only writes the texts and attributes that changed. (Building the
/// rows again each frame made the page remove and set every attribute of
/// every row, and re-attach its listeners, 60 times a second.)
#[component]
pub fn TaskTable(page: Page) -> impl IntoView {
    let Page { rev, selected, .. } = page;
    let scroll = RwSignal::new(0.0_f64);
    // How many rows the table has, and the rows in view.
    let table = Memo::new(move |_| {
        rev.get();
        let t = page.moment();
        let live = !page.scrubbing();
        let first = ((scroll.get() / ROW_H) as usize).saturating_sub(OVERSCAN);
        let count = (420.0 / ROW_H) as usize + 2 * OVERSCAN;
        with_model(|m| {
            (
                rows::task_count(m, t, live),
                rows::task_rows(m, t, live, first, count),
            )
        })
    });
    let height = move || {
        format!(
            "height:{}px",
            table.with(|(total, _)| *total) as f64 * ROW_H
        )
    };
    view! {
        <TaskDetailPanel page=page />
        <div class="table">
            <div class="row head">
                <span class="c-id">"id"</span><span class="c-name">"task"</span><span class="c-state">"state"</span>
                <span class="c-wait">"awaiting / result"</span><span class="c-parent">"parent"</span>
                <span class="c-num">"started"</span><span class="c-num">"elapsed"</span><span class="c-num">"steps"</span>
            </div>
            <div class="table-body" on:scroll=on_event(move |ev| {
                if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    scroll.set(el.scroll_top() as f64);
                }
            })>
                <div class="rows" style=height>
                    {slots(move || table.with(|(_, rows)| rows.len()), move |slot| task_slot(table, selected, slot))}
                </div>
            </div>
        </div>
    }
}

/// The task table's rows in view (see [`TaskTable`]).
type TableRows = Memo<(usize, Vec<rows::TaskRow>)>;

/// Slot `slot` of the task table: its row's fields, read when they change.
fn task_slot(table: TableRows, selected: RwSignal<Option<u64>>, slot: usize) -> AnyView {
    // The slot's row: its fields are read from here, so that they rerun
    // only when this row changed (and the table's memo has one reader per
    // slot, not one per field).
    let row = Memo::new(move |_| table.with(|(_, rows)| rows.get(slot).cloned()));
    // One of the row's fields (a default once the slot is going).
    let field = move |f: fn(&rows::TaskRow) -> String| {
        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    let id = move || row.with(|r| r.as_ref().map(|r| r.id));
    let id_now = move || row.with_untracked(|r| r.as_ref().map(|r| r.id));
    let is_selected = move || id().is_some_and(|id| selected.get() == Some(id));
    let toggle = move || {
        if let Some(id) = id_now() {
            selected.set(if selected.get_untracked() == Some(id) {
                None
            } else {
                Some(id)
            });
        }
    };
    let now = move || row.with(|r| r.as_ref().is_some_and(|r| r.now));
    view! {
        <div class="row" class:selected=is_selected class:now=now data-testid="task-row"
            data-state=field(|r| r.state.as_str().to_string()) data-task=field(|r| r.id.to_string())
            data-now=move || now().to_string()
            style=field(|r| format!("transform:translateY({}px)", r.index as f64 * ROW_H))
            title=field(|r| r.cancel_note.clone().unwrap_or_else(|| format!("{} · {}", r.name, r.awaiting)))
            tabindex="0" role="button" aria-pressed=move || is_selected().to_string()
            on:keydown=on_keys(move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    toggle();
                }
            })
            on:click=on_mouse(move |_| toggle())>
            <span class="c-id">{field(|r| format!("#{}", r.id))}</span>
            <span class="c-name">{field(|r| r.name.clone())}</span>
            <span class=field(|r| format!("c-state st-{}", r.state.as_str()))>{field(|r| r.state.as_str().to_string())}</span>
            <span class="c-wait">{field(|r| r.awaiting.clone())}</span>
            <span class="c-parent">{field(|r| r.parent.clone())}</span>
            <span class="c-num">{field(|r| r.started.clone())}</span>
            <span class="c-num">{field(|r| r.elapsed.clone())}</span>
            <span class="c-num">{field(|r| r.steps.to_string())}</span>
        </div>
    }
    .into_any()
}

/// What the selected task is doing at the moment shown, in full.
#[component]
fn TaskDetailPanel(page: Page) -> impl IntoView {
    let Page { rev, selected, .. } = page;
    // A component's body closure is not a `{move || ...}` block of a
    // `view!`, so Leptos's erased mode would give it render code of its
    // own: handing it to one (returning an `AnyView`) shares that code.
    let body = move || {
        rev.get();
        let id = selected.get()?;
        let t = page.moment();
        let d = with_model(|m| rows::task_detail(m, id, t))?;
        let line_button = |line: u32, label: String| {
            view! {
                <button class="link" data-testid="detail-line" on:click=on_mouse(move |_| page.reveal_line(line))>{label}</button>
            }
        };
        Some(view! {
            <div class="task-detail" data-testid="task-detail" data-state=d.state.as_str()>
                <div class="detail-head">
                    <strong>{d.title}</strong>
                    <span class=format!("c-state st-{}", d.state.as_str())>{d.state.as_str()}</span>
                    <span class="muted">{d.state_line}</span>
                    <button class="close" title="Close" aria-label="Close the task detail" on:click=on_mouse(move |_| selected.set(None))>"×"</button>
                </div>
                {d.awaiting.map(|a| view! { <div><span class="muted">"awaiting "</span><span data-testid="detail-awaiting">{a}</span></div> }.into_any())}
                {d.line.map(|l| {
                    let how = if d.state == looplab_view::State::Waiting { "paused at " } else { "last paused at " };
                    view! { <div><span class="muted">{how}</span>{line_button(l, format!("line {l}"))}</div> }
                })}
                {d.coroutine.map(|(l, f)| view! { <div><span class="muted">"runs "</span>{line_button(l, format!("{f}() (line {l})"))}</div> }.into_any())}
                {d.outcome.map(|o| view! { <div data-testid="detail-outcome"><span class="muted">"outcome "</span><code>{o}</code></div> }.into_any())}
                {d.cancel.map(|c| view! { <div class="muted">{c}</div> }.into_any())}
                <div class="muted small">{d.timings}</div>
                {(!d.holds.is_empty()).then(|| view! { <div><span class="muted">"holds "</span>{d.holds.join(", ")}</div> }.into_any())}
                {d.parent.map(|p| view! { <div><span class="muted">"created by "</span>{p}</div> }.into_any())}
                {(!d.children.is_empty()).then(|| view! { <div><span class="muted">"created "</span>{d.children.join(", ")}</div> }.into_any())}
            </div>
        }.into_any())
    };
    view! { {move || body()} }
}

/// Who created whom.
#[component]
pub fn TreeView(page: Page) -> impl IntoView {
    let Page { rev, selected, .. } = page;
    // As in `TaskDetailPanel`.
    let body = move || {
        rev.get();
        let t = page.moment();
        let (nodes, more) = with_model(|m| rows::tree(m, t, TREE_LIMIT));
        let items = nodes
            .into_iter()
            .map(|n| {
                let id = n.id;
                view! {
                    <li style=format!("padding-left:{}px", 8 + n.depth * 16) class:selected=move || selected.get() == Some(id)
                        on:click=on_mouse(move |_| selected.set(Some(id)))>
                        <span class=format!("dot st-{}", n.state.as_str())></span>
                        {n.name} <span class="muted">{format!(" #{id} · {}", n.state.as_str())}</span>
                    </li>
                }.into_any()
            })
            .collect_view();
        view! {
            <ul class="tree">{items}</ul>
            {(more > 0).then(|| view! { <p class="muted">{format!("… and {more} more tasks")}</p> }.into_any())}
        }
        .into_any()
    };
    view! { {move || body()} }
}

/// A card per semaphore, lock, queue, event…: its state at the instant
/// shown and a sparkline of its level.
#[component]
pub fn ResourceCards(page: Page) -> impl IntoView {
    let Page { rev, selected, .. } = page;
    let cards = move || {
        rev.get();
        let t = page.moment();
        let sel = selected.get();
        let cards = with_model(|m| rows::resource_cards(m, t, sel));
        if cards.is_empty() {
            return view! { <p class="muted empty">"No semaphores, locks, queues or events yet."</p> }.into_any();
        }
        cards
            .into_iter()
            .map(|c| {
                let holders = (!c.holders.is_empty()).then(|| format!("held by {}", c.holders.join(", ")));
                let waiters = (!c.waiters.is_empty()).then(|| format!("waiting, in order: {}", c.waiters.join(", ")));
                view! {
                    <div class="res" class:involved=c.involved data-testid="resource-card">
                        <div class="res-head"><strong>{c.name}</strong><span class="muted">{format!(" {}", c.kind)}</span></div>
                        <div class="res-facts">{c.facts}</div>
                        {holders.map(|h| view! { <div class="small" data-testid="res-holders">{h}</div> }.into_any())}
                        {waiters.map(|w| view! { <div class="small" data-testid="res-waiters">{w}</div> }.into_any())}
                        <svg class="spark" viewBox="0 0 200 32" preserveAspectRatio="none" aria-hidden="true">
                            <polyline points=c.points fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke" />
                            <line x1=c.cursor x2=c.cursor y1="0" y2="32" class="cursor" />
                        </svg>
                    </div>
                }.into_any()
            })
            .collect_view()
            .into_any()
    };
    view! { <div class="resources">{move || cards()}</div> }
}

/// Deadlocks, errors nobody retrieved, a blocked loop.
#[component]
pub fn Warnings(page: Page) -> impl IntoView {
    let rev = page.rev;
    view! {
        <ul class="warnings" data-testid="warnings">
            {move || {
                rev.get();
                let w = with_model(rows::warnings);
                if w.is_empty() {
                    view! { <li class="muted">"No warnings."</li> }.into_any()
                } else {
                    w.into_iter().map(|(t, text)| view! { <li><span class="t">{t}</span>{text}</li> }.into_any()).collect_view().into_any()
                }
            }}
        </ul>
    }
}
