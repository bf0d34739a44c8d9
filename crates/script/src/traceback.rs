//! Tracebacks as CPython prints them: the chain of causes and contexts,
//! exception groups drawn as a tree, each frame with its source line and
//! the `^~~~` markers under the failing expression, and the one-line
//! summary with a "Did you mean" suggestion; and `Interp::report_ignored`,
//! the "Exception ignored in" report of an error no one can catch.

use crate::{exc, ir, value};
use looplab_core::trace::Stream;
use std::rc::Rc;

/// Formats a traceback as CPython prints it, chained exceptions first
/// ("The above exception was the direct cause of the following
/// exception:" / "During handling of the above exception, another
/// exception occurred:"), each frame with its source line, and an
/// exception group as CPython's tree (`+-+---- 1 ----`, each
/// sub-exception's traceback in the margin).
pub fn traceback_with_source(e: &exc::Exc, filename: &str, source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::new();
    format_chain(e, filename, &lines, &mut out, 0, &mut TbCtx::default());
    out
}

/// A traceback without source lines.
pub fn traceback_text(e: &exc::Exc, filename: &str) -> String {
    traceback_with_source(e, filename, "")
}

/// Where a traceback is being written: how deep in exception groups (each
/// level indents two columns and draws a margin), and whether the last
/// group opened still needs its closing line (CPython's `_ExceptionPrintContext`).
#[derive(Default)]
struct TbCtx {
    group_depth: usize,
    need_close: bool,
}

impl TbCtx {
    fn indent(&self) -> String {
        " ".repeat(2 * self.group_depth)
    }

    /// Writes `text` (whole lines) indented, with a margin inside a group.
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        let mut prefix = self.indent();
        if self.group_depth > 0 {
            prefix.push(margin);
            prefix.push(' ');
        }
        for line in text.lines() {
            out.push_str(&prefix);
            out.push_str(line);
            out.push('\n');
        }
    }
}

/// The most sub-exceptions of a group CPython prints.
const MAX_GROUP_WIDTH: usize = 15;
/// The deepest nesting of groups CPython prints.
const MAX_GROUP_DEPTH: usize = 10;

fn format_chain(
    e: &exc::Exc,
    filename: &str,
    lines: &[&str],
    out: &mut String,
    depth: usize,
    ctx: &mut TbCtx,
) {
    if depth < 16 {
        let st = e.state();
        let cause = st.cause.borrow().clone();
        let context = st.context.borrow().clone();
        if let Some(c) = cause {
            format_chain(&c, filename, lines, out, depth + 1, ctx);
            ctx.emit(
                out,
                "\nThe above exception was the direct cause of the following exception:\n\n",
                '|',
            );
        } else if let (Some(c), false) = (context, st.suppress_context.get()) {
            format_chain(&c, filename, lines, out, depth + 1, ctx);
            ctx.emit(
                out,
                "\nDuring handling of the above exception, another exception occurred:\n\n",
                '|',
            );
        }
    }
    let frames = frames_text(e, filename, lines);
    let mut summary = summary_with_suggestion(e);
    // Notes added with add_note(), one a line under the message.
    if let Some(value::Value::List(notes)) = e.0.dict.borrow().get("__notes__") {
        for note in notes.borrow().iter() {
            summary.push('\n');
            match note {
                value::Value::Str(s) => summary.push_str(s),
                other => summary.push_str(&crate::format::repr_plain(other)),
            }
        }
    }
    let group = e.state().group.borrow().clone();
    let Some((_, children)) = group else {
        if !frames.is_empty() {
            ctx.emit(out, "Traceback (most recent call last):\n", '|');
            ctx.emit(out, &frames, '|');
        }
        ctx.emit(out, &summary, '|');
        return;
    };
    if ctx.group_depth >= MAX_GROUP_DEPTH {
        ctx.emit(
            out,
            &format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"),
            '|',
        );
        return;
    }
    let top = ctx.group_depth == 0;
    if top {
        ctx.group_depth += 1;
    }
    if !frames.is_empty() {
        ctx.emit(
            out,
            "Exception Group Traceback (most recent call last):\n",
            if top { '+' } else { '|' },
        );
        ctx.emit(out, &frames, '|');
    }
    ctx.emit(out, &e.summary(), '|');
    let shown = children.len().min(MAX_GROUP_WIDTH + 1);
    ctx.need_close = false;
    for (i, child) in children.iter().take(shown).enumerate() {
        let last = i + 1 == shown;
        if last {
            ctx.need_close = true;
        }
        let truncated = i >= MAX_GROUP_WIDTH;
        let title = if truncated {
            "...".to_string()
        } else {
            (i + 1).to_string()
        };
        out.push_str(&format!(
            "{}{}+---------------- {title} ----------------\n",
            ctx.indent(),
            if i == 0 { "+-" } else { "  " }
        ));
        ctx.group_depth += 1;
        if truncated {
            let more = children.len() - MAX_GROUP_WIDTH;
            ctx.emit(
                out,
                &format!(
                    "and {more} more exception{}\n",
                    if more > 1 { "s" } else { "" }
                ),
                '|',
            );
        } else {
            format_chain(child, filename, lines, out, 0, ctx);
        }
        if last && ctx.need_close {
            out.push_str(&format!(
                "{}+------------------------------------\n",
                ctx.indent()
            ));
            ctx.need_close = false;
        }
        ctx.group_depth -= 1;
    }
    if top {
        ctx.group_depth = 0;
    }
}

