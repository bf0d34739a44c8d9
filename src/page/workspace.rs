//! The tabs about what a run did outside the loop: a test run's results,
//! the workspace's files, and the databases.

use super::state::{download_bytes, with_model, Page};
use super::{on_event, on_mouse};
use crate::rows;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A test run's results: one row per test, its details on click.
#[component]
pub fn TestsPanel(page: Page) -> impl IntoView {
    let Page {
        tests, test_run, ..
    } = page;
    let open = RwSignal::new(None::<usize>);
    view! {
        <div class="tests" data-testid="tests">
            {move || {
                let list = tests.get();
                if list.is_empty() {
                    let hint = if test_run.get() && page.running() {
                        "Running the tests…"
                    } else {
                        "No test run yet. A program that defines test_… functions gets a \"Run tests\" button: each test runs on a fresh event loop, with pytest's fixtures, marks and report."
                    };
                    return view! { <p class="muted small">{hint}</p> }.into_any();
                }
                let count = |o: &str| list.iter().filter(|t| t.outcome == o).count();
                let summary = [("failed", count("failed")), ("passed", count("passed")), ("error", count("error")), ("skipped", count("skipped")), ("xfailed", count("xfailed"))]
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(w, n)| format!("{n} {w}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                view! {
                    <p class="small" data-testid="tests-summary">{summary}</p>
                    <ul class="test-list">
                        {list.into_iter().enumerate().map(|(i, t)| {
                            let has_details = !t.details.is_empty();
                            let outcome = t.outcome.clone();
                            let name = t.id.split("::").skip(1).collect::<Vec<_>>().join("::");
                            let task_name = name.clone();
                            view! {
                                <li class=format!("test t-{}", outcome.replace('+', "-")) data-testid="test-row">
                                    <button class="test-head" disabled=!has_details aria-expanded=move || (open.get() == Some(i)).to_string()
                                        on:click=on_mouse(move |_| open.update(|o| *o = if *o == Some(i) { None } else { Some(i) }))>
                                        <span class="test-outcome">{outcome.to_ascii_uppercase()}</span>
                                        <span class="test-name">{name}</span>
                                        <span class="muted small">{t.summary.clone()}</span>
                                    </button>
                                    <button class="link small" data-testid="test-tasks" title="Select this test's task in the timeline and the task table"
                                        on:click=on_mouse(move |_| page.show_task_named(&task_name))>"tasks"</button>
                                    {move || (open.get() == Some(i)).then(|| view! { <pre class="test-details">{t.details.clone()}</pre> }.into_any())}
                                </li>
                            }.into_any()
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

/// The workspace's files after the run: open, download, upload, delete,
/// and whether runs keep them.
#[component]
pub fn FilesPanel(page: Page) -> impl IntoView {
    let Page {
        files, keep_files, ..
    } = page;
    let shown = RwSignal::new(None::<String>);
    let upload = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else { return };
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let name = file.name();
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(buf) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await
                else {
                    page.banner
                        .set(Some((true, format!("Could not read {name}."))));
                    return;
                };
                let data = js_sys::Uint8Array::new(&buf).to_vec();
                page.put_file(name, data);
            });
        }
        input.set_value("");
    };
    view! {
        <div class="files" data-testid="files">
            <div class="files-bar small">
                <label class="ctl" title="Start each run from the files the last run left (kept across visits), instead of the demo files">
                    <input type="checkbox" data-testid="keep-files" prop:checked=move || keep_files.get()
                        on:change=on_event(move |ev| page.set_keep_files(event_target_checked(&ev))) />
                    " Keep files and databases between runs"
                </label>
                <label class="button-like" title="Add files to the workspace">"Upload…"
                    <input type="file" multiple class="visually-hidden" on:change=on_event(upload) /></label>
                <button on:click=on_mouse(move |_| { shown.set(None); page.reset_workspace(); }) title="Back to the demo files">"Reset"</button>
            </div>
            {move || {
                let list = files.get();
                if list.is_empty() {
                    return view! { <p class="muted small">"Run a program to see its workspace: app.log, notes.txt and data/orders-*.csv to start with. open(), aiofiles and os work on these files."</p> }.into_any();
                }
                view! {
                    <ul class="file-list">
                        {list.into_iter().map(|f| {
                            let path = f.path.clone();
                            let is_dir = path.ends_with('/');
                            let size = rows::fmt_bytes(f.data.len());
                            let (p_open, p_del, p_down) = (path.clone(), path.clone(), path.clone());
                            let data = f.data.clone();
                            view! {
                                <li data-testid="file-row">
                                    <button class="link file-name" disabled=is_dir on:click=on_mouse(move |_| shown.set(Some(p_open.clone())))>{path.clone()}</button>
                                    <span class="muted small">{if is_dir { String::new() } else { size }}</span>
                                    <button class="link small" disabled=is_dir title="Download"
                                        on:click=on_mouse(move |_| download_bytes(p_down.rsplit('/').next().unwrap_or("file"), &data))>"download"</button>
                                    <button class="link small" title="Delete" on:click=on_mouse(move |_| page.delete_file(&p_del))>"delete"</button>
                                </li>
                            }.into_any()
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {move || shown.get().map(|path| {
                let content = files.with(|fs| fs.iter().find(|f| f.path == path).map(|f| match rows::file_text(&f.data) {
                    Some(t) => t.to_string(),
                    None => format!("({} of binary data: download it to look inside)", rows::fmt_bytes(f.data.len())),
                }));
                view! {
                    <div class="file-view">
                        <div class="small"><strong>{path.clone()}</strong>" "<button class="link small" on:click=on_mouse(move |_| shown.set(None))>"close"</button></div>
                        <pre data-testid="file-content">{content.unwrap_or_else(|| "(deleted)".into())}</pre>
                    </div>
                }
                .into_any()
            })}
        </div>
    }
}

/// The databases after the run: tables with their columns and first rows,
/// and the last queries.
#[component]
pub fn DatabasePanel(page: Page) -> impl IntoView {
    let Page { databases, rev, .. } = page;
    view! {
        <div class="database" data-testid="database">
            {move || {
                let tables = rows::tables(&databases.get());
                if tables.is_empty() {
                    return view! { <p class="muted small">"No database yet. asyncpg.connect() opens the demo database (users, posts, comments: the mock API's data); database=\"name\" opens another, empty one. Its engine (SQLite) loads the first time a program imports asyncpg."</p> }.into_any();
                }
                tables.into_iter().map(|t| view! {
                    <details class="db-table" data-testid="db-table">
                        <summary><strong>{format!("{}.{}", t.db, t.name)}</strong>" "<span class="muted small">{format!("{} rows · {}", t.rows, t.columns.join(", "))}</span></summary>
                        <div class="db-rows">
                            <table class="small">
                                <thead><tr>{t.sample_columns.iter().map(|c| view! { <th>{c.clone()}</th> }.into_any()).collect_view()}</tr></thead>
                                <tbody>{t.sample.iter().map(|r| view! { <tr>{r.iter().map(|v| view! { <td>{v.clone()}</td> }.into_any()).collect_view()}</tr> }.into_any()).collect_view()}</tbody>
                            </table>
                            {(t.rows as usize > t.sample.len()).then(|| view! { <p class="muted small">{format!("first {} of {} rows", t.sample.len(), t.rows)}</p> }.into_any())}
                        </div>
                    </details>
                }.into_any()).collect_view().into_any()
            }}
            <h3 class="small">"Last queries"</h3>
            <ul class="queries small">
                {move || {
                    rev.get();
                    let q = with_model(|m| rows::db_queries(m, 20));
                    if q.is_empty() {
                        return view! { <li class="muted">"None in this run."</li> }.into_any();
                    }
                    q.into_iter().map(|(at, task, text)| view! {
                        <li><span class="t">{rows::fmt_secs(at)}</span><span class="muted">{task}</span>" "<code>{text}</code></li>
                    }.into_any()).collect_view().into_any()
                }}
            </ul>
        </div>
    }
}
