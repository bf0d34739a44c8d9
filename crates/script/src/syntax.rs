//! Syntax errors in CPython's words. The parser reports its own messages
//! ("Expected `:`, found newline"); learners read CPython's ("expected
//! ':'", "'(' was never closed", "invalid syntax. Perhaps you forgot a
//! comma?"), so the common ones are rewritten here, with CPython's line
//! and column where they differ (an unclosed bracket is reported where it
//! opens).

use crate::ir::Pos;

/// A syntax error as CPython reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyError {
    /// `SyntaxError` or `IndentationError`.
    pub kind: &'static str,
    /// The message, after the class.
    pub message: String,
    /// Where.
    pub pos: Pos,
}

/// What a scan of the brackets found.
enum Brackets {
    /// All matched.
    Balanced,
    /// A closing bracket with no opening one, or the wrong one (and
    /// where that one opened).
    Unmatched(char, Option<(char, Pos)>, Pos),
    /// An opening bracket still open at the end.
    NeverClosed(char, Pos),
    /// A string whose line ends before its closing quote.
    Unterminated(Pos),
    /// A triple-quoted string still open at the end.
    UnterminatedTriple(Pos),
}

/// Scans `text`'s brackets, skipping strings and comments.
fn scan(text: &str) -> Brackets {
    let mut stack: Vec<(char, Pos)> = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut col) = (1u32, 0u32);
    let mut quote: Option<(char, bool, Pos)> = None;
    while let Some(c) = chars.next() {
        col += 1;
        if c == '\n' {
            if let Some((_, false, at)) = quote {
                return Brackets::Unterminated(at);
            }
            line += 1;
            col = 0;
            continue;
        }
        if let Some((q, triple, _)) = quote {
            if c == '\\' {
                if chars.next() == Some('\n') {
                    line += 1;
                    col = 0;
                } else {
                    col += 1;
                }
            } else if c == q {
                if !triple {
                    quote = None;
                } else if chars.peek() == Some(&q) {
                    chars.next();
                    if chars.peek() == Some(&q) {
                        chars.next();
                        col += 2;
                        quote = None;
                    } else {
                        col += 1;
                    }
                }
            }
            continue;
        }
        match c {
            '#' => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        line += 1;
                        col = 0;
                        break;
                    }
                }
            }
            '\'' | '"' => {
                let at = Pos { line, col };
                let mut triple = false;
                if chars.peek() == Some(&c) {
                    chars.next();
                    col += 1;
                    if chars.peek() == Some(&c) {
                        chars.next();
                        col += 1;
                        triple = true;
                    } else {
                        // An empty string.
                        continue;
                    }
                }
                quote = Some((c, triple, at));
            }
            '(' | '[' | '{' => stack.push((c, Pos { line, col })),
            ')' | ']' | '}' => {
                let want = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match stack.pop() {
                    Some((open, _)) if open == want => {}
                    Some((open, at)) => {
                        return Brackets::Unmatched(c, Some((open, at)), Pos { line, col })
                    }
                    None => return Brackets::Unmatched(c, None, Pos { line, col }),
                }
            }
            _ => {}
        }
    }
    match (quote, stack.pop()) {
        (Some((_, true, at)), _) => Brackets::UnterminatedTriple(at),
        (Some((_, false, at)), _) => Brackets::Unterminated(at),
        (None, Some((open, pos))) => Brackets::NeverClosed(open, pos),
        (None, None) => Brackets::Balanced,
    }
}

fn before(a: Pos, b: Pos) -> bool {
    (a.line, a.col) <= (b.line, b.col)
}

/// The line `n` (1-based) of `text`.
fn line_of(text: &str, n: u32) -> &str {
    text.lines().nth(n.saturating_sub(1) as usize).unwrap_or("")
}

