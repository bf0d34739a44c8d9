//! `textwrap`: `wrap`, `fill`, `shorten`, `dedent`, `indent` and a
//! `TextWrapper` class, ported from CPython's `textwrap.py` (the same
//! chunking, including breaks after hyphens inside words, long-word
//! breaking, `max_lines` with its placeholder, and `drop_whitespace`).
//!
//! Left out: `fix_sentence_endings` (accepted, no effect), and em-dash
//! (`--`) chunking, which CPython's pattern treats specially.

use super::{func, make_module, method, new_class, recv, set_slot, slot};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::rc::Rc;

/// The `textwrap` module.
pub(super) fn module() -> Value {
    let wrapper_methods: &[(&str, BuiltinFn)] = &[
        ("__init__", |i, a| {
            let (this, a) = super::split_first(a);
            let p = super::params("TextWrapper", OPTION_NAMES, a)?;
            let opts = Opts::from_values(i, &p)?;
            for (n, v) in OPTION_NAMES.iter().zip(opts.values()) {
                set_slot(&this, n, v);
            }
            Ok(Value::None)
        }),
        ("wrap", |i, a| {
            let this = recv(&a)?;
            let opts = Opts::from_object(i, &this)?;
            let text = text_arg(a.pos.get(1), "wrap")?;
            Ok(lines_value(wrap(&opts, &text)?))
        }),
        ("fill", |i, a| {
            let this = recv(&a)?;
            let opts = Opts::from_object(i, &this)?;
            let text = text_arg(a.pos.get(1), "fill")?;
            Ok(Value::str(wrap(&opts, &text)?.join("\n")))
        }),
    ];
    let wrapper = new_class(
        "TextWrapper",
        "textwrap",
        None,
        wrapper_methods
            .iter()
            .map(|(n, f)| (*n, method(n, *f)))
            .collect(),
    );
    make_module(
        "textwrap",
        vec![
            ("TextWrapper", Value::Class(wrapper)),
            (
                "wrap",
                func("wrap", |i, a| {
                    let (text, opts) = text_and_opts(i, a, "wrap", 70)?;
                    Ok(lines_value(wrap(&opts, &text)?))
                }),
            ),
            (
                "fill",
                func("fill", |i, a| {
                    let (text, opts) = text_and_opts(i, a, "fill", 70)?;
                    Ok(Value::str(wrap(&opts, &text)?.join("\n")))
                }),
            ),
            (
                "shorten",
                func("shorten", |i, mut a| {
                    if !a.kw.iter().any(|(k, _)| &**k == "placeholder") {
                        a.kw.push(("placeholder".into(), Value::str(" [...]")));
                    }
                    if a.kw.iter().any(|(k, _)| &**k == "max_lines") {
                        return Err(Exc::type_error(
                            "shorten() got an unexpected keyword argument 'max_lines'",
                        ));
                    }
                    a.kw.push(("max_lines".into(), Value::Int(1)));
                    let (text, opts) = text_and_opts(i, a, "shorten", -1)?;
                    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    Ok(Value::str(wrap(&opts, &joined)?.join("\n")))
                }),
            ),
            (
                "dedent",
                func("dedent", |_, a| {
                    let text = text_arg(a.pos.first(), "dedent")?;
                    Ok(Value::str(dedent(&text)))
                }),
            ),
            (
                "indent",
                func("indent", |i, a| {
                    let p = super::params("indent", &["text", "prefix", "predicate"], a)?;
                    let text = text_arg(p[0].as_ref(), "indent")?;
                    let prefix = text_arg(p[1].as_ref(), "indent")?;
                    let mut out = String::new();
                    for line in crate::methods::split_lines(&text)
                        .into_iter()
                        .map(|(line, ending)| &text[line.start..ending.end])
                    {
                        let take = match &p[2] {
                            Some(pred) if !matches!(pred, Value::None) => {
                                let r = i.call(pred, Args::new(vec![Value::str(line)]))?;
                                i.truthy(&r)?
                            }
                            _ => !line.trim().is_empty(),
                        };
                        if take {
                            out.push_str(&prefix);
                        }
                        out.push_str(line);
                    }
                    Ok(Value::str(out))
                }),
            ),
        ],
    )
}

const OPTION_NAMES: &[&str] = &[
    "width",
    "initial_indent",
    "subsequent_indent",
    "expand_tabs",
    "replace_whitespace",
    "fix_sentence_endings",
    "break_long_words",
    "drop_whitespace",
    "break_on_hyphens",
    "tabsize",
    "max_lines",
    "placeholder",
];

