//! A lexer for PostgreSQL's SQL, just careful enough to rewrite it.
//!
//! It splits text into tokens without losing a byte: concatenating the
//! tokens' texts gives the input back. It knows what hides a `$` or a `;`
//! from the rewriter (string literals, quoted identifiers, comments,
//! dollar-quoted strings) and little else; operators are single characters
//! except `::`. Malformed input (an unterminated string or comment) never
//! fails here: the rest of the text becomes one token and SQLite reports it.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Spaces, tabs and newlines.
    Space,
    /// `-- to the end of the line` or `/* nested */`.
    Comment,
    /// A keyword or an unquoted identifier.
    Word,
    /// A `"quoted identifier"`.
    Quoted,
    /// A `'string'` (standard: a backslash is an ordinary character).
    String,
    /// An `E'escape string'`, where backslash escapes count.
    EscapeString,
    /// A `$tag$dollar-quoted string$tag$`.
    DollarString,
    /// A number: `42`, `3.5`, `1e-3`, `.5`.
    Number,
    /// A positional parameter: `$1`.
    Param,
    /// Anything else: one character, or `::`.
    Punct,
}

/// One token: its kind and its exact text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
}

impl Token<'_> {
    /// Whether it means something (not a space or a comment).
    pub fn is_significant(&self) -> bool {
        !matches!(self.kind, Kind::Space | Kind::Comment)
    }

    /// Whether it is the keyword `word` (any case).
    pub fn is_word(&self, word: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(word)
    }

    /// Whether it is the punctuation `p`.
    pub fn is_punct(&self, p: &str) -> bool {
        self.kind == Kind::Punct && self.text == p
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || !c.is_ascii()
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || !c.is_ascii()
}

/// Splits `sql` into tokens.
pub(crate) fn tokenize(sql: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut rest = sql;
    while !rest.is_empty() {
        let (kind, len) = next_token(rest);
        let len = len.clamp(1, rest.len());
        // Token lengths always fall on character boundaries; should one
        // not, take the whole remaining text rather than panic.
        let (text, tail) = match (rest.get(..len), rest.get(len..)) {
            (Some(text), Some(tail)) => (text, tail),
            _ => (rest, ""),
        };
        tokens.push(Token { kind, text });
        rest = tail;
    }
    tokens
}

/// The kind and byte length of the token at the start of `s` (not empty).
fn next_token(s: &str) -> (Kind, usize) {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return (Kind::Punct, 0);
    };
    let second = chars.next();
    match first {
        c if c.is_whitespace() => (Kind::Space, span_while(s, char::is_whitespace)),
        '-' if second == Some('-') => (Kind::Comment, s.find('\n').unwrap_or(s.len())),
        '/' if second == Some('*') => (Kind::Comment, block_comment_len(s)),
        '\'' => (Kind::String, quoted_len(s, '\'', false)),
        '"' => (Kind::Quoted, quoted_len(s, '"', false)),
        'e' | 'E' if second == Some('\'') => {
            (Kind::EscapeString, 1 + quoted_len(&s[1..], '\'', true))
        }
        '$' => dollar(s),
        ':' if second == Some(':') => (Kind::Punct, 2),
        c if c.is_ascii_digit() => (Kind::Number, number_len(s)),
        '.' if second.is_some_and(|c| c.is_ascii_digit()) => (Kind::Number, number_len(s)),
        c if is_ident_start(c) => (Kind::Word, span_while(s, is_ident_char)),
        c => (Kind::Punct, c.len_utf8()),
    }
}

/// Bytes at the start of `s` whose characters satisfy `f`.
fn span_while(s: &str, f: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .find(|&(_, c)| !f(c))
        .map_or(s.len(), |(i, _)| i)
}

/// `/* ... */`, nested as PostgreSQL nests them; unterminated: all of `s`.
fn block_comment_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    s.len()
}

/// A literal opened by `quote` at the start of `s`, where a doubled quote
/// stands for itself (and, if `backslash`, a backslash escapes the next
/// character). Unterminated: all of `s`.
fn quoted_len(s: &str, quote: char, backslash: bool) -> usize {
    let q = quote as u8;
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        let b = bytes[i];
        if backslash && b == b'\\' {
            i += 2;
        } else if b == q {
            if bytes.get(i + 1) == Some(&q) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    s.len()
}

fn number_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        while *i < bytes.len() && (bytes[*i].is_ascii_alphanumeric() || bytes[*i] == b'_') {
            // A letter other than an exponent ends the number unless it
            // follows `0x` and friends; SQLite then reports the token.
            if (bytes[*i] == b'e' || bytes[*i] == b'E')
                && matches!(bytes.get(*i + 1), Some(b'+' | b'-'))
                && !s.starts_with("0x")
                && !s.starts_with("0X")
            {
                *i += 2;
                continue;
            }
            *i += 1;
        }
    };
    digits(&mut i);
    if bytes.get(i) == Some(&b'.') && bytes.get(i + 1) != Some(&b'.') {
        i += 1;
        digits(&mut i);
    }
    i
}

