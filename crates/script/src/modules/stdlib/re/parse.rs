//! The `re` pattern parser: CPython's `re._parser` rewritten over a
//! character slice, producing a [`Node`] tree with each node's flags
//! resolved (case-insensitivity, `.` and `^`/`$` modes, ASCII classes), and
//! raising CPython's `re.error` messages and positions ("missing ),
//! unterminated subpattern", "nothing to repeat", "bad escape \q", ...).
//!
//! Positions are code-point indices into the pattern. Bytes patterns are
//! parsed as their Latin-1 decoding, as CPython's tokenizer does.
//!
//! Also here: the replacement-template parser behind `sub` and
//! `Match.expand` (`\1`, `\g<name>`, escapes).

use std::collections::HashMap;

/// `re.IGNORECASE` and friends (CPython's values).
pub const F_TEMPLATE: u32 = 1;
pub const F_IGNORECASE: u32 = 2;
pub const F_LOCALE: u32 = 4;
pub const F_MULTILINE: u32 = 8;
pub const F_DOTALL: u32 = 16;
pub const F_UNICODE: u32 = 32;
pub const F_VERBOSE: u32 = 64;
pub const F_DEBUG: u32 = 128;
pub const F_ASCII: u32 = 256;

/// No upper bound on a repeat (CPython's `MAXREPEAT`).
pub const INF: u32 = u32::MAX;

/// Lookbehind widths and nesting past this are refused.
const MAX_NESTING: usize = 200;

/// A parse error: CPython's message and (usually) its position.
#[derive(Debug, Clone)]
pub struct Error {
    pub msg: String,
    pub pos: Option<usize>,
    pub kind: ErrorKind,
}

/// Which exception an [`Error`] becomes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ErrorKind {
    /// `re.error` (with the pattern when it has a position).
    Re,
    /// `OverflowError` (a repeat count too large).
    Overflow,
    /// `ValueError` (incompatible flags).
    Value,
    /// Syntax CPython has and Looplab does not (`\N{...}`).
    Unsupported,
}

impl Error {
    fn at(msg: impl Into<String>, pos: usize) -> Error {
        Error {
            msg: msg.into(),
            pos: Some(pos),
            kind: ErrorKind::Re,
        }
    }
}

/// An item of a character class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ClassItem {
    Range(char, char),
    /// `\d` (true: `\D`).
    Digit(bool),
    Word(bool),
    Space(bool),
}

/// A character class with the flags it was parsed under.
#[derive(Debug, Clone)]
pub struct ClassSet {
    pub items: Vec<ClassItem>,
    pub negated: bool,
    pub icase: bool,
    pub ascii: bool,
}

/// Zero-width assertions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum At {
    /// `^` (multiline: after any newline too).
    Bol(bool),
    /// `$` (multiline: before any newline; otherwise at the end or before
    /// a final newline).
    Eol(bool),
    /// `\A`
    Start,
    /// `\Z`
    End,
    /// `\b` (ASCII-only word characters when true).
    Boundary(bool),
    /// `\B`
    NotBoundary(bool),
}

/// How a repeat behaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Greed {
    Greedy,
    Lazy,
    Possessive,
}

/// A parsed pattern.
#[derive(Debug, Clone)]
pub enum Node {
    Empty,
    Char {
        c: char,
        icase: bool,
        ascii: bool,
    },
    Any {
        dotall: bool,
    },
    Class(Box<ClassSet>),
    At(At),
    Group(Option<usize>, Box<Node>),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: u32,
        greed: Greed,
    },
    Backref {
        group: usize,
        icase: bool,
        ascii: bool,
    },
    /// `width` is the fixed width of a lookbehind (0 for a lookahead).
    Look {
        behind: bool,
        neg: bool,
        width: usize,
        node: Box<Node>,
    },
    Atomic(Box<Node>),
    /// `(?(group)yes|no)`
    Cond {
        group: usize,
        yes: Box<Node>,
        no: Box<Node>,
    },
}

impl Node {
    fn is_repeat(&self) -> bool {
        matches!(self, Node::Repeat { .. })
    }
}

/// The result of parsing: the tree, the final flags, the number of groups
/// (group 0 included) and the named groups.
pub struct Parsed {
    pub node: Node,
    pub flags: u32,
    pub groups: usize,
    pub names: Vec<(String, usize)>,
}

