//! The Markdown an exercise's statement and hints are written in: a small
//! subset (paragraphs, `###` headings, lists, fenced code, `code`,
//! **strong**, *emphasis*), parsed into blocks a page renders without
//! touching HTML.

/// A run of inline text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// `code`.
    Code(String),
    /// **strong**.
    Strong(String),
    /// *emphasis*.
    Emph(String),
}

/// A block of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph.
    Para(Vec<Inline>),
    /// A heading (`###` is level 3).
    Heading(u8, Vec<Inline>),
    /// A list; each item is its text.
    List {
        /// Numbered (`1.`) or bulleted (`-`, `*`).
        ordered: bool,
        /// The items.
        items: Vec<Vec<Inline>>,
    },
    /// A fenced code block: its language and text.
    Code(String, String),
}

/// Parses `text` into blocks.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Option<(bool, Vec<String>)> = None;
    let mut lines = text.lines().peekable();
    let flush_para = |para: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(Block::Para(inlines(&para.join(" "))));
            para.clear();
        }
    };
    let flush_list = |list: &mut Option<(bool, Vec<String>)>, blocks: &mut Vec<Block>| {
        if let Some((ordered, items)) = list.take() {
            blocks.push(Block::List {
                ordered,
                items: items.iter().map(|i| inlines(i)).collect(),
            });
        }
    };
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if let Some(lang) = trimmed.strip_prefix("```") {
            flush_para(&mut para, &mut blocks);
            flush_list(&mut list, &mut blocks);
            let mut code = String::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                code.push_str(l);
                code.push('\n');
            }
            blocks.push(Block::Code(lang.trim().to_string(), code));
            continue;
        }
        if trimmed.is_empty() {
            flush_para(&mut para, &mut blocks);
            // A blank line inside a list ends it unless an item follows.
            let next_is_item = lines.peek().is_some_and(|n| item_start(n).is_some());
            if !next_is_item {
                flush_list(&mut list, &mut blocks);
            }
            continue;
        }
        if let Some(rest) = heading(trimmed) {
            flush_para(&mut para, &mut blocks);
            flush_list(&mut list, &mut blocks);
            blocks.push(Block::Heading(rest.0, inlines(rest.1)));
            continue;
        }
        if let Some((ordered, rest)) = item_start(line) {
            flush_para(&mut para, &mut blocks);
            match &mut list {
                Some((o, items)) if *o == ordered => items.push(rest.to_string()),
                _ => {
                    flush_list(&mut list, &mut blocks);
                    list = Some((ordered, vec![rest.to_string()]));
                }
            }
            continue;
        }
        if let Some((_, items)) = &mut list {
            if line.starts_with(' ') {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(trimmed);
                    continue;
                }
            }
            flush_list(&mut list, &mut blocks);
        }
        para.push(trimmed);
    }
    flush_para(&mut para, &mut blocks);
    flush_list(&mut list, &mut blocks);
    blocks
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        Some((hashes as u8, line[hashes..].trim()))
    } else {
        None
    }
}

/// `- text`, `* text` or `12. text` at the start of a line.
fn item_start(line: &str) -> Option<(bool, &str)> {
    if line.starts_with(' ') {
        return None;
    }
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some((false, rest.trim()));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = line[digits..].strip_prefix(". ") {
            return Some((true, rest.trim()));
        }
    }
    None
}

/// Splits a paragraph's text into inline runs.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let (marker, make): (&str, fn(String) -> Inline) = if rest.starts_with("**") {
            ("**", Inline::Strong)
        } else if c == '`' {
            ("`", Inline::Code)
        } else if c == '*' {
            ("*", Inline::Emph)
        } else {
            plain.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        let body = &rest[marker.len()..];
        match body.find(marker) {
            Some(end) if end > 0 => {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                out.push(make(body[..end].to_string()));
                rest = &body[end + marker.len()..];
            }
            _ => {
                plain.push_str(marker);
                rest = body;
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

/// The text of inline runs without their marks.
pub fn plain(runs: &[Inline]) -> String {
    runs.iter()
        .map(|r| match r {
            Inline::Text(t) | Inline::Code(t) | Inline::Strong(t) | Inline::Emph(t) => t.as_str(),
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_code_and_inline_marks() {
        let doc = "Fetch **every** URL with `session.get(url)`.\nSecond line.\n\n- one\n- two\n  continued\n\n1. first\n2. second\n\n```python\nx = 1\n```\n### Note\n*mind* the gap";
        let blocks = parse(doc);
        assert_eq!(
            blocks[0],
            Block::Para(vec![
                Inline::Text("Fetch ".into()),
                Inline::Strong("every".into()),
                Inline::Text(" URL with ".into()),
                Inline::Code("session.get(url)".into()),
                Inline::Text(". Second line.".into()),
            ])
        );
        assert_eq!(
            blocks[1],
            Block::List {
                ordered: false,
                items: vec![
                    vec![Inline::Text("one".into())],
                    vec![Inline::Text("two continued".into())]
                ]
            }
        );
        assert!(matches!(&blocks[2], Block::List { ordered: true, items } if items.len() == 2));
        assert_eq!(blocks[3], Block::Code("python".into(), "x = 1\n".into()));
        assert_eq!(
            blocks[4],
            Block::Heading(3, vec![Inline::Text("Note".into())])
        );
        assert_eq!(
            blocks[5],
            Block::Para(vec![
                Inline::Emph("mind".into()),
                Inline::Text(" the gap".into())
            ])
        );
    }

    #[test]
    fn an_unclosed_mark_stays_text() {
        assert_eq!(
            inlines("2 * 3 = `6"),
            vec![Inline::Text("2 * 3 = `6".into())]
        );
        assert_eq!(plain(&inlines("a `b` **c**")), "a b c");
    }
}
