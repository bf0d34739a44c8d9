//! The output panel: what the program printed, with times, a line count
//! and a Copy button; long outputs are drawn only where scrolled to.

use super::state::{with_model, Page};
use super::{effect, on_event, on_mouse, slots};
use crate::rows;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Height of an output line, in pixels (must match the CSS).
const LINE_H: f64 = 19.0;
/// Outputs up to this many lines are drawn whole; longer ones only where
/// they are scrolled to.
const WHOLE: usize = 400;
/// Lines drawn beyond the visible ones.
const OVERSCAN: usize = 24;

/// The output panel.
#[component]
pub fn Output(page: Page) -> impl IntoView {
    let rev = page.rev;
    let scroll = RwSignal::new(0.0_f64);
    let follow = RwSignal::new(true);
    let output_ref = NodeRef::<leptos::html::Div>::new();
    let counts = move || {
        rev.get();
        with_model(|m| (m.output().len(), m.output_total()))
    };
    // New output scrolls into view unless the reader scrolled up. Only
    // when lines were added: scrolling forces a layout, which must not
    // happen every frame of a run that prints nothing.
    let last = std::cell::Cell::new(None);
    effect(move || {
        let (_, total) = counts();
        if last.replace(Some(total)) != Some(total) && follow.get_untracked() {
            if let Some(el) = output_ref.get_untracked() {
                // Past the end: the browser clamps it (no layout read here).
                el.set_scroll_top(i32::MAX);
            }
        }
    });
    let copy = move || {
        let text = with_model(rows::output_text);
        let _ = window().navigator().clipboard().write_text(&text);
    };
    let on_scroll = move |ev: leptos::ev::Event| {
        if let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let top = el.scroll_top() as f64;
            scroll.set(top);
            follow.set(top + el.client_height() as f64 >= el.scroll_height() as f64 - LINE_H);
        }
    };
    // The lines in view: whether the output is windowed, and the lines.
    // Each line on screen is a slot that keeps its element while the run
    // goes on; a frame writes only what changed in it.
    let shown = Memo::new(move |_| {
        let (kept, _) = counts();
        let t = page.at();
        let windowed = kept > WHOLE;
        let (first, count) = if windowed {
            let first = ((scroll.get() / LINE_H) as usize).saturating_sub(OVERSCAN);
            (first, (400.0 / LINE_H) as usize + 2 * OVERSCAN)
        } else {
            (0, kept)
        };
        (
            windowed,
            with_model(|m| rows::output_lines(m, t, first, count)),
        )
    });
    let lines_style = move || {
        shown
            .with(|(windowed, _)| *windowed)
            .then(|| format!("position:relative;height:{}px", counts().0 as f64 * LINE_H))
    };
    view! {
        <div class="output-box">
            <div class="output-head">
                <h3>"Output"</h3>
                <span class="muted small" data-testid="output-count">{move || {
                    let (kept, total) = counts();
                    rows::output_count(kept, total)
                }}</span>
                <button class="link small" on:click=on_mouse(move |_| copy()) title="Copy what the program printed (without the times)">"Copy"</button>
            </div>
            <div class="output" data-testid="output" aria-live="polite" aria-label="Output" tabindex="0"
                node_ref=output_ref on:scroll=on_event(on_scroll)>
                <div class="lines" style=lines_style>
                    {slots(move || shown.with(|(_, lines)| lines.len()), move |slot| output_slot(shown, slot))}
                </div>
            </div>
        </div>
    }
}

/// The output panel's lines in view (see [`Output`]).
type ShownLines = Memo<(bool, Vec<rows::OutLine>)>;

/// Slot `slot` of the output panel: its line, read when it changes.
fn output_slot(shown: ShownLines, slot: usize) -> AnyView {
    // The slot's line, and whether the output is windowed: its parts
    // rerun only when these changed.
    let line =
        Memo::new(move |_| shown.with(|(windowed, lines)| (*windowed, lines.get(slot).cloned())));
    let field = move |f: fn(&rows::OutLine) -> String| {
        move || line.with(|(_, l)| l.as_ref().map(f).unwrap_or_default())
    };
    let flag =
        move |f: fn(&rows::OutLine) -> bool| move || line.with(|(_, l)| l.as_ref().is_some_and(f));
    let style = move || {
        line.with(|(windowed, l)| match l {
            Some(l) if *windowed => Some(format!(
                "position:absolute;left:0;right:0;top:{}px",
                l.index as f64 * LINE_H
            )),
            _ => None,
        })
    };
    view! {
        <div class="line" class:stderr=flag(|l| l.stderr) class:future=flag(|l| l.future)
            title=field(|l| l.task.clone()) style=style data-t=field(|l| l.time.clone())>
            <span class="txt">{field(|l| l.text.clone())}</span>
        </div>
    }
    .into_any()
}