/// The width bounds of a node (`hi` is `None` when unbounded).
pub fn width(n: &Node, widths: &[(usize, Option<usize>)]) -> (usize, Option<usize>) {
    match n {
        Node::Empty | Node::At(_) | Node::Look { .. } => (0, Some(0)),
        Node::Char { .. } | Node::Any { .. } | Node::Class(_) => (1, Some(1)),
        Node::Group(_, n) | Node::Atomic(n) => width(n, widths),
        Node::Concat(v) => v.iter().fold((0, Some(0)), |(lo, hi), n| {
            let (a, b) = width(n, widths);
            (
                lo.saturating_add(a),
                hi.zip(b).map(|(x, y)| x.saturating_add(y)),
            )
        }),
        Node::Alt(v) => {
            let mut lo = usize::MAX;
            let mut hi = Some(0);
            for n in v {
                let (a, b) = width(n, widths);
                lo = lo.min(a);
                hi = hi.zip(b).map(|(x, y)| x.max(y));
            }
            (if v.is_empty() { 0 } else { lo }, hi)
        }
        Node::Repeat { node, min, max, .. } => {
            let (a, b) = width(node, widths);
            let lo = a.saturating_mul(*min as usize);
            let hi = if *max == INF {
                match b {
                    Some(0) => Some(0),
                    _ => None,
                }
            } else {
                b.map(|b| b.saturating_mul(*max as usize))
            };
            (lo, hi)
        }
        Node::Backref { group, .. } => widths.get(*group).copied().unwrap_or((0, None)),
        Node::Cond { yes, no, .. } => {
            let (a, b) = width(yes, widths);
            let (c, d) = width(no, widths);
            (a.min(c), b.zip(d).map(|(x, y)| x.max(y)))
        }
    }
}

struct State {
    flags: u32,
    groups: usize,
    names: HashMap<String, usize>,
    order: Vec<(String, usize)>,
    /// Widths of closed groups (`None` while open).
    widths: Vec<Option<(usize, Option<usize>)>>,
    lookbehind_groups: Option<usize>,
    /// Group references by number that may be forward (checked at the end).
    grouprefpos: Vec<(usize, usize)>,
}

struct Parser<'a> {
    p: &'a [char],
    i: usize,
    is_str: bool,
    st: State,
}

const SPECIAL: &str = ".\\[{()*+?^$|";

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

fn is_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    cs.all(|c| c == '_' || c.is_alphanumeric())
}

/// A token: one character or a backslash pair.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Tok {
    C(char),
    Esc(char),
}

impl Tok {
    fn len(self) -> usize {
        match self {
            Tok::C(_) => 1,
            Tok::Esc(_) => 2,
        }
    }
    fn text(self) -> String {
        match self {
            Tok::C(c) => c.to_string(),
            Tok::Esc(c) => format!("\\{c}"),
        }
    }
}

impl<'a> Parser<'a> {
    /// The next token without consuming it.
    fn peek(&self) -> Result<Option<Tok>, Error> {
        match self.p.get(self.i) {
            None => Ok(None),
            Some('\\') => match self.p.get(self.i + 1) {
                Some(c) => Ok(Some(Tok::Esc(*c))),
                None => Err(Error::at(
                    "bad escape (end of pattern)",
                    self.p.len().saturating_sub(1),
                )),
            },
            Some(c) => Ok(Some(Tok::C(*c))),
        }
    }

    fn get(&mut self) -> Result<Option<Tok>, Error> {
        let t = self.peek()?;
        if let Some(t) = t {
            self.i += t.len();
        }
        Ok(t)
    }

    /// Consumes the plain character `c` if it comes next.
    fn eat(&mut self, c: char) -> Result<bool, Error> {
        if self.peek()? == Some(Tok::C(c)) {
            self.i += 1;
            return Ok(true);
        }
        Ok(false)
    }

    fn next_is(&self, c: char) -> bool {
        self.p.get(self.i) == Some(&c) && c != '\\'
    }

    fn err(&self, msg: impl Into<String>, offset: usize) -> Error {
        Error::at(msg, self.i.saturating_sub(offset))
    }

    /// Up to `n` characters from `set`.
    fn get_while(&mut self, n: usize, ok: impl Fn(char) -> bool) -> String {
        let mut s = String::new();
        for _ in 0..n {
            match self.p.get(self.i) {
                Some(c) if *c != '\\' && ok(*c) => {
                    s.push(*c);
                    self.i += 1;
                }
                _ => break,
            }
        }
        s
    }

    /// Characters up to `term` (consumed), for group names.
    fn get_until(&mut self, term: char, name: &str) -> Result<String, Error> {
        let mut s = String::new();
        loop {
            let t = self.get()?;
            match t {
                None => {
                    if s.is_empty() {
                        return Err(self.err(format!("missing {name}"), 0));
                    }
                    return Err(self.err(
                        format!("missing {term}, unterminated name"),
                        s.chars().count(),
                    ));
                }
                Some(Tok::C(c)) if c == term => {
                    if s.is_empty() {
                        return Err(self.err(format!("missing {name}"), 1));
                    }
                    return Ok(s);
                }
                Some(t) => s.push_str(&t.text()),
            }
        }
    }

    fn check_group_name(&self, name: &str, offset: usize) -> Result<(), Error> {
        if !is_identifier(name) {
            return Err(self.err(
                format!(
                    "bad character in group name {}",
                    crate::format::str_repr(name)
                ),
                name.chars().count() + offset,
            ));
        }
        Ok(())
    }

    fn check_group(&self, g: usize) -> bool {
        g < self.st.groups && self.st.widths.get(g).is_some_and(|w| w.is_some())
    }

