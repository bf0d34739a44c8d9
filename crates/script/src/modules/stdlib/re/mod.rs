//! `re`: regular expressions with Python's syntax and semantics, on a
//! backtracking engine of our own ([`parse`] and [`engine`]; the `regex`
//! crate has neither backreferences nor lookaround, and would add to the
//! WebAssembly size).
//!
//! The module functions (`compile`, `search`, `match`, `fullmatch`,
//! `findall`, `finditer`, `sub`, `subn`, `split`, `escape`, `purge`), the
//! `Pattern` and `Match` objects, the `RegexFlag` constants (`re.I`, ...,
//! printed as CPython prints them) and `re.error` with its `msg`, `pos`,
//! `lineno` and `colno`. Positions are code-point indices; the subject is
//! converted to code points once per call (ASCII strings slice back
//! directly). Bytes patterns match bytes, with ASCII classes.
//!
//! Matching is charged to the interpreter's step counter, so a
//! catastrophic pattern ends with the usual step-limit error.
//!
//! Left out: `re.LOCALE` semantics, `\N{...}` names, `Pattern.scanner`,
//! `Match.regs`, and CPython's special case-folding pairs beyond simple
//! lower/upper case.

mod engine;
mod parse;

use super::{func, make_module, params, required};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use engine::{Found, Mode, Program};
use parse::*;
use std::any::Any;
use std::rc::Rc;

/// A compiled pattern.
struct Compiled {
    /// The pattern as given (`str` or `bytes`).
    source: Value,
    flags: u32,
    prog: Program,
    names: Vec<(String, usize)>,
    is_str: bool,
}

impl Compiled {
    fn groups(&self) -> usize {
        self.prog.groups - 1
    }
}

/// The subject of a match, as code points.
struct Text {
    value: Value,
    chars: Vec<char>,
    ascii: bool,
}

impl Text {
    fn new(v: &Value, is_str: bool) -> Result<Text, Exc> {
        match v {
            Value::Str(s) => {
                if !is_str {
                    return Err(Exc::type_error(
                        "cannot use a bytes pattern on a string-like object",
                    ));
                }
                Ok(Text {
                    value: v.clone(),
                    chars: s.chars().collect(),
                    ascii: s.is_ascii(),
                })
            }
            Value::Bytes(b) => {
                if is_str {
                    return Err(Exc::type_error(
                        "cannot use a string pattern on a bytes-like object",
                    ));
                }
                Ok(Text {
                    value: v.clone(),
                    chars: b.iter().map(|b| char::from(*b)).collect(),
                    ascii: false,
                })
            }
            other => Err(Exc::type_error(format!(
                "expected string or bytes-like object, got '{}'",
                other.type_name()
            ))),
        }
    }

    /// The text between two code-point positions.
    fn slice(&self, a: usize, b: usize) -> Value {
        let b = b.min(self.chars.len());
        let a = a.min(b);
        match &self.value {
            Value::Str(s) if self.ascii => Value::str(&s[a..b]),
            Value::Bytes(_) => Value::Bytes(self.chars[a..b].iter().map(|c| *c as u8).collect()),
            _ => Value::str(self.chars[a..b].iter().collect::<String>()),
        }
    }

    fn empty(&self) -> Value {
        match &self.value {
            Value::Bytes(_) => Value::Bytes(Rc::from(Vec::new())),
            _ => Value::str(""),
        }
    }
}

/// Builds the `re.error` exception.
fn re_error(e: &Error, pattern: &Value) -> Exc {
    match e.kind {
        ErrorKind::Re => {}
        ErrorKind::Overflow => return Exc::of("OverflowError", e.msg.clone()),
        ErrorKind::Value => return Exc::value_error(e.msg.clone()),
        ErrorKind::Unsupported => return Exc::unsupported(&e.msg),
    }
    let chars: Vec<char> = match pattern {
        Value::Str(s) => s.chars().collect(),
        Value::Bytes(b) => b.iter().map(|b| char::from(*b)).collect(),
        _ => Vec::new(),
    };
    let mut text = e.msg.clone();
    let (mut lineno, mut colno) = (Value::None, Value::None);
    if let Some(pos) = e.pos {
        text = format!("{text} at position {pos}");
        let before = &chars[..pos.min(chars.len())];
        let line = before.iter().filter(|c| **c == '\n').count() + 1;
        let col = match before.iter().rposition(|c| *c == '\n') {
            Some(i) => pos - i,
            None => pos + 1,
        };
        if chars.contains(&'\n') {
            text = format!("{text} (line {line}, column {col})");
        }
        lineno = Value::Int(line as i64);
        colno = Value::Int(col as i64);
    }
    let exc = Exc::new(crate::exc::class("error"), vec![Value::str(text)]);
    let mut d = exc.0.dict.borrow_mut();
    d.insert("msg".into(), Value::str(e.msg.clone()));
    d.insert(
        "pattern".into(),
        if e.pos.is_some() {
            pattern.clone()
        } else {
            Value::None
        },
    );
    d.insert(
        "pos".into(),
        e.pos.map_or(Value::None, |p| Value::Int(p as i64)),
    );
    d.insert("lineno".into(), lineno);
    d.insert("colno".into(), colno);
    drop(d);
    exc
}

