//! `json`: `dumps`/`dump` and `loads`/`load` with CPython's output format
//! and error messages (`Expecting value: line 1 column 1 (char 0)`), plus a
//! minimal `JSONEncoder` for `cls=` subclasses that override `default`.

use super::{func, make_module, method, new_class, params, set_slot, slot, split_first};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::rc::Rc;

/// The `json` module.
pub(super) fn module() -> Value {
    make_module(
        "json",
        vec![
            ("dumps", func("dumps", dumps)),
            ("dump", func("dump", dump)),
            ("loads", func("loads", loads)),
            ("load", func("load", load)),
            (
                "JSONDecodeError",
                Value::Class(crate::exc::class("JSONDecodeError")),
            ),
            ("JSONEncoder", Value::Class(encoder_class())),
        ],
    )
}

const DUMP_OPTS: [&str; 10] = [
    "skipkeys",
    "ensure_ascii",
    "check_circular",
    "allow_nan",
    "cls",
    "indent",
    "separators",
    "default",
    "sort_keys",
    "obj",
];

/// Encoder settings.
struct Enc<'a> {
    interp: &'a Interp,
    skipkeys: bool,
    ensure_ascii: bool,
    check_circular: bool,
    allow_nan: bool,
    indent: Option<String>,
    item_sep: String,
    key_sep: String,
    default: Option<Value>,
    sort_keys: bool,
    stack: Vec<usize>,
}

impl<'a> Enc<'a> {
    /// Reads the keyword options of `dumps` (and `JSONEncoder`).
    fn new(interp: &'a Interp, kw: Vec<(Rc<str>, Value)>) -> Result<(Enc<'a>, Option<Value>), Exc> {
        let mut opts: Vec<Option<Value>> = vec![None; DUMP_OPTS.len()];
        for (k, v) in kw {
            match DUMP_OPTS.iter().position(|n| **n == *k) {
                Some(i) => opts[i] = Some(v),
                None => {
                    return Err(Exc::type_error(format!(
                        "__init__() got an unexpected keyword argument '{k}'"
                    )))
                }
            }
        }
        let flag = |i: usize, d: bool| -> Result<bool, Exc> {
            match &opts[i] {
                Some(v) => interp.truthy(v),
                None => Ok(d),
            }
        };
        let indent = match &opts[5] {
            None | Some(Value::None) => None,
            Some(Value::Str(s)) => Some(s.to_string()),
            Some(v) => Some(" ".repeat(super::int_of(v, "")?.max(0) as usize)),
        };
        let (item_sep, key_sep) = match &opts[6] {
            None | Some(Value::None) => (
                if indent.is_some() { "," } else { ", " }.to_string(),
                ": ".to_string(),
            ),
            Some(v) => {
                let parts = interp.collect(v)?;
                if parts.len() != 2 {
                    return Err(Exc::value_error(format!(
                        "too many values to unpack (expected 2, got {})",
                        parts.len()
                    )));
                }
                (interp.str(&parts[0])?, interp.str(&parts[1])?)
            }
        };
        let enc = Enc {
            interp,
            skipkeys: flag(0, false)?,
            ensure_ascii: flag(1, true)?,
            check_circular: flag(2, true)?,
            allow_nan: flag(3, true)?,
            indent,
            item_sep,
            key_sep,
            default: opts[7].clone().filter(|v| !matches!(v, Value::None)),
            sort_keys: flag(8, false)?,
            stack: Vec::new(),
        };
        Ok((enc, opts[4].clone().filter(|v| !matches!(v, Value::None))))
    }

    fn float(&self, f: f64) -> Result<String, Exc> {
        if f.is_finite() {
            return Ok(crate::format::float_repr(f));
        }
        if !self.allow_nan {
            return Err(Exc::value_error(
                "Out of range float values are not JSON compliant",
            ));
        }
        Ok(if f.is_nan() {
            "NaN"
        } else if f > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .into())
    }

    fn newline(&self, level: usize, out: &mut String) {
        if let Some(ind) = &self.indent {
            out.push('\n');
            for _ in 0..level {
                out.push_str(ind);
            }
        }
    }