    fn check_lookbehind_group(&self, g: usize) -> Result<(), Error> {
        if let Some(lb) = self.st.lookbehind_groups {
            if !self.check_group(g) {
                return Err(self.err("cannot refer to an open group", 0));
            }
            if g >= lb {
                return Err(self.err(
                    "cannot refer to group defined in the same lookbehind subpattern",
                    0,
                ));
            }
        }
        Ok(())
    }

    fn literal(&self, c: char, flags: u32) -> Node {
        Node::Char {
            c,
            icase: flags & F_IGNORECASE != 0,
            ascii: flags & F_ASCII != 0 || !self.is_str,
        }
    }

    fn parse_sub(&mut self, flags: u32, nested: usize) -> Result<Node, Error> {
        if nested > MAX_NESTING {
            return Err(self.err("too many nested groups", 0));
        }
        let mut items = Vec::new();
        let mut flags = flags;
        loop {
            let first = nested == 0 && items.is_empty();
            items.push(self.parse_seq(&mut flags, nested + 1, first)?);
            if !self.eat('|')? {
                break;
            }
            if nested == 0 {
                flags = self.st.flags;
            }
        }
        if items.len() == 1 {
            return Ok(items.pop().unwrap_or(Node::Empty));
        }
        Ok(Node::Alt(items))
    }

    /// Parses a sequence up to `|`, `)` or the end. `flags` are the flags in
    /// force (the global ones may change at the very start).
    fn parse_seq(&mut self, flags: &mut u32, nested: usize, first: bool) -> Result<Node, Error> {
        let mut seq: Vec<Node> = Vec::new();
        while let Some(tok) = self.peek()? {
            if tok == Tok::C('|') || tok == Tok::C(')') {
                break;
            }
            self.get()?;
            let verbose = *flags & F_VERBOSE != 0;
            if verbose {
                if let Tok::C(c) = tok {
                    if is_ws(c) {
                        continue;
                    }
                    if c == '#' {
                        while let Some(t) = self.get()? {
                            if t == Tok::C('\n') {
                                break;
                            }
                        }
                        continue;
                    }
                }
            }
            let c = match tok {
                Tok::Esc(e) => {
                    let n = self.escape(e, *flags)?;
                    seq.push(n);
                    continue;
                }
                Tok::C(c) => c,
            };
            if !SPECIAL.contains(c) {
                seq.push(self.literal(c, *flags));
                continue;
            }
            match c {
                '[' => {
                    let set = self.parse_class(*flags)?;
                    seq.push(set);
                }
                '*' | '+' | '?' | '{' => {
                    let here = self.i;
                    let (min, max) = match c {
                        '?' => (0, 1),
                        '*' => (0, INF),
                        '+' => (1, INF),
                        _ => {
                            if self.next_is('}') {
                                seq.push(self.literal('{', *flags));
                                continue;
                            }
                            let lo = self.get_while(usize::MAX, |c| c.is_ascii_digit());
                            let hi = if self.eat(',')? {
                                self.get_while(usize::MAX, |c| c.is_ascii_digit())
                            } else {
                                lo.clone()
                            };
                            if !self.eat('}')? {
                                seq.push(self.literal('{', *flags));
                                self.i = here;
                                continue;
                            }
                            let num = |s: &str| -> Result<u32, Error> {
                                match s.parse::<u64>() {
                                    Ok(v) if v < INF as u64 => Ok(v as u32),
                                    _ => Err(Error {
                                        msg: "the repetition number is too large".into(),
                                        pos: None,
                                        kind: ErrorKind::Overflow,
                                    }),
                                }
                            };
                            let min = if lo.is_empty() { 0 } else { num(&lo)? };
                            let max = if hi.is_empty() { INF } else { num(&hi)? };
                            if max < min {
                                return Err(
                                    self.err("min repeat greater than max repeat", self.i - here)
                                );
                            }
                            (min, max)
                        }
                    };
                    let offset = self.i - here + 1;
                    let item = match seq.pop() {
                        None | Some(Node::At(_)) => {
                            return Err(self.err("nothing to repeat", offset));
                        }
                        Some(n) if n.is_repeat() => {
                            return Err(self.err("multiple repeat", offset));
                        }
                        Some(n) => n,
                    };
                    let greed = if self.eat('?')? {
                        Greed::Lazy
                    } else if self.eat('+')? {
                        Greed::Possessive
                    } else {
                        Greed::Greedy
                    };
                    seq.push(Node::Repeat {
                        node: Box::new(item),
                        min,
                        max,
                        greed,
                    });
                }
                '.' => seq.push(Node::Any {
                    dotall: *flags & F_DOTALL != 0,
                }),
                '^' => seq.push(Node::At(At::Bol(*flags & F_MULTILINE != 0))),
                '$' => seq.push(Node::At(At::Eol(*flags & F_MULTILINE != 0))),
                '(' => {
                    if let Some(n) = self.parse_group(flags, nested, first && seq.is_empty())? {
                        seq.push(n);
                    }
                }
                _ => seq.push(self.literal(c, *flags)),
            }
        }
        Ok(match seq.len() {
            0 => Node::Empty,
            1 => seq.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(seq),
        })
    }