/// The flags argument as a number.
fn flags_of(v: Option<&Value>) -> Result<u32, Exc> {
    match v {
        None => Ok(0),
        Some(v) => {
            if let Some(f) = native_ref::<RegexFlag>(v) {
                return Ok(f.0);
            }
            match v.as_int() {
                Some(i) => Ok(i as u32),
                None => Err(Exc::type_error(format!(
                    "unsupported operand type(s) for &: '{}' and 'RegexFlag'",
                    v.type_name()
                ))),
            }
        }
    }
}

/// Compiles `pattern` (or passes a compiled one through).
fn compile_value(pattern: &Value, flags: u32) -> Result<Rc<Compiled>, Exc> {
    if let Some(p) = native_ref::<PatternObj>(pattern) {
        if flags != 0 {
            return Err(Exc::value_error(
                "cannot process flags argument with a compiled pattern",
            ));
        }
        return Ok(p.0.clone());
    }
    let (chars, is_str): (Vec<char>, bool) = match pattern {
        Value::Str(s) => (s.chars().collect(), true),
        Value::Bytes(b) => (b.iter().map(|b| char::from(*b)).collect(), false),
        _ => {
            return Err(Exc::type_error(
                "first argument must be string or compiled pattern",
            ))
        }
    };
    let parsed = parse::parse(&chars, flags, is_str).map_err(|e| re_error(&e, pattern))?;
    let prog = engine::compile(&parsed.node, parsed.groups);
    Ok(Rc::new(Compiled {
        source: pattern.clone(),
        flags: parsed.flags,
        prog,
        names: parsed.names,
        is_str,
    }))
}

/// A `re.Pattern`.
struct PatternObj(Rc<Compiled>);

/// A `re.Match`.
struct MatchObj {
    pattern: Rc<Compiled>,
    text: Rc<Text>,
    found: Found,
    pos: usize,
    endpos: usize,
}

/// A `re.RegexFlag`.
struct RegexFlag(u32);

const FLAG_NAMES: &[(&str, u32)] = &[
    ("ASCII", F_ASCII),
    ("IGNORECASE", F_IGNORECASE),
    ("LOCALE", F_LOCALE),
    ("UNICODE", F_UNICODE),
    ("MULTILINE", F_MULTILINE),
    ("DOTALL", F_DOTALL),
    ("VERBOSE", F_VERBOSE),
    ("TEMPLATE", F_TEMPLATE),
    ("DEBUG", F_DEBUG),
];

fn flag_repr(v: u32) -> String {
    if v == 0 {
        return "re.NOFLAG".into();
    }
    let mut parts: Vec<String> = FLAG_NAMES
        .iter()
        .filter(|(_, f)| v & f != 0)
        .map(|(n, _)| format!("re.{n}"))
        .collect();
    let known: u32 = FLAG_NAMES.iter().map(|(_, f)| f).sum();
    if v & !known != 0 {
        parts.push(format!("0x{:x}", v & !known));
    }
    parts.join("|")
}

fn flag_value(v: u32) -> Value {
    Value::Native(Rc::new(RegexFlag(v)))
}

/// The number behind a flag operand, if it is one.
fn flag_operand(v: &Value) -> Option<i64> {
    if let Some(f) = native_ref::<RegexFlag>(v) {
        return Some(f.0 as i64);
    }
    v.as_int()
}

fn flag_binop(interp: &Interp, a: &Args, op: fn(i64, i64) -> i64) -> Result<Value, Exc> {
    let x = a.pos.first().and_then(flag_operand);
    let y = a.pos.get(1).and_then(flag_operand);
    Ok(match (x, y) {
        (Some(x), Some(y)) => {
            let r = op(x, y);
            if (0..=u32::MAX as i64).contains(&r) {
                flag_value(r as u32)
            } else {
                Value::Int(r)
            }
        }
        _ => super::not_implemented(interp),
    })
}

