//! The code column's top: the editor (CodeMirror once loaded, a
//! highlighted textarea until then), the knobs, and the error of the last
//! run.

use super::state::{Page, Status};
use super::{effect, on_event, on_keys, on_mouse};
use crate::code_editor::{self, CodeEditor};
use crate::highlight;
use leptos::prelude::*;
use looplab_script::knobs::{knobs, with_knobs};
use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    /// The CodeMirror editor, once mounted.
    static CODE_EDITOR: RefCell<Option<CodeEditor>> = const { RefCell::new(None) };
}

fn with_editor(f: impl FnOnce(&CodeEditor)) {
    CODE_EDITOR.with(|c| {
        if let Some(ed) = c.borrow().as_ref() {
            f(ed);
        }
    });
}

/// The editor, the knobs and the error.
#[component]
pub fn Code(page: Page) -> impl IntoView {
    let Page { source, error, .. } = page;
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
            move || page.start_run(),
            move || {
                let stop = page.status.get_untracked() == Status::Running;
                if stop {
                    page.stop_run();
                }
                stop
            },
        );
        if let Some(ed) = ed {
            CODE_EDITOR.with(|c| *c.borrow_mut() = Some(ed));
            cm_ready.set(true);
        }
    };
    effect(move || {
        if cm_ref.get().is_some() {
            code_editor::when_ready(mount_editor);
            code_editor::load();
        }
    });
    // Text set by the page (an example, a knob) goes into the editor.
    effect(move || {
        let text = source.get();
        if cm_ready.get() {
            with_editor(|ed| ed.set_doc(&text));
        }
    });
    // The marks change rarely, the moment they depend on every frame of a
    // run: the editor hears of them only when they change (each call is an
    // editor transaction, with a layout read in the next frame).
    let marks = Memo::new(move |_| page.marks());
    effect(move || {
        let m = marks.get();
        let message = error.get().map(|e| e.inline).unwrap_or_default();
        if cm_ready.get() {
            with_editor(|ed| ed.set_marks(m.error, &message, m.selected));
        }
    });
    view! {
        <div class="editor" data-testid="editor" data-editor=move || if cm_ready.get() { "codemirror" } else { "plain" }>
            <div class="cm-host" node_ref=cm_ref class:hidden=move || !cm_ready.get()></div>
            // `cm_ready` goes from false to true once, so this is built
            // once and dropped once, as a `<Show>` would.
            {move || (!cm_ready.get()).then(|| view! { <PlainEditor page=page /> }.into_any())}
        </div>
        <Knobs page=page />
        {move || error.get().map(|e| view! {
            <div class="error" data-testid="error" role="alert">
                <strong>{e.title}</strong>
                {e.line.map(|l| view! { <span class="muted">{format!(" (line {l})")}</span> }.into_any())}
                <pre>{traceback_view(e.detail, error)}</pre>
            </div>
        }.into_any())}
    }
}

/// An error's text, each traceback line of the program a link that marks
/// (and scrolls the editor to) its line.
fn traceback_view(
    detail: String,
    error: RwSignal<Option<super::state::ErrorView>>,
) -> impl IntoView {
    detail
        .lines()
        .map(|l| {
            let text = format!("{l}\n");
            match looplab_protocol::frame_line(l) {
                Some(n) => view! {
                    <button class="link tb-line" data-testid="traceback-line"
                        title=format!("Show line {n} in the editor")
                        on:click=on_mouse(move |_| error.update(|e| if let Some(e) = e { e.line = Some(n) }))>
                        {text}
                    </button>
                }
                .into_any(),
                None => view! { <span>{text}</span> }.into_any(),
            }
        })
        .collect_view()
}

/// A textarea under a highlighted copy of its text, with line numbers:
/// what the page edits with until CodeMirror has loaded (or if it fails
/// to).
#[component]
fn PlainEditor(page: Page) -> impl IntoView {
    let source = page.source;
    let gutter_ref = NodeRef::<leptos::html::Div>::new();
    let overlay_ref = NodeRef::<leptos::html::Pre>::new();
    let on_scroll = move |ev: web_sys::Event| {
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
    view! {
        <div class="gutter" node_ref=gutter_ref aria-hidden="true">
            {move || {
                let m = page.marks();
                (1..=source.get().split('\n').count()).map(|n| {
                    let class = if m.error == Some(n as u32) { "gl err" } else if m.selected == Some(n as u32) { "gl sel" } else { "gl" };
                    view! { <div class=class>{n}</div> }.into_any()
                }).collect_view().into_any()
            }}
        </div>
        <div class="edit-area">
            <pre class="overlay" node_ref=overlay_ref aria-hidden="true"
                inner_html=move || highlight::to_html(&source.get(), page.marks())></pre>
            <textarea spellcheck="false" autocapitalize="off" autocomplete="off"
                aria-label="Program (Python)" wrap="off"
                prop:value=move || source.get()
                on:input=on_event(move |ev| source.set(event_target_value(&ev)))
                on:scroll=on_event(on_scroll)
                on:keydown=on_keys(move |ev| indent_with_tab(&ev, source))></textarea>
        </div>
    }
}

/// Tab indents by four spaces, Shift+Tab dedents the line.
fn indent_with_tab(ev: &web_sys::KeyboardEvent, source: RwSignal<String>) {
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
        let value = ta.value();
        let units: Vec<u16> = value.encode_utf16().collect();
        let mut line_start = (start as usize).min(units.len());
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
}

/// A slider per top-level `UPPER_CASE = number`: moving one rewrites the
/// number in the program and reruns.
#[component]
fn Knobs(page: Page) -> impl IntoView {
    let source = page.source;
    let list = move || knobs(&source.get());
    view! {
        <div class="knobs" class:empty=move || list().is_empty()>
            {move || list().into_iter().map(|k| {
                let (min, max, step) = k.range();
                let name = k.name.clone();
                let shown = k.format(k.value);
                let on_input = move |ev: leptos::ev::Event| {
                    let v: f64 = event_target_value(&ev).parse().unwrap_or(0.0);
                    source.update(|s| *s = with_knobs(s, &[(name.clone(), v)]));
                    page.schedule_rerun();
                };
                view! {
                    <label class="knob">
                        <span class="knob-name">{k.name.clone()}</span>
                        <input type="range" min=min max=max step=step prop:value=k.value on:input=on_event(on_input) />
                        <span class="knob-value">{shown}</span>
                    </label>
                }.into_any()
            }).collect_view().into_any()}
        </div>
    }
}