struct Opts {
    width: i64,
    initial_indent: String,
    subsequent_indent: String,
    expand_tabs: bool,
    replace_whitespace: bool,
    fix_sentence_endings: bool,
    break_long_words: bool,
    drop_whitespace: bool,
    break_on_hyphens: bool,
    tabsize: i64,
    max_lines: Option<i64>,
    placeholder: String,
}

impl Opts {
    /// From values in `OPTION_NAMES` order (missing ones take the defaults).
    fn from_values(interp: &Interp, p: &[Option<Value>]) -> Result<Opts, Exc> {
        let get = |i: usize| p.get(i).cloned().flatten();
        let int = |i: usize, d: i64| -> Result<i64, Exc> {
            match get(i) {
                None => Ok(d),
                Some(v) => super::int_of(&v, ""),
            }
        };
        let text = |i: usize, d: &str| -> Result<String, Exc> {
            match get(i) {
                None => Ok(d.to_string()),
                Some(v) => interp.str(&v),
            }
        };
        let flag = |i: usize, d: bool| -> Result<bool, Exc> {
            match get(i) {
                None => Ok(d),
                Some(v) => interp.truthy(&v),
            }
        };
        Ok(Opts {
            width: int(0, 70)?,
            initial_indent: text(1, "")?,
            subsequent_indent: text(2, "")?,
            expand_tabs: flag(3, true)?,
            replace_whitespace: flag(4, true)?,
            fix_sentence_endings: flag(5, false)?,
            break_long_words: flag(6, true)?,
            drop_whitespace: flag(7, true)?,
            break_on_hyphens: flag(8, true)?,
            tabsize: int(9, 8)?,
            max_lines: match get(10) {
                None | Some(Value::None) => None,
                Some(v) => Some(super::int_of(&v, "")?),
            },
            placeholder: text(11, " [...]")?,
        })
    }

    fn from_object(interp: &Interp, this: &Value) -> Result<Opts, Exc> {
        let p: Vec<Option<Value>> = OPTION_NAMES.iter().map(|n| slot(this, n)).collect();
        Opts::from_values(interp, &p)
    }

    fn values(&self) -> Vec<Value> {
        vec![
            Value::Int(self.width),
            Value::str(self.initial_indent.as_str()),
            Value::str(self.subsequent_indent.as_str()),
            Value::Bool(self.expand_tabs),
            Value::Bool(self.replace_whitespace),
            Value::Bool(self.fix_sentence_endings),
            Value::Bool(self.break_long_words),
            Value::Bool(self.drop_whitespace),
            Value::Bool(self.break_on_hyphens),
            Value::Int(self.tabsize),
            self.max_lines.map_or(Value::None, Value::Int),
            Value::str(self.placeholder.as_str()),
        ]
    }
}

fn text_arg(v: Option<&Value>, fname: &str) -> Result<Rc<str>, Exc> {
    match v {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(other) => Err(Exc::attribute_error(format!(
            "'{}' object has no attribute 'expandtabs'",
            other.type_name()
        ))),
        None => Err(Exc::type_error(format!(
            "{fname}() missing 1 required positional argument: 'text'"
        ))),
    }
}

