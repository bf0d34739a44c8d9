//! The exercises: the list beside the gallery (with the learner's
//! progress), and the open exercise above the editor — its statement, the
//! Check button, each requirement's verdict (a failure's instant is a link
//! to that moment on the timeline), hints one at a time, and the solution
//! once the learner has tried.

use super::on_mouse;
use super::state::{progress, Page, Status};
use crate::md::{inline_view, markdown_view};
use leptos::prelude::*;
use looplab_exercise::markdown;
use looplab_exercise::Exercise;

thread_local! {
    static CATALOGUE: Vec<Exercise> = looplab_exercise::catalogue();
}

/// The exercises, in order.
pub fn all() -> Vec<Exercise> {
    CATALOGUE.with(Clone::clone)
}

/// The exercise with id `id`.
pub fn find(id: &str) -> Option<Exercise> {
    CATALOGUE.with(|c| c.iter().find(|e| e.id == id).cloned())
}

/// The exercises in the side list.
#[component]
pub fn ExerciseList(page: Page) -> impl IntoView {
    let Page {
        exercise,
        progress_rev,
        ..
    } = page;
    view! {
        <h2 class="section-head">"Exercises"</h2>
        <ul>
            {all().into_iter().map(|ex| {
                let id = ex.id.clone();
                let id_active = ex.id.clone();
                let id_mark = ex.id.clone();
                view! {
                    <li>
                        <button class="example" class:active=move || exercise.get().as_deref() == Some(id_active.as_str())
                            data-testid="exercise" data-exercise=ex.id.clone()
                            on:click=on_mouse(move |_| {
                                page.open_exercise(&id);
                                page.pane.set(super::state::Pane::Code);
                            })>
                            <span class="ex-title">
                                {move || {
                                    progress_rev.get();
                                    let p = progress(&id_mark);
                                    if p.solved {
                                        view! { <span class="ex-mark solved" title="Solved">"✓ "</span> }.into_any()
                                    } else if p.attempts > 0 {
                                        view! { <span class="ex-mark tried" title=format!("{} checks so far", p.attempts)>"○ "</span> }.into_any()
                                    } else {
                                        ().into_any()
                                    }
                                }}
                                {ex.title.clone()}
                            </span>
                            <span class="ex-summary">{ex.summary.clone()}</span>
                        </button>
                    </li>
                }.into_any()
            }).collect_view()}
        </ul>
    }
}