    /// After `(`: a group, an extension, or (for a comment or global flags)
    /// nothing.
    fn parse_group(
        &mut self,
        flags: &mut u32,
        nested: usize,
        first: bool,
    ) -> Result<Option<Node>, Error> {
        let start = self.i - 1;
        let mut capture = true;
        let mut atomic = false;
        let mut name: Option<String> = None;
        let mut sub_flags = *flags;
        if self.eat('?')? {
            let Some(t) = self.get()? else {
                return Err(self.err("unexpected end of pattern", 0));
            };
            let ch = match t {
                Tok::C(c) => c,
                Tok::Esc(_) => {
                    return Err(self.err(format!("unknown extension ?{}", t.text()), 3));
                }
            };
            match ch {
                'P' => {
                    if self.eat('<')? {
                        let n = self.get_until('>', "group name")?;
                        self.check_group_name(&n, 1)?;
                        name = Some(n);
                    } else if self.eat('=')? {
                        let n = self.get_until(')', "group name")?;
                        self.check_group_name(&n, 1)?;
                        let len = n.chars().count() + 1;
                        let Some(&gid) = self.st.names.get(&n) else {
                            return Err(self.err(
                                format!("unknown group name {}", crate::format::str_repr(&n)),
                                len,
                            ));
                        };
                        if !self.check_group(gid) {
                            return Err(self.err("cannot refer to an open group", len));
                        }
                        self.check_lookbehind_group(gid)?;
                        return Ok(Some(Node::Backref {
                            group: gid,
                            icase: *flags & F_IGNORECASE != 0,
                            ascii: *flags & F_ASCII != 0 || !self.is_str,
                        }));
                    } else {
                        return match self.get()? {
                            None => Err(self.err("unexpected end of pattern", 0)),
                            Some(t) => {
                                Err(self
                                    .err(format!("unknown extension ?P{}", t.text()), t.len() + 2))
                            }
                        };
                    }
                }
                ':' => capture = false,
                '#' => {
                    loop {
                        match self.get()? {
                            None => {
                                return Err(
                                    self.err("missing ), unterminated comment", self.i - start)
                                )
                            }
                            Some(Tok::C(')')) => break,
                            _ => {}
                        }
                    }
                    return Ok(None);
                }
                '=' | '!' | '<' => {
                    let mut behind = false;
                    let mut kind = ch;
                    let mut saved_lb = None;
                    if ch == '<' {
                        let Some(t) = self.get()? else {
                            return Err(self.err("unexpected end of pattern", 0));
                        };
                        match t {
                            Tok::C(c @ ('=' | '!')) => kind = c,
                            t => {
                                return Err(self
                                    .err(format!("unknown extension ?<{}", t.text()), t.len() + 2))
                            }
                        }
                        behind = true;
                        saved_lb = Some(self.st.lookbehind_groups);
                        if self.st.lookbehind_groups.is_none() {
                            self.st.lookbehind_groups = Some(self.st.groups);
                        }
                    }
                    let p = self.parse_sub(*flags, nested + 1)?;
                    if let Some(None) = saved_lb {
                        self.st.lookbehind_groups = None;
                    }
                    if !self.eat(')')? {
                        return Err(self.err("missing ), unterminated subpattern", self.i - start));
                    }
                    let mut fixed = 0;
                    if behind {
                        let ws: Vec<(usize, Option<usize>)> = self
                            .st
                            .widths
                            .iter()
                            .map(|w| w.unwrap_or((0, None)))
                            .collect();
                        let (lo, hi) = width(&p, &ws);
                        if hi != Some(lo) {
                            return Err(Error {
                                msg: "look-behind requires fixed-width pattern".into(),
                                pos: None,
                                kind: ErrorKind::Re,
                            });
                        }
                        fixed = lo;
                    }
                    return Ok(Some(Node::Look {
                        behind,
                        neg: kind == '!',
                        width: fixed,
                        node: Box::new(p),
                    }));
                }
                '(' => {
                    let cond = self.get_until(')', "group name")?;
                    let len = cond.chars().count() + 1;
                    let group = if is_identifier(&cond) {
                        match self.st.names.get(&cond) {
                            Some(g) => *g,
                            None => {
                                return Err(self.err(
                                    format!(
                                        "unknown group name {}",
                                        crate::format::str_repr(&cond)
                                    ),
                                    len,
                                ))
                            }
                        }
                    } else {
                        let g = match cond.parse::<usize>() {
                            Ok(g) if cond.bytes().all(|b| b.is_ascii_digit()) => g,
                            _ => {
                                return Err(self.err(
                                    format!(
                                        "bad character in group name {}",
                                        crate::format::str_repr(&cond)
                                    ),
                                    len,
                                ))
                            }
                        };
                        if g == 0 {
                            return Err(self.err("bad group number", len));
                        }
                        self.st.grouprefpos.push((g, self.i - len));
                        g
                    };
                    self.check_lookbehind_group(group)?;
                    let mut f = *flags;
                    let yes = self.parse_seq(&mut f, nested + 1, false)?;
                    let no = if self.eat('|')? {
                        let no = self.parse_seq(&mut f, nested + 1, false)?;
                        if self.next_is('|') {
                            return Err(
                                self.err("conditional backref with more than two branches", 0)
                            );
                        }
                        no
                    } else {
                        Node::Empty
                    };
                    if !self.eat(')')? {
                        return Err(self.err("missing ), unterminated subpattern", self.i - start));
                    }
                    return Ok(Some(Node::Cond {
                        group,
                        yes: Box::new(yes),
                        no: Box::new(no),
                    }));
                }
                '>' => {
                    capture = false;
                    atomic = true;
                }
                c if "aiLmsux-".contains(c) => {
                    match self.parse_flags(c)? {
                        None => {
                            if !first {
                                return Err(self.err(
                                    "global flags not at the start of the expression",
                                    self.i - start,
                                ));
                            }
                            // Later flags (verbose) apply from here.
                            *flags = self.st.flags;
                            return Ok(None);
                        }
                        Some((add, del)) => {
                            capture = false;
                            sub_flags = (*flags | add) & !del;
                            if add & (F_ASCII | F_UNICODE) != 0 {
                                sub_flags &= !(F_ASCII | F_UNICODE);
                                sub_flags |= add & (F_ASCII | F_UNICODE);
                            }
                        }
                    }
                }
                c => {
                    return Err(self.err(format!("unknown extension ?{c}"), 2));
                }
            }
        }
        let group = if capture {
            let gid = self.st.groups;
            self.st.groups += 1;
            self.st.widths.push(None);
            if let Some(n) = &name {
                if let Some(old) = self.st.names.get(n) {
                    return Err(self.err(
                        format!(
                            "redefinition of group name {} as group {gid}; was group {old}",
                            crate::format::str_repr(n)
                        ),
                        n.chars().count() + 1,
                    ));
                }
                self.st.names.insert(n.clone(), gid);
                self.st.order.push((n.clone(), gid));
            }
            Some(gid)
        } else {
            None
        };
        let p = self.parse_sub(sub_flags, nested + 1)?;
        if !self.eat(')')? {
            return Err(self.err("missing ), unterminated subpattern", self.i - start));
        }
        if let Some(g) = group {
            let ws: Vec<(usize, Option<usize>)> = self
                .st
                .widths
                .iter()
                .map(|w| w.unwrap_or((0, None)))
                .collect();
            let w = width(&p, &ws);
            if let Some(slot) = self.st.widths.get_mut(g) {
                *slot = Some(w);
            }
        }
        Ok(Some(if atomic {
            Node::Atomic(Box::new(p))
        } else {
            Node::Group(group, Box::new(p))
        }))
    }