    fn enter(&mut self, v: &Value) -> Result<(), Exc> {
        if self.check_circular {
            let id = v.identity();
            if self.stack.contains(&id) {
                return Err(Exc::value_error("Circular reference detected"));
            }
            self.stack.push(id);
        }
        if self.stack.len() > 500 {
            return Err(Exc::of(
                "RecursionError",
                "maximum recursion depth exceeded while encoding a JSON object",
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        if self.check_circular {
            self.stack.pop();
        }
    }

    fn encode(&mut self, v: &Value, level: usize, out: &mut String) -> Result<(), Exc> {
        match v {
            Value::None => out.push_str("null"),
            Value::Bool(true) => out.push_str("true"),
            Value::Bool(false) => out.push_str("false"),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Big(b) => out.push_str(&crate::bigint::to_decimal(b)?),
            Value::Float(f) => out.push_str(&self.float(*f)?),
            Value::Str(s) => out.push_str(&quote(s, self.ensure_ascii)),
            Value::List(l) => {
                let items = l.borrow().clone();
                self.seq(v, &items, level, out)?;
            }
            Value::Tuple(t) => self.seq(v, t, level, out)?,
            Value::Dict(d) => {
                let pairs: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, x)| (k.0.clone(), x.clone()))
                    .collect();
                self.map(v, pairs, level, out)?;
            }
            Value::Object(o)
                if o.class.lookup("_fields").is_some() && o.class.lookup("_asdict").is_some() =>
            {
                let items = self.interp.collect(v)?;
                self.seq(v, &items, level, out)?;
            }
            Value::Object(_) if super::collections::as_dict(v).is_some() => {
                let d = super::collections::as_dict(v).unwrap_or_default();
                let pairs: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, x)| (k.0.clone(), x.clone()))
                    .collect();
                self.map(v, pairs, level, out)?;
            }
            Value::Object(o) if o.inner.is_some() => {
                self.encode(o.inner.as_ref().unwrap_or(&Value::None), level, out)?
            }
            other => {
                let Some(default) = self.default.clone() else {
                    return Err(Exc::type_error(format!(
                        "Object of type {} is not JSON serializable",
                        class_name(other)
                    )));
                };
                self.enter(other)?;
                let replacement = self.interp.call(&default, Args::new(vec![other.clone()]))?;
                self.encode(&replacement, level, out)?;
                self.leave();
            }
        }
        Ok(())
    }

    fn seq(
        &mut self,
        v: &Value,
        items: &[Value],
        level: usize,
        out: &mut String,
    ) -> Result<(), Exc> {
        if items.is_empty() {
            out.push_str("[]");
            return Ok(());
        }
        self.enter(v)?;
        out.push('[');
        self.newline(level + 1, out);
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(&self.item_sep);
                self.newline(level + 1, out);
            }
            self.encode(x, level + 1, out)?;
        }
        self.newline(level, out);
        out.push(']');
        self.leave();
        Ok(())
    }

    fn key(&self, k: &Value) -> Result<Option<String>, Exc> {
        Ok(Some(match k {
            Value::Str(s) => s.to_string(),
            Value::Float(f) => self.float(*f)?,
            Value::Bool(true) => "true".into(),
            Value::Bool(false) => "false".into(),
            Value::None => "null".into(),
            Value::Int(i) => i.to_string(),
            Value::Object(o) if o.inner.is_some() => {
                return self.key(o.inner.as_ref().unwrap_or(&Value::None))
            }
            other => {
                if self.skipkeys {
                    return Ok(None);
                }
                return Err(Exc::type_error(format!(
                    "keys must be str, int, float, bool or None, not {}",
                    class_name(other)
                )));
            }
        }))
    }

    fn map(
        &mut self,
        v: &Value,
        mut pairs: Vec<(Value, Value)>,
        level: usize,
        out: &mut String,
    ) -> Result<(), Exc> {
        if pairs.is_empty() {
            out.push_str("{}");
            return Ok(());
        }
        if self.sort_keys {
            let keys: Vec<Value> = pairs.iter().map(|(k, _)| k.clone()).collect();
            let sorted = crate::builtins::sort_values(self.interp, keys, None, false)?;
            let mut reordered = Vec::with_capacity(pairs.len());
            for k in sorted {
                if let Some(i) = pairs.iter().position(|(x, _)| x.py_eq_shallow(&k)) {
                    reordered.push(pairs.remove(i));
                }
            }
            pairs = reordered;
        }
        self.enter(v)?;
        out.push('{');
        self.newline(level + 1, out);
        let mut first = true;
        for (k, x) in pairs {
            let Some(key) = self.key(&k)? else { continue };
            if !first {
                out.push_str(&self.item_sep);
                self.newline(level + 1, out);
            }
            first = false;
            out.push_str(&quote(&key, self.ensure_ascii));
            out.push_str(&self.key_sep);
            self.encode(&x, level + 1, out)?;
        }
        self.newline(level, out);
        out.push('}');
        self.leave();
        Ok(())
    }
}