impl Native for RegexFlag {
    fn type_name(&self) -> &'static str {
        "RegexFlag"
    }
    fn full_type_name(&self) -> &'static str {
        "re.RegexFlag"
    }
    fn repr(&self) -> String {
        flag_repr(self.0)
    }
    fn truthy(&self) -> Option<bool> {
        Some(self.0 != 0)
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let b = |n: &str, f: BuiltinFn| Some(crate::value::bound(this, n, f));
        match name {
            "value" => Some(Value::Int(self.0 as i64)),
            "name" => Some(match FLAG_NAMES.iter().find(|(_, f)| *f == self.0) {
                Some((n, _)) => Value::str(*n),
                None if self.0 == 0 => Value::str("NOFLAG"),
                None => Value::str(
                    FLAG_NAMES
                        .iter()
                        .filter(|(_, f)| self.0 & f != 0)
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join("|"),
                ),
            }),
            "__or__" | "__ror__" => b(name, |i, a| flag_binop(i, &a, |x, y| x | y)),
            "__and__" | "__rand__" => b(name, |i, a| flag_binop(i, &a, |x, y| x & y)),
            "__xor__" | "__rxor__" => b(name, |i, a| flag_binop(i, &a, |x, y| x ^ y)),
            "__add__" | "__radd__" => b(name, |i, a| {
                let x = a.pos.first().and_then(flag_operand);
                let y = a.pos.get(1).and_then(flag_operand);
                Ok(match (x, y) {
                    (Some(x), Some(y)) => Value::Int(x + y),
                    _ => super::not_implemented(i),
                })
            }),
            "__invert__" => b(name, |_, a| {
                let x = a.pos.first().and_then(flag_operand).unwrap_or(0) as u32;
                let all: u32 = FLAG_NAMES.iter().map(|(_, f)| f).sum();
                Ok(flag_value(!x & all))
            }),
            "__eq__" => b(name, |i, a| {
                let x = a.pos.first().and_then(flag_operand);
                let y = a.pos.get(1).and_then(flag_operand);
                Ok(match (x, y) {
                    (Some(x), Some(y)) => Value::Bool(x == y),
                    _ => super::not_implemented(i),
                })
            }),
            "__ne__" => b(name, |i, a| {
                let x = a.pos.first().and_then(flag_operand);
                let y = a.pos.get(1).and_then(flag_operand);
                Ok(match (x, y) {
                    (Some(x), Some(y)) => Value::Bool(x != y),
                    _ => super::not_implemented(i),
                })
            }),
            "__int__" | "__index__" | "__hash__" => b(name, |_, a| {
                Ok(Value::Int(
                    a.pos.first().and_then(flag_operand).unwrap_or(0),
                ))
            }),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Python's `pos`/`endpos` clamping.
fn bounds(len: usize, pos: Option<Value>, endpos: Option<Value>) -> Result<(usize, usize), Exc> {
    let get = |v: Option<Value>, default: i64| -> Result<i64, Exc> {
        match v {
            None => Ok(default),
            Some(v) => v.as_int().ok_or_else(|| {
                Exc::type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    v.type_name()
                ))
            }),
        }
    };
    let p = get(pos, 0)?.clamp(0, len as i64) as usize;
    let e = get(endpos, len as i64)?.clamp(0, len as i64) as usize;
    Ok((p, e))
}

/// Runs one match attempt, charging the interpreter's steps.
fn run(
    interp: &Interp,
    c: &Compiled,
    text: &Text,
    pos: usize,
    endpos: usize,
    mode: Mode,
    not_empty_at: Option<usize>,
) -> Result<Option<Found>, Exc> {
    if endpos < pos {
        return Ok(None);
    }
    let mut tick = || interp.step();
    c.prog
        .exec(&text.chars[..endpos], pos, mode, not_empty_at, &mut tick)
}

/// Successive non-overlapping matches (Python 3.7+ rules: an empty match
/// may follow a non-empty one at the same place, but not another empty
/// one).
struct Scan {
    pos: usize,
    endpos: usize,
    must_advance: bool,
    done: bool,
}

impl Scan {
    fn next(&mut self, interp: &Interp, c: &Compiled, text: &Text) -> Result<Option<Found>, Exc> {
        if self.done || self.pos > self.endpos {
            return Ok(None);
        }
        let at = self.must_advance.then_some(self.pos);
        let r = run(interp, c, text, self.pos, self.endpos, Mode::Search, at)?;
        match &r {
            Some(f) => {
                let (s, e) = f.spans[0].unwrap_or((self.pos, self.pos));
                self.must_advance = s == e;
                self.pos = e;
            }
            None => self.done = true,
        }
        Ok(r)
    }
}

fn match_value(
    c: &Rc<Compiled>,
    text: &Rc<Text>,
    found: Found,
    pos: usize,
    endpos: usize,
) -> Value {
    Value::Native(Rc::new(MatchObj {
        pattern: c.clone(),
        text: text.clone(),
        found,
        pos,
        endpos,
    }))
}