/// `f(text, width=..., **kwargs)`: the text and the wrapper's options.
fn text_and_opts(
    interp: &Interp,
    a: Args,
    fname: &str,
    default_width: i64,
) -> Result<(Rc<str>, Opts), Exc> {
    let mut a = a;
    if a.pos.len() > 2 {
        return Err(Exc::type_error(format!(
            "{fname}() takes from 1 to 2 positional arguments but {} were given",
            a.pos.len()
        )));
    }
    let text = match a.pos.first() {
        Some(_) => a.pos.remove(0),
        None => match a.take_kw("text") {
            Some(t) => t,
            None => {
                return Err(Exc::type_error(format!(
                    "{fname}() missing 1 required positional argument: 'text'"
                )))
            }
        },
    };
    let text = text_arg(Some(&text), fname)?;
    let mut p: Vec<Option<Value>> = vec![None; OPTION_NAMES.len()];
    if let Some(w) = a.pos.pop() {
        p[0] = Some(w);
    }
    for (k, v) in a.kw {
        match OPTION_NAMES.iter().position(|n| **n == *k) {
            Some(0) if p[0].is_some() => {
                return Err(Exc::type_error(format!(
                    "{fname}() got multiple values for argument 'width'"
                )))
            }
            Some(i) => p[i] = Some(v),
            None => {
                return Err(Exc::type_error(format!(
                    "TextWrapper.__init__() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    if p[0].is_none() {
        if default_width < 0 {
            return Err(Exc::type_error(format!(
                "{fname}() missing 1 required positional argument: 'width'"
            )));
        }
        p[0] = Some(Value::Int(default_width));
    }
    Ok((text, Opts::from_values(interp, &p)?))
}

fn lines_value(lines: Vec<String>) -> Value {
    Value::list(lines.into_iter().map(Value::str).collect())
}

fn len(s: &str) -> i64 {
    s.chars().count() as i64
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic()
}

/// Splits a run of non-space characters after hyphens that join words
/// (`well-known` gives `well-` and `known`).
fn split_word(w: &[char], hyphens: bool, out: &mut Vec<String>) {
    let mut start = 0;
    if hyphens {
        for i in 0..w.len() {
            if w[i] != '-' || i <= start {
                continue;
            }
            let two_letters = i >= 2 && is_letter(w[i - 1]) && is_letter(w[i - 2]);
            let letter_hyphen_letter =
                i >= 3 && is_letter(w[i - 1]) && w[i - 2] == '-' && is_letter(w[i - 3]);
            let after_ok = match (w.get(i + 1), w.get(i + 2), w.get(i + 3)) {
                (Some(a), Some('-'), Some(b)) => is_letter(*a) && is_letter(*b),
                (Some(a), Some(b), _) => is_letter(*a) && is_letter(*b),
                _ => false,
            };
            if (two_letters || letter_hyphen_letter) && after_ok {
                out.push(w[start..=i].iter().collect());
                start = i + 1;
            }
        }
    }
    if start < w.len() {
        out.push(w[start..].iter().collect());
    }
}

fn chunks(opts: &Opts, text: &str) -> Vec<String> {
    let mut text = if opts.expand_tabs {
        crate::methods::expand_tabs(text, opts.tabsize)
    } else {
        text.to_string()
    };
    if opts.replace_whitespace {
        text = text
            .chars()
            .map(|c| {
                if matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let ws = chars[i].is_whitespace();
        let mut j = i;
        while j < chars.len() && chars[j].is_whitespace() == ws {
            j += 1;
        }
        if ws {
            out.push(chars[i..j].iter().collect());
        } else {
            split_word(&chars[i..j], opts.break_on_hyphens, &mut out);
        }
        i = j;
    }
    out
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// CPython's `TextWrapper._wrap_chunks`.
fn wrap(opts: &Opts, text: &str) -> Result<Vec<String>, Exc> {
    if opts.width <= 0 {
        return Err(Exc::value_error(format!(
            "invalid width {} (must be > 0)",
            opts.width
        )));
    }
    if let Some(max) = opts.max_lines {
        let indent = if max > 1 {
            &opts.subsequent_indent
        } else {
            &opts.initial_indent
        };
        if len(indent) + len(opts.placeholder.trim_start()) > opts.width {
            return Err(Exc::value_error("placeholder too large for max width"));
        }
    }
    let mut chunks = chunks(opts, text);
    chunks.reverse();
    let mut lines: Vec<String> = Vec::new();
    while !chunks.is_empty() {
        let mut cur: Vec<String> = Vec::new();
        let mut cur_len = 0;
        let indent = if lines.is_empty() {
            &opts.initial_indent
        } else {
            &opts.subsequent_indent
        };
        let width = opts.width - len(indent);
        if opts.drop_whitespace && chunks.last().is_some_and(|c| is_blank(c)) && !lines.is_empty() {
            chunks.pop();
        }
        while let Some(c) = chunks.last() {
            let l = len(c);
            if cur_len + l <= width {
                cur_len += l;
                cur.extend(chunks.pop());
            } else {
                break;
            }
        }
        if chunks.last().is_some_and(|c| len(c) > width) {
            handle_long_word(opts, &mut chunks, &mut cur, cur_len, width);
            cur_len = cur.iter().map(|c| len(c)).sum();
        }
        if opts.drop_whitespace && cur.last().is_some_and(|c| is_blank(c)) {
            cur_len -= cur.last().map_or(0, |c| len(c));
            cur.pop();
        }
        if cur.is_empty() {
            continue;
        }
        let fits = match opts.max_lines {
            None => true,
            Some(max) => {
                (lines.len() as i64 + 1) < max
                    || ((chunks.is_empty()
                        || (opts.drop_whitespace && chunks.len() == 1 && is_blank(&chunks[0])))
                        && cur_len <= width)
            }
        };
        if fits {
            lines.push(format!("{indent}{}", cur.concat()));
            continue;
        }
        let ph = &opts.placeholder;
        loop {
            let Some(last) = cur.last() else {
                if let Some(prev) = lines.last_mut() {
                    let trimmed = prev.trim_end().to_string();
                    if len(&trimmed) + len(ph) <= opts.width {
                        *prev = format!("{trimmed}{ph}");
                        return Ok(lines);
                    }
                }
                lines.push(format!("{indent}{}", ph.trim_start()));
                break;
            };
            if !is_blank(last) && cur_len + len(ph) <= width {
                cur.push(ph.clone());
                lines.push(format!("{indent}{}", cur.concat()));
                break;
            }
            cur_len -= len(last);
            cur.pop();
        }
        break;
    }
    Ok(lines)
}

fn handle_long_word(
    opts: &Opts,
    chunks: &mut Vec<String>,
    cur: &mut Vec<String>,
    cur_len: i64,
    width: i64,
) {
    let space_left = if width < 1 { 1 } else { width - cur_len };
    let Some(chunk) = chunks.last_mut() else {
        return;
    };
    if opts.break_long_words {
        let chars: Vec<char> = chunk.chars().collect();
        let mut end = space_left.max(0) as usize;
        if opts.break_on_hyphens && chars.len() > end {
            if let Some(h) = chars[..end].iter().rposition(|c| *c == '-') {
                if h > 0 && chars[..h].iter().any(|c| *c != '-') {
                    end = h + 1;
                }
            }
        }
        let end = end.min(chars.len());
        cur.push(chars[..end].iter().collect());
        *chunk = chars[end..].iter().collect();
    } else if cur.is_empty() {
        cur.extend(chunks.pop());
    }
}

/// CPython's `textwrap.dedent`.
fn dedent(text: &str) -> String {
    // Lines of only spaces and tabs become empty.
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| {
            if !l.is_empty() && l.chars().all(|c| c == ' ' || c == '\t') {
                String::new()
            } else {
                l.to_string()
            }
        })
        .collect();
    let mut margin: Option<String> = None;
    for l in &lines {
        let indent: String = l.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        if indent.len() == l.len() {
            continue;
        }
        margin = Some(match margin {
            None => indent,
            Some(m) if indent.starts_with(&m) => m,
            Some(m) if m.starts_with(&indent) => indent,
            Some(m) => m
                .chars()
                .zip(indent.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    let margin = margin.unwrap_or_default();
    lines
        .iter()
        .map(|l| l.strip_prefix(margin.as_str()).unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn wraps_as_cpython() {
        // Expected output: CPython 3.11 on the same program.
        let src = "import textwrap\ns = 'The well-known quick brown-fox jumps over a supercalifragilistic dog, twice.'\nfor w in (8, 12, 20):\n    print(textwrap.wrap(s, w))\nprint(textwrap.fill(s, 30, initial_indent='* ', subsequent_indent='  '))\nprint(textwrap.wrap(s, 20, max_lines=2))\nprint(textwrap.shorten('Hello  world, how are you?', 12))\nprint(repr(textwrap.dedent('  a\\n    b\\n \\n  c')))\nprint(repr(textwrap.indent('x\\n\\ny\\n', '+ ', lambda l: True)))\nw = textwrap.TextWrapper(width=10, break_long_words=False)\nprint(w.wrap('tiny abcdefghijklmnop end'))\n";
        assert_eq!(run_py(src), "['The', 'well-', 'known', 'quick', 'brown-', 'fox', 'jumps', 'over a s', 'upercali', 'fragilis', 'tic dog,', 'twice.']\n['The well-', 'known quick', 'brown-fox', 'jumps over a', 'supercalifra', 'gilistic', 'dog, twice.']\n['The well-known quick', 'brown-fox jumps over', 'a', 'supercalifragilistic', 'dog, twice.']\n* The well-known quick brown-\n  fox jumps over a\n  supercalifragilistic dog,\n  twice.\n['The well-known quick', 'brown-fox [...]']\nHello [...]\n'a\\n  b\\n\\nc'\n'+ x\\n+ \\n+ y\\n'\n['tiny', 'abcdefghijklmnop', 'end']\n");
    }
}