    /// Inline flags after `(?`: `None` for global flags (`(?i)`), else the
    /// flags a scoped group adds and removes.
    fn parse_flags(&mut self, first: char) -> Result<Option<(u32, u32)>, Error> {
        let flag = |c: char| -> Option<u32> {
            Some(match c {
                'i' => F_IGNORECASE,
                'L' => F_LOCALE,
                'm' => F_MULTILINE,
                's' => F_DOTALL,
                'x' => F_VERBOSE,
                'a' => F_ASCII,
                't' => F_TEMPLATE,
                'u' => F_UNICODE,
                _ => return None,
            })
        };
        let type_flags = F_ASCII | F_LOCALE | F_UNICODE;
        let mut add = 0;
        let mut del = 0;
        let mut ch = first;
        let next = |p: &mut Self| -> Result<Option<char>, Error> {
            Ok(match p.get()? {
                None => None,
                Some(Tok::C(c)) => Some(c),
                Some(Tok::Esc(_)) => Some('\\'),
            })
        };
        if ch != '-' {
            loop {
                let f = flag(ch).unwrap_or(0);
                if self.is_str && ch == 'L' {
                    return Err(self.err(
                        "bad inline flags: cannot use 'L' flag with a str pattern",
                        0,
                    ));
                }
                if !self.is_str && ch == 'u' {
                    return Err(self.err(
                        "bad inline flags: cannot use 'u' flag with a bytes pattern",
                        0,
                    ));
                }
                add |= f;
                if f & type_flags != 0 && add & type_flags != f {
                    return Err(self.err(
                        "bad inline flags: flags 'a', 'u' and 'L' are incompatible",
                        0,
                    ));
                }
                match next(self)? {
                    None => return Err(self.err("missing -, : or )", 0)),
                    Some(c) if ")-:".contains(c) => {
                        ch = c;
                        break;
                    }
                    Some(c) if flag(c).is_some() => ch = c,
                    Some(c) => {
                        let msg = if c.is_alphabetic() {
                            "unknown flag"
                        } else {
                            "missing -, : or )"
                        };
                        return Err(self.err(msg, 1));
                    }
                }
            }
        }
        if ch == ')' {
            self.st.flags |= add;
            return Ok(None);
        }
        if ch == '-' {
            match next(self)? {
                None => return Err(self.err("missing flag", 0)),
                Some(c) if flag(c).is_some() => ch = c,
                Some(c) => {
                    let msg = if c.is_alphabetic() {
                        "unknown flag"
                    } else {
                        "missing flag"
                    };
                    return Err(self.err(msg, 1));
                }
            }
            loop {
                let f = flag(ch).unwrap_or(0);
                if f & type_flags != 0 {
                    return Err(self.err(
                        "bad inline flags: cannot turn off flags 'a', 'u' and 'L'",
                        0,
                    ));
                }
                del |= f;
                match next(self)? {
                    None => return Err(self.err("missing :", 0)),
                    Some(':') => break,
                    Some(c) if flag(c).is_some() => ch = c,
                    Some(c) => {
                        let msg = if c.is_alphabetic() {
                            "unknown flag"
                        } else {
                            "missing :"
                        };
                        return Err(self.err(msg, 1));
                    }
                }
            }
        }
        if add & del != 0 {
            return Err(self.err("bad inline flags: flag turned on and off", 1));
        }
        Ok(Some((add, del)))
    }