/// `search`/`match`/`fullmatch` on a compiled pattern.
fn do_match(
    interp: &Interp,
    c: &Rc<Compiled>,
    string: &Value,
    pos: Option<Value>,
    endpos: Option<Value>,
    mode: Mode,
) -> Result<Value, Exc> {
    let text = Rc::new(Text::new(string, c.is_str)?);
    let (p, e) = bounds(text.chars.len(), pos, endpos)?;
    Ok(match run(interp, c, &text, p, e, mode, None)? {
        Some(f) => match_value(c, &text, f, p, e),
        None => Value::None,
    })
}

fn group_or_empty(text: &Text, f: &Found, g: usize) -> Value {
    match f.spans.get(g).copied().flatten() {
        Some((a, b)) => text.slice(a, b),
        None => text.empty(),
    }
}

fn do_findall(
    interp: &Interp,
    c: &Rc<Compiled>,
    string: &Value,
    pos: Option<Value>,
    endpos: Option<Value>,
) -> Result<Value, Exc> {
    let text = Text::new(string, c.is_str)?;
    let (p, e) = bounds(text.chars.len(), pos, endpos)?;
    let mut scan = Scan {
        pos: p,
        endpos: e,
        must_advance: false,
        done: false,
    };
    let mut out = Vec::new();
    while let Some(f) = scan.next(interp, c, &text)? {
        out.push(match c.groups() {
            0 => group_or_empty(&text, &f, 0),
            1 => group_or_empty(&text, &f, 1),
            n => Value::tuple((1..=n).map(|g| group_or_empty(&text, &f, g)).collect()),
        });
    }
    Ok(Value::list(out))
}

fn do_finditer(
    c: &Rc<Compiled>,
    string: &Value,
    pos: Option<Value>,
    endpos: Option<Value>,
) -> Result<Value, Exc> {
    let text = Rc::new(Text::new(string, c.is_str)?);
    let (p, e) = bounds(text.chars.len(), pos, endpos)?;
    let mut scan = Scan {
        pos: p,
        endpos: e,
        must_advance: false,
        done: false,
    };
    let c = c.clone();
    Ok(super::LazyIter::value(
        "callable_iterator",
        Box::new(move |interp| {
            Ok(scan
                .next(interp, &c, &text)?
                .map(|f| match_value(&c, &text, f, p, e)))
        }),
    ))
}

fn do_split(
    interp: &Interp,
    c: &Rc<Compiled>,
    string: &Value,
    maxsplit: Option<Value>,
) -> Result<Value, Exc> {
    let text = Text::new(string, c.is_str)?;
    let maxsplit = match maxsplit {
        None => 0,
        Some(v) => super::int_of(&v, "")?,
    };
    if maxsplit < 0 {
        return Ok(Value::list(vec![string.clone()]));
    }
    let mut scan = Scan {
        pos: 0,
        endpos: text.chars.len(),
        must_advance: false,
        done: false,
    };
    let mut out = Vec::new();
    let mut last = 0;
    let mut n = 0;
    while maxsplit == 0 || n < maxsplit {
        let Some(f) = scan.next(interp, c, &text)? else {
            break;
        };
        let (s, e) = f.spans[0].unwrap_or((0, 0));
        out.push(text.slice(last, s));
        for g in 1..=c.groups() {
            out.push(match f.spans[g] {
                Some((a, b)) => text.slice(a, b),
                None => Value::None,
            });
        }
        last = e;
        n += 1;
    }
    out.push(text.slice(last, text.chars.len()));
    Ok(Value::list(out))
}

/// Parses a replacement template for `c`.
fn template(c: &Compiled, t: &Value) -> Result<Vec<Piece>, Exc> {
    let chars: Vec<char> = match t {
        Value::Str(s) if c.is_str => s.chars().collect(),
        Value::Bytes(b) if !c.is_str => b.iter().map(|b| char::from(*b)).collect(),
        Value::Str(_) | Value::Bytes(_) => {
            return Err(Exc::type_error(format!(
                "expected {} instance, {} found",
                if c.is_str {
                    "str"
                } else {
                    "a bytes-like object"
                },
                t.type_name()
            )))
        }
        _ => {
            return Err(Exc::type_error(format!(
                "expected str instance, {} found",
                t.type_name()
            )))
        }
    };
    parse_template(&chars, c.prog.groups, &c.names, c.is_str).map_err(|e| match e {
        TemplateError::Re(e) => re_error(&e, t),
        TemplateError::Index(m) => Exc::of("IndexError", m),
    })
}

/// Appends the expansion of `pieces` for match `f`.
fn expand_into(out: &mut Vec<char>, pieces: &[Piece], text: &Text, f: &Found) {
    for p in pieces {
        match p {
            Piece::Lit(s) => out.extend(s.chars()),
            Piece::Group(g) => {
                if let Some((a, b)) = f.spans.get(*g).copied().flatten() {
                    out.extend_from_slice(&text.chars[a..b]);
                }
            }
        }
    }
}