/// The open exercise: statement, Check, verdicts, hints, solution.
#[component]
pub fn ExercisePanel(page: Page) -> impl IntoView {
    let Page {
        exercise,
        hints_shown,
        solution_shown,
        status,
        progress_rev,
        ..
    } = page;
    // A component's body closure is not a `{move || ...}` block of a
    // `view!`, so Leptos's erased mode would give it render code of its
    // own: handing it to one (returning an `AnyView`) shares that code.
    let body = move || {
        let ex = exercise.get().and_then(|id| find(&id))?;
        let hints = ex.hints.clone();
        let total_hints = hints.len();
        let solution = ex.solution.clone();
        let id = ex.id.clone();
        let id_progress = ex.id.clone();
        let attempts = Signal::derive(move || {
            progress_rev.get();
            progress(&id).attempts
        });
        Some(view! {
            <section class="exercise" data-testid="exercise-panel" aria-label="Exercise">
                <div class="exercise-head">
                    <strong>{ex.title.clone()}</strong>
                    <span class="muted small" data-testid="exercise-progress">{move || {
                        progress_rev.get();
                        let p = progress(&id_progress);
                        match (p.solved, p.attempts) {
                            (_, 0) => String::new(),
                            (true, n) => format!("✓ solved · {n} check{}", if n == 1 { "" } else { "s" }),
                            (false, n) => format!("{n} check{} so far", if n == 1 { "" } else { "s" }),
                        }
                    }}</span>
                    <button class="link" on:click=on_mouse(move |_| page.close_exercise()) title="Back to the free playground">"Close exercise"</button>
                </div>
                <details class="statement" open>
                    <summary>"The task"</summary>
                    <div class="md">{markdown_view(&ex.statement)}</div>
                </details>
                <div class="exercise-actions">
                    <button class="primary" data-testid="check"
                        disabled=move || status.get() == Status::Running
                        on:click=on_mouse(move |_| page.check())
                        title="Run your code against the exercise's checker (instant, virtual clock)">
                        "✓ Check"
                    </button>
                    <button data-testid="hint" disabled=move || { hints_shown.get() >= total_hints }
                        on:click=on_mouse(move |_| hints_shown.update(|n| *n = (*n + 1).min(total_hints)))>
                        {move || if hints_shown.get() == 0 { "Show a hint".to_string() } else { format!("Next hint ({}/{total_hints})", hints_shown.get()) }}
                    </button>
                    <button data-testid="solution" disabled=move || attempts.get() == 0
                        title=move || if attempts.get() == 0 { "Check your code once first".to_string() } else { "Show a reference solution".to_string() }
                        on:click=on_mouse(move |_| solution_shown.update(|s| *s = !*s))>
                        {move || if solution_shown.get() { "Hide the solution" } else { "Show the solution" }}
                    </button>
                    <button class="link" on:click=on_mouse(move |_| page.reset_exercise()) title="Put the starter code back in the editor">"Start over"</button>
                </div>
                {move || {
                    let shown = hints_shown.get();
                    (shown > 0).then(|| view! {
                        <ol class="hints" data-testid="hints">
                            {hints.iter().take(shown).map(|h| view! { <li class="md">{markdown_view(h)}</li> }.into_any()).collect_view()}
                        </ol>
                    }.into_any())
                }}
                {move || solution_shown.get().then(|| view! {
                    <div class="solution" data-testid="solution-code">
                        <p class="muted small">"One way to do it — compare it with yours:"</p>
                        <pre class="md-code">{solution.clone()}</pre>
                    </div>
                }.into_any())}
                <CheckResult page=page />
            </section>
        }.into_any())
    };
    view! { {move || body()} }
}

/// The verdicts of the last check.
#[component]
fn CheckResult(page: Page) -> impl IntoView {
    let Page { checks, status, .. } = page;
    // As in `ExercisePanel`.
    let body = move || {
        if status.get() == Status::Running && page.check_run.get() {
            return Some(view! { <p class="muted small" role="status">"Checking…"</p> }.into_any());
        }
        let reqs = checks.get()?;
        let passed = !reqs.is_empty() && reqs.iter().all(|r| r.state == "pass");
        let held = reqs.iter().filter(|r| r.state == "pass").count();
        let total = reqs.len();
        Some(view! {
            <div class="check-result" data-testid="check-result" data-state=if passed { "pass" } else { "fail" } role="status">
                <p class="check-summary">
                    {if passed {
                        format!("All {total} requirements hold. Well done!")
                    } else {
                        format!("{held} of {total} requirements hold.")
                    }}
                </p>
                <ul class="requirements">
                    {reqs.into_iter().map(|r| {
                        let state = r.state.clone();
                        let mark = match state.as_str() { "pass" => "✓", "fail" => "✗", _ => "·" };
                        let at = r.at;
                        view! {
                            <li class=format!("req req-{state}") data-testid="requirement" data-state=state.clone()>
                                <span class="req-mark" aria-hidden="true">{mark}</span>
                                <span class="req-name">{inline_view(markdown::inlines(&r.name))}</span>
                                {(!r.detail.is_empty()).then(|| view! { <div class="req-detail">{r.detail.clone()}</div> }.into_any())}
                                {at.map(|t| view! {
                                    <button class="link req-at" data-testid="requirement-at"
                                        title="Show this moment on the timeline"
                                        on:click=on_mouse(move |_| page.scrub(Some((t.max(0.0) * 1e9) as u64)))>
                                        {format!("show t = {t:.2} s on the timeline")}
                                    </button>
                                }.into_any())}
                            </li>
                        }.into_any()
                    }).collect_view()}
                </ul>
            </div>
        }.into_any())
    };
    view! { {move || body()} }
}