/// `NameError: name 'totl' is not defined. Did you mean: 'total'?`: an
/// exception's last traceback line, with CPython's suggestion when it has
/// one.
pub fn summary_with_suggestion(e: &exc::Exc) -> String {
    match e
        .state()
        .suggest
        .borrow()
        .as_ref()
        .and_then(|s| s.suggestion())
    {
        Some(name) => format!("{}. Did you mean: '{name}'?", e.summary()),
        None => e.summary(),
    }
}

/// An exception's frames as CPython lists them, outermost first: the
/// `File` line and the source line of each.
fn frames_text(e: &exc::Exc, filename: &str, lines: &[&str]) -> String {
    /// After this many identical entries in a row (a recursion), CPython
    /// prints one line counting the rest.
    const RECURSIVE_CUTOFF: usize = 3;
    fn repeated(out: &mut String, count: usize) {
        if count > RECURSIVE_CUTOFF {
            let more = count - RECURSIVE_CUTOFF;
            let s = if more > 1 { "s" } else { "" };
            out.push_str(&format!("  [Previous line repeated {more} more time{s}]\n"));
        }
    }
    let mut out = String::new();
    let mut last: Option<(u32, Rc<str>)> = None;
    let mut count = 0;
    for entry in e.state().traceback.borrow().iter().rev() {
        let here = (entry.pos.line, entry.name.clone());
        if last.as_ref() != Some(&here) {
            repeated(&mut out, count);
            last = Some(here);
            count = 0;
        }
        count += 1;
        if count > RECURSIVE_CUTOFF {
            continue;
        }
        // A library module written in Python is numbered in its own
        // source and shown under a path of its own.
        let (file, src) = match &entry.module {
            Some(m) => (m.path(), m.line(entry.pos.line)),
            None => (
                filename.to_string(),
                lines
                    .get(entry.pos.line.saturating_sub(1) as usize)
                    .copied(),
            ),
        };
        out.push_str(&format!(
            "  File \"{file}\", line {}, in {}\n",
            entry.pos.line, entry.name
        ));
        if let Some(src) = src {
            let t = src.trim();
            if !t.is_empty() {
                out.push_str(&format!("    {t}\n"));
                // Another non-program frame is numbered in a source not
                // at hand: no markers under a line that is not its.
                let m = if entry.main || entry.module.is_some() {
                    markers(src, entry.pos, entry.end)
                } else {
                    None
                };
                if let Some(m) = m {
                    out.push_str(&format!("    {m}\n"));
                }
            }
        }
    }
    repeated(&mut out, count);
    out
}

/// The line under a frame's source line that marks the failing
/// expression's columns, as CPython 3.11 draws it (without the indent):
/// `^` under the expression, or for a binary operation `~` under the
/// operands and `^` under the operator, for a subscript `~` under the
/// value and `^` under the brackets. `None` when the range is unknown or
/// covers the whole (stripped) line without operator marks. A range running
/// onto later lines is marked to the end of its first line, without
/// operator marks. A character East Asian scripts draw wide takes two
/// columns (and two marks); any other, a tab too, one.
fn markers(line: &str, start: ir::Pos, end: ir::Pos) -> Option<String> {
    if end.line == 0 || end.line < start.line {
        return None;
    }
    let chars: Vec<char> = line.trim_end().chars().collect();
    let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
    let from = (start.col as usize).saturating_sub(1).min(chars.len());
    let to = if end.line == start.line {
        (end.col as usize).saturating_sub(1).min(chars.len())
    } else {
        chars.len()
    };
    if to <= from {
        return None;
    }
    let segment: String = chars.get(from..to)?.iter().collect();
    let anchors = if end.line == start.line {
        operator_anchors(&segment)
    } else {
        None
    };
    if from <= lead && to >= chars.len() && anchors.is_none() {
        return None;
    }
    let width = |c: &char| {
        let c = *c as u32;
        if WIDE.iter().any(|&(a, b)| a <= c && c <= b) {
            2
        } else {
            1
        }
    };
    let pad: usize = chars
        .get(lead..from)
        .unwrap_or_default()
        .iter()
        .map(width)
        .sum();
    let mut m = " ".repeat(pad);
    for (i, c) in chars.get(from..to).unwrap_or_default().iter().enumerate() {
        let mark = match anchors {
            Some((a, b)) if i < a || i >= b => "~",
            _ => "^",
        };
        m.push_str(&mark.repeat(width(c)));
    }
    Some(m)
}