fn chars_value(chars: &[char], is_str: bool) -> Value {
    if is_str {
        Value::str(chars.iter().collect::<String>())
    } else {
        Value::Bytes(chars.iter().map(|c| *c as u8).collect())
    }
}

fn do_sub(
    interp: &Interp,
    c: &Rc<Compiled>,
    repl: &Value,
    string: &Value,
    count: Option<Value>,
) -> Result<(Value, i64), Exc> {
    let text = Rc::new(Text::new(string, c.is_str)?);
    let count = match count {
        None => 0,
        Some(v) => super::int_of(&v, "")?,
    };
    let pieces = match repl {
        Value::Str(_) | Value::Bytes(_) => Some(template(c, repl)?),
        _ => None,
    };
    let mut scan = Scan {
        pos: 0,
        endpos: text.chars.len(),
        must_advance: false,
        done: false,
    };
    let mut out: Vec<char> = Vec::new();
    let mut last = 0;
    let mut n = 0;
    // CPython joins a list of the pieces: a bad one is reported, by its
    // index in that list, once every match has been replaced.
    let mut items = 0usize;
    let mut bad: Option<(usize, Rc<str>)> = None;
    while count <= 0 || n < count {
        let Some(f) = scan.next(interp, c, &text)? else {
            break;
        };
        let (s, e) = f.spans[0].unwrap_or((0, 0));
        if s > last {
            items += 1;
        }
        out.extend_from_slice(&text.chars[last..s]);
        match &pieces {
            Some(p) => {
                let before = out.len();
                expand_into(&mut out, p, &text, &f);
                if out.len() > before {
                    items += 1;
                }
            }
            None => {
                let m = match_value(c, &text, f, 0, text.chars.len());
                let r = interp.call(repl, Args::new(vec![m]))?;
                match (&r, c.is_str) {
                    (Value::None, _) => {}
                    (Value::Str(s), true) => out.extend(s.chars()),
                    (Value::Bytes(b), false) => out.extend(b.iter().map(|b| char::from(*b))),
                    _ => {
                        if bad.is_none() {
                            bad = Some((items, r.type_name()));
                        }
                    }
                }
                if !matches!(r, Value::None) {
                    items += 1;
                }
            }
        }
        last = e;
        n += 1;
    }
    if let Some((i, t)) = bad {
        return Err(Exc::type_error(format!(
            "sequence item {i}: expected {} instance, {t} found",
            if c.is_str {
                "str"
            } else {
                "a bytes-like object"
            },
        )));
    }
    if n == 0 {
        return Ok((string.clone(), 0));
    }
    out.extend_from_slice(&text.chars[last..]);
    Ok((chars_value(&out, c.is_str), n))
}

fn this_pattern(a: &Args) -> Result<Rc<Compiled>, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<PatternObj>)
        .map(|p| p.0.clone())
        .ok_or_else(|| Exc::type_error("descriptor requires a 're.Pattern' object"))
}

/// The receiver and the other arguments of a method.
fn method_args(mut a: Args) -> Result<(Rc<Compiled>, Args), Exc> {
    let c = this_pattern(&a)?;
    a.pos.remove(0);
    Ok((c, a))
}

fn pattern_match_method(interp: &Interp, a: Args, name: &str, mode: Mode) -> Result<Value, Exc> {
    let (c, a) = method_args(a)?;
    let mut p = params(name, &["string", "pos", "endpos"], a)?.into_iter();
    let string = required(p.next().flatten(), name, "string", 1)?;
    do_match(
        interp,
        &c,
        &string,
        p.next().flatten(),
        p.next().flatten(),
        mode,
    )
}