    /// After `[`.
    fn parse_class(&mut self, flags: u32) -> Result<Node, Error> {
        let here = self.i - 1;
        let mut items: Vec<ClassItem> = Vec::new();
        let negated = self.eat('^')?;
        let unterminated = |p: &Self| p.err("unterminated character set", p.i - here);
        loop {
            let Some(t) = self.get()? else {
                return Err(unterminated(self));
            };
            if t == Tok::C(']') && !items.is_empty() {
                break;
            }
            // A `]` first is a literal.
            let code1 = match t {
                Tok::Esc(e) => self.class_escape(e)?,
                Tok::C(c) => ClassItem::Range(c, c),
            };
            if self.eat('-')? {
                let Some(that) = self.get()? else {
                    return Err(unterminated(self));
                };
                if that == Tok::C(']') {
                    items.push(code1);
                    items.push(ClassItem::Range('-', '-'));
                    break;
                }
                let code2 = match that {
                    Tok::Esc(e) => self.class_escape(e)?,
                    Tok::C(c) => ClassItem::Range(c, c),
                };
                let msg = format!("bad character range {}-{}", t.text(), that.text());
                let off = t.text().chars().count() + 1 + that.text().chars().count();
                match (code1, code2) {
                    (ClassItem::Range(lo, l2), ClassItem::Range(h1, hi))
                        if lo == l2 && h1 == hi =>
                    {
                        if hi < lo {
                            return Err(self.err(msg, off));
                        }
                        items.push(ClassItem::Range(lo, hi));
                    }
                    _ => return Err(self.err(msg, off)),
                }
            } else {
                items.push(code1);
            }
        }
        Ok(Node::Class(Box::new(ClassSet {
            items,
            negated,
            icase: flags & F_IGNORECASE != 0,
            ascii: flags & F_ASCII != 0 || !self.is_str,
        })))
    }

    /// Hex digits for `\x`, `\u`, `\U`.
    fn hex_escape(&mut self, e: char, n: usize) -> Result<char, Error> {
        let digits = self.get_while(n, |c| c.is_ascii_hexdigit());
        let esc = format!("\\{e}{digits}");
        if digits.chars().count() != n {
            return Err(self.err(format!("incomplete escape {esc}"), esc.chars().count()));
        }
        let v = u32::from_str_radix(&digits, 16).unwrap_or(0);
        char::from_u32(v).ok_or_else(|| self.err(format!("bad escape {esc}"), esc.chars().count()))
    }

    /// `\N{name}`: CPython's syntax errors; the names themselves are not
    /// known here.
    fn named_escape(&mut self) -> Error {
        if !self.next_is('{') {
            return self.err("missing {", 0);
        }
        self.i += 1;
        if let Err(e) = self.get_until('}', "character name") {
            return e;
        }
        Error {
            msg: "re: \\N{...} character names".into(),
            pos: None,
            kind: ErrorKind::Unsupported,
        }
    }

    /// A one-character escape common to both contexts, or `None`.
    fn simple_escape(e: char) -> Option<char> {
        Some(match e {
            'a' => '\x07',
            'f' => '\x0c',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0b',
            '\\' => '\\',
            _ => return None,
        })
    }

    fn class_escape(&mut self, e: char) -> Result<ClassItem, Error> {
        if e == 'b' {
            return Ok(ClassItem::Range('\x08', '\x08'));
        }
        if let Some(c) = Self::simple_escape(e) {
            return Ok(ClassItem::Range(c, c));
        }
        let one = |c: char| Ok(ClassItem::Range(c, c));
        match e {
            'd' => Ok(ClassItem::Digit(false)),
            'D' => Ok(ClassItem::Digit(true)),
            'w' => Ok(ClassItem::Word(false)),
            'W' => Ok(ClassItem::Word(true)),
            's' => Ok(ClassItem::Space(false)),
            'S' => Ok(ClassItem::Space(true)),
            'x' => one(self.hex_escape('x', 2)?),
            'u' if self.is_str => one(self.hex_escape('u', 4)?),
            'N' if self.is_str => Err(self.named_escape()),
            'U' if self.is_str => one(self.hex_escape('U', 8)?),
            '0'..='7' => {
                let more = self.get_while(2, |c| ('0'..='7').contains(&c));
                let esc = format!("\\{e}{more}");
                let v = u32::from_str_radix(&esc[1..], 8).unwrap_or(0);
                if v > 0o377 {
                    return Err(self.err(
                        format!("octal escape value {esc} outside of range 0-0o377"),
                        esc.chars().count(),
                    ));
                }
                one(char::from_u32(v).unwrap_or('\0'))
            }
            c if c.is_ascii_alphanumeric() => Err(self.err(format!("bad escape \\{c}"), 2)),
            c => one(c),
        }
    }