/// The parser's error `message` at `pos` in `text`, as CPython reports it.
pub fn cpython(text: &str, message: &str, pos: Pos) -> PyError {
    let syntax = |message: String, pos: Pos| PyError {
        kind: "SyntaxError",
        message,
        pos,
    };
    let indent = |message: String| PyError {
        kind: "IndentationError",
        message,
        pos,
    };
    // The tokenizer's errors come first in CPython.
    match scan(text) {
        Brackets::Unmatched(close, None, at) if before(at, pos) || at.line == pos.line => {
            return syntax(format!("unmatched '{close}'"), at)
        }
        Brackets::Unmatched(close, Some((open, opened)), at)
            if before(at, pos) || at.line == pos.line =>
        {
            let on = if opened.line == at.line {
                String::new()
            } else {
                format!(" on line {}", opened.line)
            };
            return syntax(
                format!(
                    "closing parenthesis '{close}' does not match opening parenthesis '{open}'{on}"
                ),
                at,
            );
        }
        Brackets::Unterminated(at) if before(at, pos) || at.line == pos.line => {
            return syntax(
                format!("unterminated string literal (detected at line {})", at.line),
                at,
            )
        }
        Brackets::UnterminatedTriple(at) => {
            let last = u32::try_from(text.lines().count()).unwrap_or(at.line);
            return syntax(
                format!("unterminated triple-quoted string literal (detected at line {last})"),
                at,
            );
        }
        // The parser ran past the line the bracket opened on.
        Brackets::NeverClosed(open, at) if at.line < pos.line => {
            return syntax(format!("'{open}' was never closed"), at)
        }
        _ => {}
    }
    if message.starts_with("Expected `:`, found `}`") {
        return syntax("':' expected after dictionary key".into(), pos);
    }
    if message.starts_with("Expected `:`") {
        return syntax("expected ':'".into(), pos);
    }
    if message.starts_with("Expected `,`, found") {
        return syntax("invalid syntax. Perhaps you forgot a comma?".into(), pos);
    }
    if message == "Unexpected indentation" {
        return indent("unexpected indent".into());
    }
    if message == "unindent does not match any outer indentation level" {
        return indent(message.into());
    }
    if let Some(what) = message.strip_prefix("Expected an indented block after ") {
        let what = what.replace('`', "'").replace(" clause", " statement");
        // The header the block belongs to: the last line before, with code.
        let header = (1..pos.line)
            .rev()
            .find(|&n| {
                let l = line_of(text, n).trim();
                !l.is_empty() && !l.starts_with('#')
            })
            .unwrap_or(pos.line);
        return indent(format!(
            "expected an indented block after {what} on line {header}"
        ));
    }
    if message.contains("missing closing quote in string literal") {
        return syntax(
            format!(
                "unterminated string literal (detected at line {})",
                pos.line
            ),
            pos,
        );
    }
    if message.contains("triple-quoted") || message.contains("Unterminated triple") {
        let last = u32::try_from(text.lines().count()).unwrap_or(pos.line);
        return syntax(
            format!("unterminated triple-quoted string literal (detected at line {last})"),
            pos,
        );
    }
    if message.starts_with("Expected `except` or `finally` after `try` block") {
        // At the end of the file CPython points at the last line.
        let lines = u32::try_from(text.lines().count()).unwrap_or(pos.line);
        let at = if pos.line > lines {
            Pos {
                line: lines.max(1),
                col: 1,
            }
        } else {
            pos
        };
        return syntax("expected 'except' or 'finally' block".into(), at);
    }
    if message == "Invalid assignment target" {
        let rest = line_of(text, pos.line)
            .chars()
            .skip(pos.col.saturating_sub(1) as usize)
            .collect::<String>();
        let target = rest.split('=').next().unwrap_or("").trim();
        let msg = if target.starts_with(|c: char| c.is_ascii_digit() || c == '"' || c == '\'') {
            "cannot assign to literal"
        } else if target.ends_with(')') {
            "cannot assign to function call here. Maybe you meant '==' instead of '='?"
        } else {
            "cannot assign to expression"
        };
        return syntax(msg.into(), pos);
    }
    if message == "Simple statements must be separated by newlines or semicolons" {
        let line = line_of(text, pos.line).trim_start();
        if line.starts_with("print ") {
            return syntax(
                "Missing parentheses in call to 'print'. Did you mean print(...)?".into(),
                pos,
            );
        }
        return syntax("invalid syntax".into(), pos);
    }
    if message == "Expected an expression"
        || message.starts_with("Expected a parameter")
        || message.starts_with("Expected an identifier")
        || message.starts_with("Expected a statement")
    {
        return syntax("invalid syntax".into(), pos);
    }
    syntax(message.to_string(), pos)
}
