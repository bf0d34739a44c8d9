//! Python syntax highlighting for the editor's overlay: the source becomes
//! HTML, one `<span class="ln">` per line so lines can be marked (the
//! error's line, the selected task's line), with token classes for
//! keywords, builtins, strings, numbers, comments, decorators and names
//! being defined. The overlay sits under a transparent textarea, so the
//! text must come out character for character.

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield", "match", "case",
];

const BUILTINS: &[&str] = &[
    "print",
    "len",
    "range",
    "enumerate",
    "zip",
    "list",
    "dict",
    "set",
    "tuple",
    "str",
    "int",
    "float",
    "bool",
    "sum",
    "min",
    "max",
    "sorted",
    "reversed",
    "isinstance",
    "super",
    "type",
    "repr",
    "abs",
    "round",
    "any",
    "all",
    "map",
    "filter",
    "iter",
    "next",
    "getattr",
    "setattr",
    "hasattr",
    "object",
    "Exception",
    "ValueError",
    "TypeError",
    "KeyError",
    "RuntimeError",
    "TimeoutError",
    "BaseException",
    "self",
    "asyncio",
    "aiohttp",
];

/// Per-line marks: the error's line and the highlighted (selected) line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// 1-based line of the error, if any.
    pub error: Option<u32>,
    /// 1-based line to highlight, if any.
    pub selected: Option<u32>,
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

fn span(out: &mut String, class: &str, text: &str) {
    out.push_str("<span class=\"");
    out.push_str(class);
    out.push_str("\">");
    escape_into(out, text);
    out.push_str("</span>");
}

/// The tokenizer's state carried from one line to the next: inside a
/// triple-quoted string (and which quote closes it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Carry {
    Code,
    Triple(&'static str),
}

fn line_html(out: &mut String, line: &str, carry: &mut Carry) {
    let mut rest = line;
    let mut after_def = false;
    let mut at_start = true;
    while !rest.is_empty() {
        if let Carry::Triple(q) = *carry {
            match rest.find(q) {
                Some(i) => {
                    span(out, "t-str", &rest[..i + 3]);
                    rest = &rest[i + 3..];
                    *carry = Carry::Code;
                }
                None => {
                    span(out, "t-str", rest);
                    return;
                }
            }
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c == '#' {
            span(out, "t-com", rest);
            return;
        }
        if c == '@' && at_start {
            let end = rest[1..]
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '.'))
                .map_or(rest.len(), |i| i + 1);
            span(out, "t-dec", &rest[..end]);
            rest = &rest[end..];
            continue;
        }
        // String literals, with prefixes such as f, r, b, rb.
        let prefix_len = rest
            .char_indices()
            .take_while(|(i, ch)| *i < 2 && "rRbBfFuU".contains(*ch))
            .count();
        let after_prefix = &rest[prefix_len..];
        if after_prefix.starts_with('"') || after_prefix.starts_with('\'') {
            let is_word_start =
                prefix_len == 0 || !out.ends_with(|ch: char| ch.is_alphanumeric() || ch == '_');
            if is_word_start {
                for q in ["\"\"\"", "'''"] {
                    if after_prefix.starts_with(q) {
                        let body = &after_prefix[3..];
                        match body.find(q) {
                            Some(i) => {
                                let end = prefix_len + 3 + i + 3;
                                span(out, "t-str", &rest[..end]);
                                rest = &rest[end..];
                            }
                            None => {
                                span(out, "t-str", rest);
                                *carry = Carry::Triple(q);
                                return;
                            }
                        }
                        at_start = false;
                        break;
                    }
                }
                if *carry == Carry::Code
                    && (after_prefix.starts_with('"') || after_prefix.starts_with('\''))
                    && !after_prefix.starts_with("\"\"\"")
                    && !after_prefix.starts_with("'''")
                {
                    let quote = after_prefix.as_bytes()[0];
                    let bytes = after_prefix.as_bytes();
                    let mut i = 1;
                    while i < bytes.len() && bytes[i] != quote {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    let end = (prefix_len + i + 1).min(rest.len());
                    span(out, "t-str", &rest[..end]);
                    rest = &rest[end..];
                    at_start = false;
                }
                continue;
            }
        }
        if c.is_ascii_digit() {
            let end = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '.' || ch == '_'))
                .unwrap_or(rest.len());
            span(out, "t-num", &rest[..end]);
            rest = &rest[end..];
            at_start = false;
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let end = rest
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .unwrap_or(rest.len());
            let word = &rest[..end];
            if after_def {
                span(out, "t-def", word);
                after_def = false;
            } else if KEYWORDS.contains(&word) {
                span(out, "t-kw", word);
                after_def = word == "def" || word == "class";
            } else if BUILTINS.contains(&word) {
                span(out, "t-bi", word);
            } else {
                escape_into(out, word);
            }
            rest = &rest[end..];
            at_start = false;
            continue;
        }
        let len = c.len_utf8();
        if !c.is_whitespace() {
            at_start = false;
        }
        escape_into(out, &rest[..len]);
        rest = &rest[len..];
    }
}

/// The highlighted HTML of `source`: one `<span class="ln">` per line
/// (`ln err` / `ln sel` for marked lines), lines separated by `\n`, and a
/// trailing newline so the overlay is as tall as the textarea's content.
pub fn to_html(source: &str, marks: Marks) -> String {
    let mut out = String::with_capacity(source.len() * 2);
    let mut carry = Carry::Code;
    for (i, line) in source.split('\n').enumerate() {
        let n = i as u32 + 1;
        if i > 0 {
            out.push('\n');
        }
        let class = if marks.error == Some(n) {
            "ln err"
        } else if marks.selected == Some(n) {
            "ln sel"
        } else {
            "ln"
        };
        out.push_str("<span class=\"");
        out.push_str(class);
        out.push_str("\">");
        line_html(&mut out, line, &mut carry);
        out.push_str("</span>");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of the HTML, tags removed and entities decoded.
    fn text_of(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn the_overlay_keeps_every_character_of_the_source() {
        let src = "import asyncio\n\"\"\"doc\nstill doc\"\"\" x = 1\n@deco\nasync def main(a<b, c>d & e):\n    s = f'{a}' + 'it\\'s' # note\n    return 0x1F\n";
        assert_eq!(text_of(&to_html(src, Marks::default())), format!("{src}\n"));
    }

    #[test]
    fn tokens_get_their_classes() {
        let html = to_html(
            "async def main():\n    await x  # wait\n    print('hi', 3)",
            Marks::default(),
        );
        assert!(html.contains("<span class=\"t-kw\">async</span>"));
        assert!(html.contains("<span class=\"t-def\">main</span>"));
        assert!(html.contains("<span class=\"t-com\"># wait</span>"));
        assert!(html.contains("<span class=\"t-str\">'hi'</span>"));
        assert!(html.contains("<span class=\"t-num\">3</span>"));
        assert!(html.contains("<span class=\"t-bi\">print</span>"));
    }

    #[test]
    fn a_triple_quoted_string_spans_lines() {
        let html = to_html("x = '''a\nb\nc''' + 1", Marks::default());
        assert!(html.contains("<span class=\"ln\"><span class=\"t-str\">b</span></span>"));
        assert!(html.contains("<span class=\"t-num\">1</span>"));
    }

    #[test]
    fn marked_lines_get_their_class() {
        let html = to_html(
            "a\nb\nc",
            Marks {
                error: Some(2),
                selected: Some(3),
            },
        );
        assert!(html.contains("<span class=\"ln err\">b</span>"));
        assert!(html.contains("<span class=\"ln sel\">c</span>"));
    }
}
