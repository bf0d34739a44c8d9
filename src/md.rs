//! Markdown (an exercise's statement and hints) as Leptos elements: no
//! HTML is parsed, so the text stays text.

use leptos::prelude::*;
use looplab_exercise::markdown::{self, Block, Inline};

/// Inline runs as elements.
pub fn inline_view(runs: Vec<Inline>) -> impl IntoView {
    runs.into_iter()
        .map(|r| match r {
            Inline::Text(t) => view! { <span>{t}</span> }.into_any(),
            Inline::Code(t) => view! { <code>{t}</code> }.into_any(),
            Inline::Strong(t) => view! { <strong>{t}</strong> }.into_any(),
            Inline::Emph(t) => view! { <em>{t}</em> }.into_any(),
        })
        .collect_view()
}

/// Markdown as elements.
pub fn markdown_view(text: &str) -> impl IntoView {
    markdown::parse(text)
        .into_iter()
        .map(|b| match b {
            Block::Para(runs) => view! { <p>{inline_view(runs)}</p> }.into_any(),
            Block::Heading(_, runs) => view! { <h4>{inline_view(runs)}</h4> }.into_any(),
            Block::List { ordered, items } => {
                let items = items
                    .into_iter()
                    .map(|i| view! { <li>{inline_view(i)}</li> }.into_any())
                    .collect_view();
                if ordered {
                    view! { <ol>{items}</ol> }.into_any()
                } else {
                    view! { <ul>{items}</ul> }.into_any()
                }
            }
            Block::Code(_, code) => view! { <pre class="md-code">{code}</pre> }.into_any(),
        })
        .collect_view()
}