/// `$1` (a parameter), `$tag$...$tag$` or `$$...$$` (a string), or a lone
/// `$`.
fn dollar(s: &str) -> (Kind, usize) {
    let after = &s[1..];
    let digits = span_while(after, |c| c.is_ascii_digit());
    if digits > 0 {
        return (Kind::Param, 1 + digits);
    }
    let tag_len = if after.starts_with(|c: char| is_ident_start(c)) {
        span_while(after, |c| is_ident_char(c) && c != '$')
    } else {
        0
    };
    if after[tag_len..].starts_with('$') {
        let tag = &s[..tag_len + 2];
        let body = &s[tag.len()..];
        let len = match body.find(tag) {
            Some(end) => tag.len() + end + tag.len(),
            None => s.len(),
        };
        return (Kind::DollarString, len);
    }
    (Kind::Punct, 1)
}

/// The text of a string token (`'...'`, `E'...'`, `$$...$$`), without its
/// quotes and with its escapes resolved. `None` if it is unterminated.
pub(crate) fn string_value(token: &Token<'_>) -> Option<String> {
    let t = token.text;
    match token.kind {
        Kind::String => {
            let inner = t.strip_prefix('\'')?.strip_suffix('\'')?;
            (t.len() >= 2).then(|| inner.replace("''", "'"))
        }
        Kind::EscapeString => {
            let inner = t.get(1..)?.strip_prefix('\'')?.strip_suffix('\'')?;
            (t.len() >= 3).then(|| unescape(inner))
        }
        Kind::DollarString => {
            let tag_end = t.get(1..)?.find('$')? + 2;
            let tag = t.get(..tag_end)?;
            let inner = t.get(tag_end..)?.strip_suffix(tag)?;
            (t.len() >= 2 * tag_end).then(|| inner.to_string())
        }
        _ => None,
    }
}

/// Whether a literal, quoted identifier or comment token is closed (other
/// tokens always are).
pub(crate) fn is_closed(token: &Token<'_>) -> bool {
    let t = token.text;
    match token.kind {
        Kind::String => t.len() >= 2 && t.ends_with('\''),
        Kind::Quoted => t.len() >= 2 && t.ends_with('"'),
        Kind::EscapeString | Kind::DollarString => string_value(token).is_some(),
        Kind::Comment => !t.starts_with("/*") || (t.len() >= 4 && t.ends_with("*/")),
        _ => true,
    }
}

/// The name a `"quoted identifier"` stands for.
pub(crate) fn unquote_identifier(text: &str) -> String {
    let inner = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    inner.replace("\"\"", "\"")
}

/// Resolves the backslash escapes of an `E'...'` string's body.
fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                // `''` inside an escape string is one quote.
                if chars.peek() == Some(&'\'') {
                    chars.next();
                }
                out.push('\'');
            }
            '\\' => {
                let Some(e) = chars.next() else {
                    break;
                };
                match e {
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'x' => {
                        let hex = take_digits(&mut chars, 16, 2);
                        push_code(&mut out, &hex, 16);
                    }
                    'u' => {
                        let hex = take_digits(&mut chars, 16, 4);
                        push_code(&mut out, &hex, 16);
                    }
                    'U' => {
                        let hex = take_digits(&mut chars, 16, 8);
                        push_code(&mut out, &hex, 16);
                    }
                    '0'..='7' => {
                        let mut oct = e.to_string();
                        oct.push_str(&take_digits(&mut chars, 8, 2));
                        push_code(&mut out, &oct, 8);
                    }
                    other => out.push(other),
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn take_digits(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    radix: u32,
    max: usize,
) -> String {
    let mut digits = String::new();
    while digits.len() < max {
        match chars.peek() {
            Some(c) if c.is_digit(radix) => {
                digits.push(*c);
                chars.next();
            }
            _ => break,
        }
    }
    digits
}

fn push_code(out: &mut String, digits: &str, radix: u32) {
    if let Some(c) = u32::from_str_radix(digits, radix)
        .ok()
        .and_then(char::from_u32)
    {
        out.push(c);
    }
}

/// `text` as an SQL string literal.
pub(crate) fn quote_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