    fn escape(&mut self, e: char, flags: u32) -> Result<Node, Error> {
        let ascii = flags & F_ASCII != 0 || !self.is_str;
        let class = |item: ClassItem| {
            Ok(Node::Class(Box::new(ClassSet {
                items: vec![item],
                negated: false,
                icase: false,
                ascii,
            })))
        };
        match e {
            'A' => return Ok(Node::At(At::Start)),
            'Z' => return Ok(Node::At(At::End)),
            'b' => return Ok(Node::At(At::Boundary(ascii))),
            'B' => return Ok(Node::At(At::NotBoundary(ascii))),
            'd' => return class(ClassItem::Digit(false)),
            'D' => return class(ClassItem::Digit(true)),
            'w' => return class(ClassItem::Word(false)),
            'W' => return class(ClassItem::Word(true)),
            's' => return class(ClassItem::Space(false)),
            'S' => return class(ClassItem::Space(true)),
            _ => {}
        }
        if let Some(c) = Self::simple_escape(e) {
            return Ok(self.literal(c, flags));
        }
        match e {
            'x' => {
                let c = self.hex_escape('x', 2)?;
                Ok(self.literal(c, flags))
            }
            'u' if self.is_str => {
                let c = self.hex_escape('u', 4)?;
                Ok(self.literal(c, flags))
            }
            'N' if self.is_str => Err(self.named_escape()),
            'U' if self.is_str => {
                let c = self.hex_escape('U', 8)?;
                Ok(self.literal(c, flags))
            }
            '0' => {
                let more = self.get_while(2, |c| ('0'..='7').contains(&c));
                let v = u32::from_str_radix(&format!("0{more}"), 8).unwrap_or(0);
                Ok(self.literal(char::from_u32(v).unwrap_or('\0'), flags))
            }
            '1'..='9' => {
                let mut esc = format!("\\{e}");
                if let Some(d) = self.p.get(self.i).filter(|d| d.is_ascii_digit()) {
                    esc.push(*d);
                    self.i += 1;
                    let b = esc.as_bytes();
                    if (b'0'..=b'7').contains(&b[1]) && (b'0'..=b'7').contains(&b[2]) {
                        if let Some(d3) = self.p.get(self.i).filter(|d| ('0'..='7').contains(*d)) {
                            esc.push(*d3);
                            self.i += 1;
                            let v = u32::from_str_radix(&esc[1..], 8).unwrap_or(0);
                            if v > 0o377 {
                                return Err(self.err(
                                    format!("octal escape value {esc} outside of range 0-0o377"),
                                    esc.len(),
                                ));
                            }
                            return Ok(self.literal(char::from_u32(v).unwrap_or('\0'), flags));
                        }
                    }
                }
                let group: usize = esc[1..].parse().unwrap_or(0);
                if group < self.st.groups {
                    if !self.check_group(group) {
                        return Err(self.err("cannot refer to an open group", esc.len()));
                    }
                    self.check_lookbehind_group(group)?;
                    return Ok(Node::Backref {
                        group,
                        icase: flags & F_IGNORECASE != 0,
                        ascii,
                    });
                }
                Err(self.err(format!("invalid group reference {group}"), esc.len() - 1))
            }
            c if c.is_ascii_alphanumeric() => Err(self.err(format!("bad escape \\{c}"), 2)),
            c => Ok(self.literal(c, flags)),
        }
    }
}

/// Parses `pattern` (code points; Latin-1 for bytes) under `flags`.
///
/// # Errors
///
/// CPython's `re.error` message and position.
pub fn parse(pattern: &[char], flags: u32, is_str: bool) -> Result<Parsed, Error> {
    let mut p = Parser {
        p: pattern,
        i: 0,
        is_str,
        st: State {
            flags,
            groups: 1,
            names: HashMap::new(),
            order: Vec::new(),
            widths: vec![Some((0, None))],
            lookbehind_groups: None,
            grouprefpos: Vec::new(),
        },
    };
    let node = p.parse_sub(flags, 0)?;
    let mut flags = p.st.flags;
    if is_str {
        if flags & F_LOCALE != 0 {
            return Err(Error {
                msg: "cannot use LOCALE flag with a str pattern".into(),
                pos: None,
                kind: ErrorKind::Value,
            });
        }
        if flags & F_ASCII == 0 {
            flags |= F_UNICODE;
        } else if flags & F_UNICODE != 0 {
            return Err(Error {
                msg: "ASCII and UNICODE flags are incompatible".into(),
                pos: None,
                kind: ErrorKind::Value,
            });
        }
    } else if flags & F_UNICODE != 0 {
        return Err(Error {
            msg: "cannot use UNICODE flag with a bytes pattern".into(),
            pos: None,
            kind: ErrorKind::Value,
        });
    }
    if p.i < pattern.len() {
        return Err(p.err("unbalanced parenthesis", 0));
    }
    for (g, pos) in &p.st.grouprefpos {
        if *g >= p.st.groups {
            return Err(Error::at(format!("invalid group reference {g}"), *pos));
        }
    }
    Ok(Parsed {
        node,
        flags,
        groups: p.st.groups,
        names: p.st.order,
    })
}