/// The characters drawn two columns wide (East Asian Wide and Fullwidth,
/// Unicode 14, as CPython 3.11's `unicodedata` has them; unassigned code
/// points between two such ranges are counted in).
const WIDE: [(u32, u32); 81] = [
    (0x1100, 0x115F),
    (0x231A, 0x231B),
    (0x2329, 0x232A),
    (0x23E9, 0x23EC),
    (0x23F0, 0x23F0),
    (0x23F3, 0x23F3),
    (0x25FD, 0x25FE),
    (0x2614, 0x2615),
    (0x2648, 0x2653),
    (0x267F, 0x267F),
    (0x2693, 0x2693),
    (0x26A1, 0x26A1),
    (0x26AA, 0x26AB),
    (0x26BD, 0x26BE),
    (0x26C4, 0x26C5),
    (0x26CE, 0x26CE),
    (0x26D4, 0x26D4),
    (0x26EA, 0x26EA),
    (0x26F2, 0x26F3),
    (0x26F5, 0x26F5),
    (0x26FA, 0x26FA),
    (0x26FD, 0x26FD),
    (0x2705, 0x2705),
    (0x270A, 0x270B),
    (0x2728, 0x2728),
    (0x274C, 0x274C),
    (0x274E, 0x274E),
    (0x2753, 0x2755),
    (0x2757, 0x2757),
    (0x2795, 0x2797),
    (0x27B0, 0x27B0),
    (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x2E80, 0x303E),
    (0x3041, 0x3247),
    (0x3250, 0x4DBF),
    (0x4E00, 0xA4C6),
    (0xA960, 0xA97C),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAD9),
    (0xFE10, 0xFE19),
    (0xFE30, 0xFE6B),
    (0xFF01, 0xFF60),
    (0xFFE0, 0xFFE6),
    (0x16FE0, 0x1B2FB),
    (0x1F004, 0x1F004),
    (0x1F0CF, 0x1F0CF),
    (0x1F18E, 0x1F18E),
    (0x1F191, 0x1F19A),
    (0x1F200, 0x1F320),
    (0x1F32D, 0x1F335),
    (0x1F337, 0x1F37C),
    (0x1F37E, 0x1F393),
    (0x1F3A0, 0x1F3CA),
    (0x1F3CF, 0x1F3D3),
    (0x1F3E0, 0x1F3F0),
    (0x1F3F4, 0x1F3F4),
    (0x1F3F8, 0x1F43E),
    (0x1F440, 0x1F440),
    (0x1F442, 0x1F4FC),
    (0x1F4FF, 0x1F53D),
    (0x1F54B, 0x1F54E),
    (0x1F550, 0x1F567),
    (0x1F57A, 0x1F57A),
    (0x1F595, 0x1F596),
    (0x1F5A4, 0x1F5A4),
    (0x1F5FB, 0x1F64F),
    (0x1F680, 0x1F6C5),
    (0x1F6CC, 0x1F6CC),
    (0x1F6D0, 0x1F6D2),
    (0x1F6D5, 0x1F6DF),
    (0x1F6EB, 0x1F6EC),
    (0x1F6F4, 0x1F6FC),
    (0x1F7E0, 0x1F7F0),
    (0x1F90C, 0x1F93A),
    (0x1F93C, 0x1F945),
    (0x1F947, 0x1F9FF),
    (0x1FA70, 0x1FAF6),
    (0x20000, 0x3134A),
];

/// Where the `^` marks go inside a binary operation's or a subscript's
/// source text (character offsets): the operator (one or two characters),
/// or the brackets to the end. `None` for other expressions.
fn operator_anchors(segment: &str) -> Option<(usize, usize)> {
    use ruff_python_ast::Expr as E;
    use ruff_text_size::Ranged;
    let parsed = ruff_python_parser::parse_expression(segment).ok()?;
    let chars: Vec<char> = segment.chars().collect();
    let at = |byte: ruff_text_size::TextSize| -> usize {
        segment
            .get(..byte.to_usize())
            .map_or(0, |s| s.chars().count())
    };
    // Past the left part: skip blanks and the closing brackets of a
    // parenthesised operand.
    let skip = |mut i: usize| {
        while chars.get(i).is_some_and(|c| c.is_whitespace() || *c == ')') {
            i += 1;
        }
        i
    };
    match parsed.expr() {
        E::BinOp(b) => {
            let op = skip(at(b.left.end()));
            let right = at(b.right.start());
            let mut stop = op + 1;
            if stop < right && chars.get(stop).is_some_and(|c| !c.is_whitespace()) {
                stop += 1;
            }
            Some((op, stop))
        }
        E::Subscript(s) => Some((skip(at(s.value.end())), chars.len())),
        _ => None,
    }
}

impl crate::interp::Interp {
    /// CPython's report of an exception nobody can catch (raised while
    /// finalising `what`), on stderr: `sys.unraisablehook`'s, which shows
    /// the exception's own traceback without its chain.
    pub(crate) fn report_ignored(&self, what: &value::Value, e: &exc::Exc) {
        let shown = self.repr(what).unwrap_or_else(|_| "<object>".into());
        e.state().context.borrow_mut().take();
        e.state().cause.borrow_mut().take();
        let tb = traceback_with_source(e, &self.filename, &self.source());
        self.write(
            Stream::Stderr,
            &format!("Exception ignored in: {shown}\n{tb}"),
        );
    }
}