impl Native for PatternObj {
    fn type_name(&self) -> &'static str {
        "Pattern"
    }
    fn full_type_name(&self) -> &'static str {
        "re.Pattern"
    }
    fn repr(&self) -> String {
        let mut src = crate::format::repr_plain(&self.0.source);
        if src.chars().count() > 200 {
            src = src.chars().take(200).collect();
        }
        let shown = self.0.flags & !if self.0.is_str { F_UNICODE } else { 0 };
        if shown == 0 {
            format!("re.compile({src})")
        } else {
            format!("re.compile({src}, {})", flag_repr(shown))
        }
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let b = |n: &str, f: BuiltinFn| Some(crate::value::bound(this, n, f));
        match name {
            "pattern" => Some(self.0.source.clone()),
            "flags" => Some(Value::Int(self.0.flags as i64)),
            "groups" => Some(Value::Int(self.0.groups() as i64)),
            "groupindex" => {
                let mut d = Dict::default();
                for (n, g) in &self.0.names {
                    d.insert(Key(Value::str(n.as_str())), Value::Int(*g as i64));
                }
                Some(Value::dict(d))
            }
            "search" => b(name, |i, a| {
                pattern_match_method(i, a, "search", Mode::Search)
            }),
            "match" => b(name, |i, a| {
                pattern_match_method(i, a, "match", Mode::Match)
            }),
            "fullmatch" => b(name, |i, a| {
                pattern_match_method(i, a, "fullmatch", Mode::Full)
            }),
            "findall" => b(name, |i, a| {
                let (c, a) = method_args(a)?;
                let mut p = params("findall", &["string", "pos", "endpos"], a)?.into_iter();
                let s = required(p.next().flatten(), "findall", "string", 1)?;
                do_findall(i, &c, &s, p.next().flatten(), p.next().flatten())
            }),
            "finditer" => b(name, |_, a| {
                let (c, a) = method_args(a)?;
                let mut p = params("finditer", &["string", "pos", "endpos"], a)?.into_iter();
                let s = required(p.next().flatten(), "finditer", "string", 1)?;
                do_finditer(&c, &s, p.next().flatten(), p.next().flatten())
            }),
            "split" => b(name, |i, a| {
                let (c, a) = method_args(a)?;
                let mut p = params("split", &["string", "maxsplit"], a)?.into_iter();
                let s = required(p.next().flatten(), "split", "string", 1)?;
                do_split(i, &c, &s, p.next().flatten())
            }),
            "sub" | "subn" => {
                let f: BuiltinFn = if name == "sub" {
                    |i, a| {
                        let (c, a) = method_args(a)?;
                        let mut p = params("sub", &["repl", "string", "count"], a)?.into_iter();
                        let r = required(p.next().flatten(), "sub", "repl", 1)?;
                        let s = required(p.next().flatten(), "sub", "string", 2)?;
                        Ok(do_sub(i, &c, &r, &s, p.next().flatten())?.0)
                    }
                } else {
                    |i, a| {
                        let (c, a) = method_args(a)?;
                        let mut p = params("subn", &["repl", "string", "count"], a)?.into_iter();
                        let r = required(p.next().flatten(), "subn", "repl", 1)?;
                        let s = required(p.next().flatten(), "subn", "string", 2)?;
                        let (v, n) = do_sub(i, &c, &r, &s, p.next().flatten())?;
                        Ok(Value::tuple(vec![v, Value::Int(n)]))
                    }
                };
                b(name, f)
            }
            "__eq__" => b(name, |i, a| {
                let x = a.pos.first().and_then(native_ref::<PatternObj>);
                let y = a.pos.get(1).and_then(native_ref::<PatternObj>);
                Ok(match (x, y) {
                    (Some(x), Some(y)) => {
                        Value::Bool(x.0.flags == y.0.flags && x.0.source.py_eq_shallow(&y.0.source))
                    }
                    _ => super::not_implemented(i),
                })
            }),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn this_match(a: &Args) -> Result<&MatchObj, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<MatchObj>)
        .ok_or_else(|| Exc::type_error("descriptor requires a 're.Match' object"))
}

impl MatchObj {
    /// The group number for a `group()` argument.
    fn index(&self, g: &Value) -> Result<usize, Exc> {
        let no_such = || Exc::of("IndexError", "no such group");
        match g {
            Value::Str(s) => self
                .pattern
                .names
                .iter()
                .find(|(n, _)| **n == **s)
                .map(|(_, g)| *g)
                .ok_or_else(no_such),
            v => match v.as_int() {
                Some(i) if i >= 0 && (i as usize) < self.pattern.prog.groups => Ok(i as usize),
                _ => Err(no_such()),
            },
        }
    }

    fn span(&self, g: usize) -> Option<(usize, usize)> {
        self.found.spans.get(g).copied().flatten()
    }

    fn group(&self, g: usize, default: &Value) -> Value {
        match self.span(g) {
            Some((a, b)) => self.text.slice(a, b),
            None => default.clone(),
        }
    }
}

fn span_of(a: &Args) -> Result<(i64, i64), Exc> {
    let m = this_match(a)?;
    let g = match a.pos.get(1) {
        Some(v) => m.index(v)?,
        None => 0,
    };
    Ok(match m.span(g) {
        Some((s, e)) => (s as i64, e as i64),
        None => (-1, -1),
    })
}