/// A piece of a replacement template.
#[derive(Debug, Clone)]
pub enum Piece {
    Lit(String),
    Group(usize),
}

/// A template error: `re.error` at a position, or `IndexError` for an
/// unknown group name.
pub enum TemplateError {
    Re(Error),
    Index(String),
}

/// Parses a replacement template (`sub`, `expand`).
///
/// # Errors
///
/// As CPython's `parse_template`.
pub fn parse_template(
    t: &[char],
    groups: usize,
    names: &[(String, usize)],
    is_str: bool,
) -> Result<Vec<Piece>, TemplateError> {
    let mut p = Parser {
        p: t,
        i: 0,
        is_str,
        st: State {
            flags: 0,
            groups: 0,
            names: HashMap::new(),
            order: Vec::new(),
            widths: Vec::new(),
            lookbehind_groups: None,
            grouprefpos: Vec::new(),
        },
    };
    let re = TemplateError::Re;
    let mut out: Vec<Piece> = Vec::new();
    let mut lit = String::new();
    let add_group =
        |p: &Parser<'_>, out: &mut Vec<Piece>, lit: &mut String, g: usize, off: usize| {
            if g >= groups {
                return Err(re(p.err(format!("invalid group reference {g}"), off)));
            }
            if !lit.is_empty() {
                out.push(Piece::Lit(std::mem::take(lit)));
            }
            out.push(Piece::Group(g));
            Ok(())
        };
    loop {
        let t = p.get().map_err(re)?;
        let Some(t) = t else { break };
        let c = match t {
            Tok::C(c) => {
                lit.push(c);
                continue;
            }
            Tok::Esc(c) => c,
        };
        match c {
            'g' => {
                if !p.eat('<').map_err(re)? {
                    return Err(re(p.err("missing <", 0)));
                }
                let name = p.get_until('>', "group name").map_err(re)?;
                let len = name.chars().count() + 1;
                let g = if is_identifier(&name) {
                    match names.iter().find(|(n, _)| *n == name) {
                        Some((_, g)) => *g,
                        None => {
                            return Err(TemplateError::Index(format!(
                                "unknown group name {}",
                                crate::format::str_repr(&name)
                            )))
                        }
                    }
                } else {
                    match name.parse::<usize>() {
                        Ok(g) if name.bytes().all(|b| b.is_ascii_digit()) => g,
                        _ => {
                            return Err(re(p.err(
                                format!(
                                    "bad character in group name {}",
                                    crate::format::str_repr(&name)
                                ),
                                len,
                            )))
                        }
                    }
                };
                add_group(&p, &mut out, &mut lit, g, len)?;
            }
            '0' => {
                let more = p.get_while(2, |c| ('0'..='7').contains(&c));
                let v = u32::from_str_radix(&format!("0{more}"), 8).unwrap_or(0) & 0xff;
                lit.push(char::from_u32(v).unwrap_or('\0'));
            }
            '1'..='9' => {
                let mut esc = format!("\\{c}");
                let mut octal = false;
                if let Some(d) = p.p.get(p.i).filter(|d| d.is_ascii_digit()) {
                    esc.push(*d);
                    p.i += 1;
                    let b = esc.as_bytes();
                    if (b'0'..=b'7').contains(&b[1]) && (b'0'..=b'7').contains(&b[2]) {
                        if let Some(d3) = p.p.get(p.i).filter(|d| ('0'..='7').contains(*d)) {
                            esc.push(*d3);
                            p.i += 1;
                            octal = true;
                            let v = u32::from_str_radix(&esc[1..], 8).unwrap_or(0);
                            if v > 0o377 {
                                return Err(re(p.err(
                                    format!("octal escape value {esc} outside of range 0-0o377"),
                                    esc.len(),
                                )));
                            }
                            lit.push(char::from_u32(v).unwrap_or('\0'));
                        }
                    }
                }
                if !octal {
                    let g: usize = esc[1..].parse().unwrap_or(0);
                    add_group(&p, &mut out, &mut lit, g, esc.len() - 1)?;
                }
            }
            c => {
                if c == 'b' {
                    lit.push('\x08');
                } else if let Some(e) = Parser::simple_escape(c) {
                    lit.push(e);
                } else if c.is_ascii_alphabetic() {
                    return Err(re(p.err(format!("bad escape \\{c}"), 2)));
                } else {
                    lit.push('\\');
                    lit.push(c);
                }
            }
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Lit(lit));
    }
    Ok(out)
}