fn class_name(v: &Value) -> Rc<str> {
    match v {
        Value::Object(o) => o.class.name.clone(),
        other => other.type_name(),
    }
}

/// A JSON string literal.
/// A JSON string literal for `s` (`ensure_ascii`: escape non-ASCII as
/// `\uXXXX`, as Python's default; without it the text is what JavaScript's
/// `JSON.stringify` writes too).
pub(crate) fn quote(s: &str, ensure_ascii: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ensure_ascii && (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{:04x}", unit));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `dumps(obj, **options)` with the encoder's `default` if `cls` is given.
pub(crate) fn dumps_with(
    interp: &Interp,
    obj: &Value,
    kw: Vec<(Rc<str>, Value)>,
) -> Result<String, Exc> {
    let (mut enc, cls) = Enc::new(interp, kw.clone())?;
    if let Some(cls) = cls {
        let rest: Vec<(Rc<str>, Value)> = kw.into_iter().filter(|(k, _)| &**k != "cls").collect();
        let inst = interp.call(
            &cls,
            Args {
                pos: Vec::new(),
                kw: rest,
            },
        )?;
        let encode = interp.getattr(&inst, "encode")?;
        return match interp.call(&encode, Args::new(vec![obj.clone()]))? {
            Value::Str(ref s) => Ok(s.to_string()),
            other => interp.str(&other),
        };
    }
    let mut out = String::new();
    enc.encode(obj, 0, &mut out)?;
    Ok(out)
}

fn dumps(interp: &Interp, a: Args) -> Result<Value, Exc> {
    if a.pos.len() != 1 {
        return Err(Exc::type_error(format!(
            "dumps() takes 1 positional argument but {} were given",
            a.pos.len()
        )));
    }
    Ok(Value::str(dumps_with(interp, &a.pos[0], a.kw)?))
}

fn dump(interp: &Interp, a: Args) -> Result<Value, Exc> {
    if a.pos.len() != 2 {
        return Err(Exc::type_error(format!(
            "dump() missing required arguments: takes 2 positional arguments but {} were given",
            a.pos.len()
        )));
    }
    let text = dumps_with(interp, &a.pos[0], a.kw)?;
    let write = interp.getattr(&a.pos[1], "write")?;
    interp.call(&write, Args::new(vec![Value::str(text)]))?;
    Ok(Value::None)
}

// ---------------------------------------------------------------- JSONEncoder

fn encoder_class() -> Rc<Class> {
    new_class(
        "JSONEncoder",
        "json.encoder",
        None,
        vec![
            (
                "__init__",
                method("__init__", |_, a| {
                    let (this, a) = split_first(a);
                    let opts: Vec<Value> =
                        a.kw.into_iter()
                            .map(|(k, v)| Value::tuple(vec![Value::Str(k), v]))
                            .collect();
                    set_slot(&this, "__options__", Value::list(opts));
                    Ok(Value::None)
                }),
            ),
            (
                "default",
                method("default", |_, a| {
                    let o = a.pos.get(1).cloned().unwrap_or(Value::None);
                    Err(Exc::type_error(format!(
                        "Object of type {} is not JSON serializable",
                        class_name(&o)
                    )))
                }),
            ),
            (
                "encode",
                method("encode", |interp, a| {
                    let (this, a) = split_first(a);
                    let obj = a.pos.first().cloned().unwrap_or(Value::None);
                    let mut kw: Vec<(Rc<str>, Value)> = Vec::new();
                    if let Some(Value::List(ref l)) = slot(&this, "__options__") {
                        for item in l.borrow().iter() {
                            if let Value::Tuple(t) = item {
                                if let (Some(Value::Str(k)), Some(v)) = (t.first(), t.get(1)) {
                                    kw.push((k.clone(), v.clone()));
                                }
                            }
                        }
                    }
                    kw.retain(|(k, _)| &**k != "default" && &**k != "cls");
                    kw.push(("default".into(), interp.getattr(&this, "default")?));
                    let (mut enc, _) = Enc::new(interp, kw)?;
                    let mut out = String::new();
                    enc.encode(&obj, 0, &mut out)?;
                    Ok(Value::str(out))
                }),
            ),
        ],
    )
}

// -------------------------------------------------------------------- decoding

/// A `JSONDecodeError` with CPython's message and attributes.
fn decode_error(msg: &str, doc: &[char], pos: usize) -> Exc {
    let before = &doc[..pos.min(doc.len())];
    let lineno = before.iter().filter(|c| **c == '\n').count() + 1;
    let colno = match before.iter().rposition(|c| *c == '\n') {
        Some(i) => pos - i,
        None => pos + 1,
    };
    let text = format!("{msg}: line {lineno} column {colno} (char {pos})");
    let e = Exc::new(crate::exc::class("JSONDecodeError"), vec![Value::str(text)]);
    let mut d = e.0.dict.borrow_mut();
    d.insert("msg".into(), Value::str(msg));
    d.insert("doc".into(), Value::str(doc.iter().collect::<String>()));
    d.insert("pos".into(), Value::Int(pos as i64));
    d.insert("lineno".into(), Value::Int(lineno as i64));
    d.insert("colno".into(), Value::Int(colno as i64));
    drop(d);
    e
}

/// Hooks from `loads`' keyword arguments.
#[derive(Default)]
struct Hooks {
    object_hook: Option<Value>,
    object_pairs_hook: Option<Value>,
    parse_float: Option<Value>,
    parse_int: Option<Value>,
    parse_constant: Option<Value>,
    strict: bool,
}

struct Parser<'a> {
    interp: &'a Interp,
    s: Vec<char>,
    hooks: Hooks,
    depth: usize,
}

/// "Nothing parses here" (CPython's `StopIteration(idx)`).
enum Fail {
    NoValue(usize),
    Err(Exc),
}

impl From<Exc> for Fail {
    fn from(e: Exc) -> Fail {
        Fail::Err(e)
    }
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

impl Parser<'_> {
    fn skip_ws(&self, mut i: usize) -> usize {
        while i < self.s.len() && is_ws(self.s[i]) {
            i += 1;
        }
        i
    }

    fn at(&self, i: usize) -> Option<char> {
        self.s.get(i).copied()
    }

    fn starts_with(&self, i: usize, word: &str) -> bool {
        let w: Vec<char> = word.chars().collect();
        self.s.len() >= i + w.len() && self.s[i..i + w.len()] == w[..]
    }

    fn err(&self, msg: &str, pos: usize) -> Fail {
        Fail::Err(decode_error(msg, &self.s, pos))
    }

    fn constant(&self, name: &str, v: f64) -> Result<Value, Exc> {
        match &self.hooks.parse_constant {
            Some(h) => self.interp.call(h, Args::new(vec![Value::str(name)])),
            None => Ok(Value::Float(v)),
        }
    }

    fn value(&mut self, i: usize) -> Result<(Value, usize), Fail> {
        let Some(c) = self.at(i) else {
            return Err(Fail::NoValue(i));
        };
        match c {
            '"' => {
                let (s, end) = self.string(i + 1)?;
                Ok((Value::str(s), end))
            }
            '{' => {
                self.depth += 1;
                if self.depth > 500 {
                    return Err(Fail::Err(Exc::of(
                        "RecursionError",
                        "maximum recursion depth exceeded while decoding a JSON document",
                    )));
                }
                let r = self.object(i + 1);
                self.depth -= 1;
                r
            }
            '[' => {
                self.depth += 1;
                if self.depth > 500 {
                    return Err(Fail::Err(Exc::of(
                        "RecursionError",
                        "maximum recursion depth exceeded while decoding a JSON array",
                    )));
                }
                let r = self.array(i + 1);
                self.depth -= 1;
                r
            }
            'n' if self.starts_with(i, "null") => Ok((Value::None, i + 4)),
            't' if self.starts_with(i, "true") => Ok((Value::Bool(true), i + 4)),
            'f' if self.starts_with(i, "false") => Ok((Value::Bool(false), i + 5)),
            'N' if self.starts_with(i, "NaN") => Ok((self.constant("NaN", f64::NAN)?, i + 3)),
            'I' if self.starts_with(i, "Infinity") => {
                Ok((self.constant("Infinity", f64::INFINITY)?, i + 8))
            }
            '-' if self.starts_with(i, "-Infinity") => {
                Ok((self.constant("-Infinity", f64::NEG_INFINITY)?, i + 9))
            }
            '-' | '0'..='9' => self.number(i),
            _ => Err(Fail::NoValue(i)),
        }
    }

    fn number(&mut self, start: usize) -> Result<(Value, usize), Fail> {
        let mut i = start;
        if self.at(i) == Some('-') {
            i += 1;
        }
        match self.at(i) {
            Some('0') => i += 1,
            Some('1'..='9') => {
                while matches!(self.at(i), Some('0'..='9')) {
                    i += 1;
                }
            }
            _ => return Err(Fail::NoValue(start)),
        }
        let int_end = i;
        let mut is_float = false;
        if self.at(i) == Some('.') && matches!(self.at(i + 1), Some('0'..='9')) {
            i += 2;
            while matches!(self.at(i), Some('0'..='9')) {
                i += 1;
            }
            is_float = true;
        }
        if matches!(self.at(i), Some('e' | 'E')) {
            let mut j = i + 1;
            if matches!(self.at(j), Some('+' | '-')) {
                j += 1;
            }
            if matches!(self.at(j), Some('0'..='9')) {
                while matches!(self.at(j), Some('0'..='9')) {
                    j += 1;
                }
                i = j;
                is_float = true;
            }
        }
        let text: String = self.s[start..i].iter().collect();
        let v = if is_float {
            match &self.hooks.parse_float {
                Some(h) => self.interp.call(h, Args::new(vec![Value::str(text)]))?,
                None => Value::Float(text.parse::<f64>().unwrap_or(f64::NAN)),
            }
        } else {
            let digits: String = self.s[start..int_end].iter().collect();
            match &self.hooks.parse_int {
                Some(h) => self.interp.call(h, Args::new(vec![Value::str(digits)]))?,
                None => match digits.parse::<i64>() {
                    Ok(n) => Value::Int(n),
                    Err(_) => {
                        let (neg, body) = match digits.strip_prefix('-') {
                            Some(b) => (true, b),
                            None => (false, digits.as_str()),
                        };
                        crate::bigint::parse(body, 10, neg)?.unwrap_or(Value::Int(0))
                    }
                },
            }
        };
        Ok((v, i))
    }

    /// Parses a string body starting just after its opening quote.
    fn string(&self, start: usize) -> Result<(String, usize), Fail> {
        let mut out = String::new();
        let mut i = start;
        loop {
            let Some(c) = self.at(i) else {
                return Err(self.err("Unterminated string starting at", start - 1));
            };
            match c {
                '"' => return Ok((out, i + 1)),
                '\\' => {
                    let Some(e) = self.at(i + 1) else {
                        return Err(self.err("Unterminated string starting at", start - 1));
                    };
                    match e {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let hi = self
                                .hex4(i + 2)
                                .ok_or_else(|| self.err("Invalid \\uXXXX escape", i + 1))?;
                            i += 6;
                            if (0xd800..0xdc00).contains(&hi)
                                && self.at(i) == Some('\\')
                                && self.at(i + 1) == Some('u')
                            {
                                if let Some(lo) = self.hex4(i + 2) {
                                    if (0xdc00..0xe000).contains(&lo) {
                                        let cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                                        out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                                        i += 6;
                                        continue;
                                    }
                                }
                            }
                            out.push(char::from_u32(hi).unwrap_or('\u{fffd}'));
                            continue;
                        }
                        _ => return Err(self.err("Invalid \\escape", i)),
                    }
                    i += 2;
                }
                c if (c as u32) < 0x20 && self.hooks.strict => {
                    return Err(self.err("Invalid control character at", i))
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
    }

    fn hex4(&self, i: usize) -> Option<u32> {
        if i + 4 > self.s.len() {
            return None;
        }
        let text: String = self.s[i..i + 4].iter().collect();
        if text.chars().all(|c| c.is_ascii_hexdigit()) {
            u32::from_str_radix(&text, 16).ok()
        } else {
            None
        }
    }

    fn object(&mut self, start: usize) -> Result<(Value, usize), Fail> {
        let mut pairs: Vec<(Value, Value)> = Vec::new();
        let mut end = self.skip_ws(start);
        match self.at(end) {
            Some('}') => return self.finish_object(pairs, end + 1),
            Some('"') => {}
            _ => return Err(self.err("Expecting property name enclosed in double quotes", end)),
        }
        end += 1;
        loop {
            let (key, e) = self.string(end)?;
            end = self.skip_ws(e);
            if self.at(end) != Some(':') {
                return Err(self.err("Expecting ':' delimiter", end));
            }
            end = self.skip_ws(end + 1);
            let (value, e) = match self.value(end) {
                Ok(r) => r,
                Err(Fail::NoValue(p)) => return Err(self.err("Expecting value", p)),
                Err(f) => return Err(f),
            };
            pairs.push((Value::str(key), value));
            end = self.skip_ws(e);
            match self.at(end) {
                Some('}') => return self.finish_object(pairs, end + 1),
                Some(',') => {}
                _ => return Err(self.err("Expecting ',' delimiter", end)),
            }
            end = self.skip_ws(end + 1);
            if self.at(end) != Some('"') {
                return Err(self.err("Expecting property name enclosed in double quotes", end));
            }
            end += 1;
        }
    }

    fn finish_object(
        &mut self,
        pairs: Vec<(Value, Value)>,
        end: usize,
    ) -> Result<(Value, usize), Fail> {
        if let Some(h) = &self.hooks.object_pairs_hook {
            let list = Value::list(
                pairs
                    .into_iter()
                    .map(|(k, v)| Value::tuple(vec![k, v]))
                    .collect(),
            );
            return Ok((self.interp.call(h, Args::new(vec![list]))?, end));
        }
        let mut d = Dict::default();
        for (k, v) in pairs {
            d.insert(Key(k), v);
        }
        let obj = Value::dict(d);
        match &self.hooks.object_hook {
            Some(h) => Ok((self.interp.call(h, Args::new(vec![obj]))?, end)),
            None => Ok((obj, end)),
        }
    }

    fn array(&mut self, start: usize) -> Result<(Value, usize), Fail> {
        let mut items = Vec::new();
        let mut end = self.skip_ws(start);
        if self.at(end) == Some(']') {
            return Ok((Value::list(items), end + 1));
        }
        loop {
            let (v, e) = match self.value(end) {
                Ok(r) => r,
                Err(Fail::NoValue(p)) => return Err(self.err("Expecting value", p)),
                Err(f) => return Err(f),
            };
            items.push(v);
            end = self.skip_ws(e);
            match self.at(end) {
                Some(']') => return Ok((Value::list(items), end + 1)),
                Some(',') => {}
                _ => return Err(self.err("Expecting ',' delimiter", end)),
            }
            end = self.skip_ws(end + 1);
        }
    }
}

/// `json.loads(text)` with no hooks.
pub(crate) fn loads_str(interp: &Interp, text: &str) -> Result<Value, Exc> {
    loads_text(
        interp,
        text,
        Hooks {
            strict: true,
            ..Hooks::default()
        },
    )
}

fn loads_text(interp: &Interp, text: &str, hooks: Hooks) -> Result<Value, Exc> {
    let s: Vec<char> = text.chars().collect();
    if s.first() == Some(&'\u{feff}') {
        return Err(decode_error(
            "Unexpected UTF-8 BOM (decode using utf-8-sig)",
            &s,
            0,
        ));
    }
    let mut p = Parser {
        interp,
        s,
        hooks,
        depth: 0,
    };
    let start = p.skip_ws(0);
    let (v, end) = match p.value(start) {
        Ok(r) => r,
        Err(Fail::NoValue(i)) => return Err(decode_error("Expecting value", &p.s, i)),
        Err(Fail::Err(e)) => return Err(e),
    };
    let end = p.skip_ws(end);
    if end != p.s.len() {
        return Err(decode_error("Extra data", &p.s, end));
    }
    Ok(v)
}

fn hooks_from(interp: &Interp, kw: Vec<(Rc<str>, Value)>) -> Result<Hooks, Exc> {
    let mut h = Hooks {
        strict: true,
        ..Hooks::default()
    };
    for (k, v) in kw {
        let v = if matches!(v, Value::None) {
            None
        } else {
            Some(v)
        };
        match &*k {
            "object_hook" => h.object_hook = v,
            "object_pairs_hook" => h.object_pairs_hook = v,
            "parse_float" => h.parse_float = v,
            "parse_int" => h.parse_int = v,
            "parse_constant" => h.parse_constant = v,
            "strict" => h.strict = v.map(|x| interp.truthy(&x)).transpose()?.unwrap_or(true),
            "cls" => {}
            other => {
                return Err(Exc::type_error(format!(
                    "__init__() got an unexpected keyword argument '{other}'"
                )))
            }
        }
    }
    Ok(h)
}

fn loads(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let p = params(
        "loads",
        &["s"],
        Args {
            pos: a.pos,
            kw: Vec::new(),
        },
    )?;
    let text = match &p[0] {
        Some(Value::Str(s)) => s.to_string(),
        Some(Value::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "the JSON object must be str, bytes or bytearray, not {}",
                other.type_name()
            )))
        }
        None => {
            return Err(Exc::type_error(
                "loads() missing 1 required positional argument: 's'",
            ))
        }
    };
    loads_text(interp, &text, hooks_from(interp, a.kw)?)
}