impl Native for MatchObj {
    fn type_name(&self) -> &'static str {
        "Match"
    }
    fn full_type_name(&self) -> &'static str {
        "re.Match"
    }
    fn repr(&self) -> String {
        let (s, e) = self.span(0).unwrap_or((0, 0));
        format!(
            "<re.Match object; span=({s}, {e}), match={}>",
            crate::format::repr_plain(&self.text.slice(s, e))
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let b = |n: &str, f: BuiltinFn| Some(crate::value::bound(this, n, f));
        match name {
            "string" => Some(self.text.value.clone()),
            "re" => Some(Value::Native(Rc::new(PatternObj(self.pattern.clone())))),
            "pos" => Some(Value::Int(self.pos as i64)),
            "endpos" => Some(Value::Int(self.endpos as i64)),
            "lastindex" => Some(
                self.found
                    .lastindex
                    .map_or(Value::None, |g| Value::Int(g as i64)),
            ),
            "lastgroup" => Some(
                self.found
                    .lastindex
                    .and_then(|g| self.pattern.names.iter().find(|(_, i)| *i == g))
                    .map_or(Value::None, |(n, _)| Value::str(n.as_str())),
            ),
            "regs" => Some(Value::tuple(
                (0..self.pattern.prog.groups)
                    .map(|g| {
                        let (s, e) = self.span(g).map_or((-1, -1), |(s, e)| (s as i64, e as i64));
                        Value::tuple(vec![Value::Int(s), Value::Int(e)])
                    })
                    .collect(),
            )),
            "group" => b(name, |_, a| {
                let m = this_match(&a)?;
                match a.pos.len() {
                    1 => Ok(m.group(0, &Value::None)),
                    2 => Ok(m.group(m.index(&a.pos[1])?, &Value::None)),
                    _ => {
                        let mut out = Vec::new();
                        for g in &a.pos[1..] {
                            out.push(m.group(m.index(g)?, &Value::None));
                        }
                        Ok(Value::tuple(out))
                    }
                }
            }),
            "__getitem__" => b(name, |_, a| {
                let m = this_match(&a)?;
                let g = a.pos.get(1).cloned().unwrap_or(Value::Int(0));
                Ok(m.group(m.index(&g)?, &Value::None))
            }),
            "groups" => b(name, |_, a| {
                let m = this_match(&a)?;
                let mut a2 = Args::new(a.pos[1..].to_vec());
                a2.kw = a.kw.clone();
                let p = params("groups", &["default"], a2)?;
                let default = p.into_iter().next().flatten().unwrap_or(Value::None);
                Ok(Value::tuple(
                    (1..m.pattern.prog.groups)
                        .map(|g| m.group(g, &default))
                        .collect(),
                ))
            }),
            "groupdict" => b(name, |_, a| {
                let m = this_match(&a)?;
                let mut a2 = Args::new(a.pos[1..].to_vec());
                a2.kw = a.kw.clone();
                let p = params("groupdict", &["default"], a2)?;
                let default = p.into_iter().next().flatten().unwrap_or(Value::None);
                let mut d = Dict::default();
                for (n, g) in &m.pattern.names {
                    d.insert(Key(Value::str(n.as_str())), m.group(*g, &default));
                }
                Ok(Value::dict(d))
            }),
            "start" => b(name, |_, a| Ok(Value::Int(span_of(&a)?.0))),
            "end" => b(name, |_, a| Ok(Value::Int(span_of(&a)?.1))),
            "span" => b(name, |_, a| {
                let (s, e) = span_of(&a)?;
                Ok(Value::tuple(vec![Value::Int(s), Value::Int(e)]))
            }),
            "expand" => b(name, |_, a| {
                let m = this_match(&a)?;
                let t = a.pos.get(1).cloned().ok_or_else(|| {
                    Exc::type_error("expand() missing required argument 'template' (pos 1)")
                })?;
                let pieces = template(&m.pattern, &t)?;
                let mut out = Vec::new();
                expand_into(&mut out, &pieces, &m.text, &m.found);
                Ok(chars_value(&out, m.pattern.is_str))
            }),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Module-level function arguments: `(pattern, <names...>, flags)`.
fn module_args(
    fname: &str,
    names: &[&str],
    a: Args,
) -> Result<(Rc<Compiled>, Vec<Option<Value>>), Exc> {
    let mut all = vec!["pattern"];
    all.extend_from_slice(names);
    all.push("flags");
    let mut p = params(fname, &all, a)?;
    let flags = flags_of(p.pop().flatten().as_ref())?;
    let pattern = required(p[0].take(), fname, "pattern", 1)?;
    let c = compile_value(&pattern, flags)?;
    Ok((c, p.into_iter().skip(1).collect()))
}

fn module_match(interp: &Interp, a: Args, name: &str, mode: Mode) -> Result<Value, Exc> {
    let (c, p) = module_args(name, &["string"], a)?;
    let s = required(p.into_iter().next().flatten(), name, "string", 2)?;
    do_match(interp, &c, &s, None, None, mode)
}

/// `re.escape`: backslashes before everything but letters, digits and `_`
/// (CPython 3.7+'s set of special characters).
fn escape(s: &str) -> String {
    const SPECIAL: &str = "()[]{}?*+-|^$\\.&~# \t\n\r\x0b\x0c";
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if SPECIAL.contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(super) fn module() -> Value {
    let mut items: Vec<(&str, Value)> = vec![
        (
            "compile",
            func("compile", |_, a| {
                let mut p = params("compile", &["pattern", "flags"], a)?.into_iter();
                let pattern = required(p.next().flatten(), "compile", "pattern", 1)?;
                let flags = flags_of(p.next().flatten().as_ref())?;
                Ok(Value::Native(Rc::new(PatternObj(compile_value(
                    &pattern, flags,
                )?))))
            }),
        ),
        (
            "search",
            func("search", |i, a| module_match(i, a, "search", Mode::Search)),
        ),
        (
            "match",
            func("match", |i, a| module_match(i, a, "match", Mode::Match)),
        ),
        (
            "fullmatch",
            func("fullmatch", |i, a| {
                module_match(i, a, "fullmatch", Mode::Full)
            }),
        ),
        (
            "findall",
            func("findall", |i, a| {
                let (c, p) = module_args("findall", &["string"], a)?;
                let s = required(p.into_iter().next().flatten(), "findall", "string", 2)?;
                do_findall(i, &c, &s, None, None)
            }),
        ),
        (
            "finditer",
            func("finditer", |_, a| {
                let (c, p) = module_args("finditer", &["string"], a)?;
                let s = required(p.into_iter().next().flatten(), "finditer", "string", 2)?;
                do_finditer(&c, &s, None, None)
            }),
        ),
        (
            "split",
            func("split", |i, a| {
                let (c, p) = module_args("split", &["string", "maxsplit"], a)?;
                let mut p = p.into_iter();
                let s = required(p.next().flatten(), "split", "string", 2)?;
                do_split(i, &c, &s, p.next().flatten())
            }),
        ),
        (
            "sub",
            func("sub", |i, a| {
                let (c, p) = module_args("sub", &["repl", "string", "count"], a)?;
                let mut p = p.into_iter();
                let r = required(p.next().flatten(), "sub", "repl", 2)?;
                let s = required(p.next().flatten(), "sub", "string", 3)?;
                Ok(do_sub(i, &c, &r, &s, p.next().flatten())?.0)
            }),
        ),
        (
            "subn",
            func("subn", |i, a| {
                let (c, p) = module_args("subn", &["repl", "string", "count"], a)?;
                let mut p = p.into_iter();
                let r = required(p.next().flatten(), "subn", "repl", 2)?;
                let s = required(p.next().flatten(), "subn", "string", 3)?;
                let (v, n) = do_sub(i, &c, &r, &s, p.next().flatten())?;
                Ok(Value::tuple(vec![v, Value::Int(n)]))
            }),
        ),
        (
            "escape",
            func("escape", |_, a| match a.pos.first() {
                Some(Value::Str(s)) => Ok(Value::str(escape(s))),
                Some(Value::Bytes(b)) => {
                    let s: String = b.iter().map(|b| char::from(*b)).collect();
                    Ok(Value::Bytes(escape(&s).chars().map(|c| c as u8).collect()))
                }
                Some(v) => Err(Exc::type_error(format!(
                    "expected str or bytes, got '{}'",
                    v.type_name()
                ))),
                None => Err(Exc::type_error(
                    "escape() missing 1 required positional argument: 'pattern'",
                )),
            }),
        ),
        ("purge", func("purge", |_, _| Ok(Value::None))),
        // Named for annotations (`-> re.Match | None`); the objects
        // themselves are built-in values, not instances of these.
        (
            "Pattern",
            Value::Class(super::new_class("Pattern", "re", None, vec![])),
        ),
        (
            "Match",
            Value::Class(super::new_class("Match", "re", None, vec![])),
        ),
        ("error", Value::Class(crate::exc::class("error"))),
        ("NOFLAG", flag_value(0)),
    ];
    for (long, short, v) in [
        ("ASCII", "A", F_ASCII),
        ("IGNORECASE", "I", F_IGNORECASE),
        ("LOCALE", "L", F_LOCALE),
        ("UNICODE", "U", F_UNICODE),
        ("MULTILINE", "M", F_MULTILINE),
        ("DOTALL", "S", F_DOTALL),
        ("VERBOSE", "X", F_VERBOSE),
        ("TEMPLATE", "T", F_TEMPLATE),
    ] {
        items.push((long, flag_value(v)));
        items.push((short, flag_value(v)));
    }
    items.push(("DEBUG", flag_value(F_DEBUG)));
    make_module("re", items)
}