fn load(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let fp =
        a.pos.first().cloned().ok_or_else(|| {
            Exc::type_error("load() missing 1 required positional argument: 'fp'")
        })?;
    let read = interp.getattr(&fp, "read")?;
    let text = interp.call(&read, Args::default())?;
    loads(
        interp,
        Args {
            pos: vec![text],
            kw: a.kw,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn dumps_formats() {
        // Expected output: CPython 3.11 on the same program.
        let src = "import json\nrec = {\"id\": 3, \"tags\": [\"a\", \"b\"], \"score\": 4.5, \"ok\": False, \"none\": None}\nprint(json.dumps(rec))\nprint(json.dumps(rec, sort_keys=True))\nprint(json.dumps({\"b\": [1, 2], \"a\": {\"x\": \"y\"}, \"e\": [], \"f\": {}}, indent=2))\nprint(json.dumps([1, \"two\", 3.0, True, None, \"é\", \"\\u2603\", \"\\U0001f600\", \"\\x7f\\x01\\n\\\"\\\\\"]), json.dumps(\"é\", ensure_ascii=False))\nprint(json.dumps({\"k\": 1}, separators=(\",\", \":\")), json.dumps((1, 2)), json.dumps([1, [2]], indent=\"\\t\"))\nprint(json.dumps({1: 'a', 2.5: 'b', True: 'c', None: 'd'}), json.dumps([float('nan'), float('inf'), -float('inf'), 1e100, 1e-7]))\nprint(json.dumps([1, 2], indent=0), json.dumps({\"a\": 1}, indent=2, separators=(\", \", \" = \")))\nfor bad in [{(1, 2): 3}, [object()], [float('nan')]]:\n    try:\n        json.dumps(bad, allow_nan=False)\n    except (TypeError, ValueError) as e:\n        print(type(e).__name__, e)\nprint(json.dumps({(1, 2): 3, 'k': 4}, skipkeys=True))\nprint(json.dumps({'s': {1, 2}}, default=sorted))\nloop = []\nloop.append(loop)\ntry:\n    json.dumps(loop)\nexcept ValueError as e:\n    print(e)\nclass E(json.JSONEncoder):\n    def default(self, o):\n        return {'set': sorted(o)}\nprint(json.dumps({'x': {3, 1}}, cls=E))\n";
        assert_eq!(run_py(src), "{\"id\": 3, \"tags\": [\"a\", \"b\"], \"score\": 4.5, \"ok\": false, \"none\": null}\n{\"id\": 3, \"none\": null, \"ok\": false, \"score\": 4.5, \"tags\": [\"a\", \"b\"]}\n{\n  \"b\": [\n    1,\n    2\n  ],\n  \"a\": {\n    \"x\": \"y\"\n  },\n  \"e\": [],\n  \"f\": {}\n}\n[1, \"two\", 3.0, true, null, \"\\u00e9\", \"\\u2603\", \"\\ud83d\\ude00\", \"\\u007f\\u0001\\n\\\"\\\\\"] \"é\"\n{\"k\":1} [1, 2] [\n	1,\n	[\n		2\n	]\n]\n{\"1\": \"c\", \"2.5\": \"b\", \"null\": \"d\"} [NaN, Infinity, -Infinity, 1e+100, 1e-07]\n[\n1,\n2\n] {\n  \"a\" = 1\n}\nTypeError keys must be str, int, float, bool or None, not tuple\nTypeError Object of type object is not JSON serializable\nValueError Out of range float values are not JSON compliant\n{\"k\": 4}\n{\"s\": [1, 2]}\nCircular reference detected\n{\"x\": {\"set\": [1, 3]}}\n");
    }

    #[test]
    fn loads_values_and_errors() {
        // Expected output: CPython 3.11 on the same program.
        let src = "import json\nprint(json.loads('{\"n\": 1e2, \"s\": \"a\\\\nb\", \"l\": [true, false, null], \"i\": -12, \"f\": 0.5, \"u\": \"\\\\u00e9\\\\ud83d\\\\ude00\", \"e\": {}, \"a\": []}'))\nprint(json.loads(' [1, 2 , 3] '), json.loads('\"x\"'), json.loads('NaN'), json.loads('-Infinity'), json.loads(b'[1]'))\nprint(json.loads('{\"a\": 1, \"a\": 2, \"b\": 3}'))\nfor doc in ['{bad json}', '', '[1, 2', '[1 2]', '{\"a\" 1}', '{\"a\": 1,}', '[1,]', '\"abc', '1 2', '{\"a\": 1} x', '\\n\\n  [1,\\n  oops]', '\"\\\\x\"', '\"a\\tb\"', '{\"a\":', 'tru', '-', '01']:\n    try:\n        print(repr(json.loads(doc)))\n    except json.JSONDecodeError as e:\n        print(repr(doc), '->', e, '|', e.msg, e.pos, e.lineno, e.colno, isinstance(e, ValueError))\nprint(json.loads('{\"a\": 1.5}', parse_float=str), json.loads('[1]', parse_int=float), json.loads('{\"a\": 1}', object_hook=lambda d: sorted(d)))\nprint(json.loads('{\"a\": [1, {\"b\": null}]}') == {\"a\": [1, {\"b\": None}]}, type(json.loads('1.0')).__name__)\n";
        assert_eq!(run_py(src), "{'n': 100.0, 's': 'a\\nb', 'l': [True, False, None], 'i': -12, 'f': 0.5, 'u': 'é😀', 'e': {}, 'a': []}\n[1, 2, 3] x nan -inf [1]\n{'a': 2, 'b': 3}\n'{bad json}' -> Expecting property name enclosed in double quotes: line 1 column 2 (char 1) | Expecting property name enclosed in double quotes 1 1 2 True\n'' -> Expecting value: line 1 column 1 (char 0) | Expecting value 0 1 1 True\n'[1, 2' -> Expecting ',' delimiter: line 1 column 6 (char 5) | Expecting ',' delimiter 5 1 6 True\n'[1 2]' -> Expecting ',' delimiter: line 1 column 4 (char 3) | Expecting ',' delimiter 3 1 4 True\n'{\"a\" 1}' -> Expecting ':' delimiter: line 1 column 6 (char 5) | Expecting ':' delimiter 5 1 6 True\n'{\"a\": 1,}' -> Expecting property name enclosed in double quotes: line 1 column 9 (char 8) | Expecting property name enclosed in double quotes 8 1 9 True\n'[1,]' -> Expecting value: line 1 column 4 (char 3) | Expecting value 3 1 4 True\n'\"abc' -> Unterminated string starting at: line 1 column 1 (char 0) | Unterminated string starting at 0 1 1 True\n'1 2' -> Extra data: line 1 column 3 (char 2) | Extra data 2 1 3 True\n'{\"a\": 1} x' -> Extra data: line 1 column 10 (char 9) | Extra data 9 1 10 True\n'\\n\\n  [1,\\n  oops]' -> Expecting value: line 4 column 3 (char 10) | Expecting value 10 4 3 True\n'\"\\\\x\"' -> Invalid \\escape: line 1 column 2 (char 1) | Invalid \\escape 1 1 2 True\n'\"a\\tb\"' -> Invalid control character at: line 1 column 3 (char 2) | Invalid control character at 2 1 3 True\n'{\"a\":' -> Expecting value: line 1 column 6 (char 5) | Expecting value 5 1 6 True\n'tru' -> Expecting value: line 1 column 1 (char 0) | Expecting value 0 1 1 True\n'-' -> Expecting value: line 1 column 1 (char 0) | Expecting value 0 1 1 True\n'01' -> Extra data: line 1 column 2 (char 1) | Extra data 1 1 2 True\n{'a': '1.5'} [1.0] ['a']\nTrue float\n");
    }
}
