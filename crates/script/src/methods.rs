//! Methods of built-in values (`str`, `list`, `dict`, `set`, `tuple`,
//! `bytes`, `int`, `float`) and the built-in type constructors.
//!
//! Every method is a plain [`BuiltinFn`] whose first positional argument is
//! the receiver, so the same function serves `"a".upper()` (bound through
//! [`lookup`]) and `str.upper("a")` (unbound through [`class_method`]).

use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::any::Any;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
// Callers find it here; it lives with attribute access.
pub use crate::attr::data_attr;

type R = Result<Value, Exc>;

/// The method `name` of a built-in value, as a function taking the receiver
/// as its first positional argument.
pub fn lookup(v: &Value, name: &str) -> Option<BuiltinFn> {
    let specific = match v {
        Value::Str(_) => str_method(name),
        Value::List(_) => list_method(name),
        Value::Tuple(_) => tuple_method(name),
        Value::Dict(_) => dict_method(name),
        Value::Set(_) => set_method(name),
        Value::Bytes(_) => bytes_method(name),
        Value::Int(_) | Value::Bool(_) | Value::Big(_) => int_method(name),
        Value::Float(_) => float_method(name),
        _ => None,
    };
    specific.or_else(|| common_dunder(name))
}

/// Attributes of built-in classes: unbound methods (`str.upper`,
/// `str.join`, `dict.keys`, ...) and class methods (`dict.fromkeys`,
/// `int.from_bytes`, `bytes.fromhex`, `str.maketrans`).
pub fn class_method(c: &Rc<Class>, name: &str) -> Option<Value> {
    let f: BuiltinFn = match (c.builtin_root()?, name) {
        (BuiltinType::Dict, "fromkeys") => dict_fromkeys_static,
        (BuiltinType::Int | BuiltinType::Bool, "from_bytes") => int_from_bytes,
        (BuiltinType::Bytes, "fromhex") => bytes_fromhex_static,
        (BuiltinType::Native, "fromhex") if &*c.name == "bytearray" => crate::bytearray::fromhex,
        (BuiltinType::Str, "maketrans") => str_maketrans_static,
        (BuiltinType::Str, _) => str_method(name).or_else(|| common_dunder(name))?,
        (BuiltinType::List, _) => list_method(name).or_else(|| common_dunder(name))?,
        (BuiltinType::Tuple, _) => tuple_method(name).or_else(|| common_dunder(name))?,
        (BuiltinType::Dict, _) => dict_method(name).or_else(|| common_dunder(name))?,
        (BuiltinType::Set, _) => set_method(name).or_else(|| common_dunder(name))?,
        (BuiltinType::Bytes, _) => bytes_method(name).or_else(|| common_dunder(name))?,
        (BuiltinType::Int | BuiltinType::Bool, _) => {
            int_method(name).or_else(|| common_dunder(name))?
        }
        (BuiltinType::Float, _) => float_method(name).or_else(|| common_dunder(name))?,
        _ => return None,
    };
    Some(make_builtin(name, f))
}

/// Operator dunders every built-in value has (`(1).__add__(2)`,
/// `str.__lt__`, ...): they defer to the interpreter's operators and give
/// `NotImplemented` where those raise `TypeError`.
fn common_dunder(name: &str) -> Option<BuiltinFn> {
    use crate::ir::{BinOp, CmpOp};
    fn two(a: Args, name: &str) -> Result<(Value, Value), Exc> {
        let (this, p) = bind(a, name, &["value"], 1, false)?;
        Ok((this, p[0].clone().unwrap_or(Value::None)))
    }
    fn not_implemented(interp: &Interp) -> Value {
        interp
            .builtins
            .get("NotImplemented")
            .cloned()
            .unwrap_or(Value::None)
    }
    fn binop(interp: &Interp, a: Args, op: BinOp, name: &str) -> R {
        let (x, y) = two(a, name)?;
        match interp.binary_op(op, x, y) {
            Err(e) if e.is("TypeError") && e.message().starts_with("unsupported operand") => {
                Ok(not_implemented(interp))
            }
            r => r,
        }
    }
    fn cmp(interp: &Interp, a: Args, op: CmpOp, name: &str) -> R {
        let (x, y) = two(a, name)?;
        match interp.compare(op, &x, &y) {
            Err(e) if e.is("TypeError") && e.message().contains("not supported between") => {
                Ok(not_implemented(interp))
            }
            r => r,
        }
    }
    let f: BuiltinFn = match name {
        "__add__" => |interp, a| binop(interp, a, BinOp::Add, "__add__"),
        "__sub__" => |interp, a| binop(interp, a, BinOp::Sub, "__sub__"),
        "__mul__" => |interp, a| binop(interp, a, BinOp::Mul, "__mul__"),
        "__truediv__" => |interp, a| binop(interp, a, BinOp::Div, "__truediv__"),
        "__floordiv__" => |interp, a| binop(interp, a, BinOp::FloorDiv, "__floordiv__"),
        "__mod__" => |interp, a| binop(interp, a, BinOp::Mod, "__mod__"),
        "__pow__" => |interp, a| binop(interp, a, BinOp::Pow, "__pow__"),
        "__and__" => |interp, a| binop(interp, a, BinOp::BitAnd, "__and__"),
        "__or__" => |interp, a| binop(interp, a, BinOp::BitOr, "__or__"),
        "__xor__" => |interp, a| binop(interp, a, BinOp::BitXor, "__xor__"),
        "__eq__" => |interp, a| cmp(interp, a, CmpOp::Eq, "__eq__"),
        "__ne__" => |interp, a| cmp(interp, a, CmpOp::NotEq, "__ne__"),
        "__lt__" => |interp, a| cmp(interp, a, CmpOp::Lt, "__lt__"),
        "__le__" => |interp, a| cmp(interp, a, CmpOp::LtE, "__le__"),
        "__gt__" => |interp, a| cmp(interp, a, CmpOp::Gt, "__gt__"),
        "__ge__" => |interp, a| cmp(interp, a, CmpOp::GtE, "__ge__"),
        "__hash__" => |interp, a| {
            let this = recv0(a, "object.__hash__")?;
            match interp.builtins.get("hash") {
                Some(h) => interp.call(h, Args::new(vec![this])),
                None => Err(Exc::type_error("hash() is unavailable")),
            }
        },
        "__bool__" => |interp, a| {
            let this = recv0(a, "object.__bool__")?;
            Ok(Value::Bool(interp.truthy(&this)?))
        },
        "__str__" => |interp, a| {
            let this = recv0(a, "object.__str__")?;
            Ok(Value::str(interp.str(&this)?))
        },
        "__repr__" => |interp, a| {
            let this = recv0(a, "object.__repr__")?;
            Ok(Value::str(interp.repr(&this)?))
        },
        "__format__" => |interp, a| {
            let (this, p) = bind(a, "object.__format__", &["format_spec"], 1, false)?;
            let spec = str_param(&p[0], "__format__", 1)?;
            Ok(Value::str(interp.format_value(&this, &spec)?))
        },
        _ => return None,
    };
    Some(f)
}

fn make_builtin(name: &str, func: BuiltinFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: name.into(),
        func,
        data: None,
    }))
}

// ------------------------------------------------------------- arguments

/// Splits a method call's arguments into the receiver and the values of
/// `names` (positional first, then keywords if `kw_ok`), checking counts
/// with CPython's messages. `qual` is `type.method`.
fn bind(
    a: Args,
    qual: &str,
    names: &[&str],
    required: usize,
    kw_ok: bool,
) -> Result<(Value, Vec<Option<Value>>), Exc> {
    let short = qual.rsplit('.').next().unwrap_or(qual);
    let mut pos = a.pos.into_iter();
    let Some(this) = pos.next() else {
        return Err(Exc::type_error(format!(
            "unbound method {qual}() needs an argument"
        )));
    };
    let rest: Vec<Value> = pos.collect();
    let n = rest.len();
    let max = names.len();
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    let meth_o = max == 1 && required == 1 && !kw_ok;
    if n > max {
        return Err(Exc::type_error(if max == 0 {
            format!("{qual}() takes no arguments ({n} given)")
        } else if meth_o {
            format!("{qual}() takes exactly one argument ({n} given)")
        } else if kw_ok {
            format!(
                "{short}() takes at most {max} argument{} ({n} given)",
                plural(max)
            )
        } else if required == max {
            format!("{short} expected {max} argument{}, got {n}", plural(max))
        } else {
            format!(
                "{short} expected at most {max} argument{}, got {n}",
                plural(max)
            )
        }));
    }
    let mut out: Vec<Option<Value>> = rest.into_iter().map(Some).collect();
    out.resize(max, None);
    for (k, v) in a.kw {
        if !kw_ok {
            return Err(Exc::type_error(format!(
                "{qual}() takes no keyword arguments"
            )));
        }
        match names.iter().position(|p| **p == *k) {
            Some(i) if out[i].is_none() => out[i] = Some(v),
            Some(i) => {
                return Err(Exc::type_error(format!(
                    "argument for {short}() given by name ('{k}') and position ({})",
                    i + 1
                )))
            }
            None => {
                return Err(Exc::type_error(format!(
                    "'{k}' is an invalid keyword argument for {short}()"
                )))
            }
        }
    }
    if let Some(i) = out.iter().take(required).position(Option::is_none) {
        return Err(Exc::type_error(if meth_o {
            format!("{qual}() takes exactly one argument (0 given)")
        } else if kw_ok {
            format!(
                "{short}() missing required argument '{}' (pos {})",
                names[i],
                i + 1
            )
        } else if required == max {
            format!(
                "{short} expected {required} argument{}, got {n}",
                plural(required)
            )
        } else {
            format!(
                "{short} expected at least {required} argument{}, got {n}",
                plural(required)
            )
        }));
    }
    Ok((this, out))
}

/// Just the receiver, for methods without parameters.
fn recv0(a: Args, qual: &str) -> Result<Value, Exc> {
    bind(a, qual, &[], 0, false).map(|(this, _)| this)
}

fn descr_error(qual: &str, v: &Value) -> Exc {
    let (ty, m) = qual.split_once('.').unwrap_or(("object", qual));
    Exc::type_error(format!(
        "descriptor '{m}' for '{ty}' objects doesn't apply to a '{}' object",
        v.type_name()
    ))
}

fn as_str(v: &Value, qual: &str) -> Result<Rc<str>, Exc> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(descr_error(qual, other)),
    }
}

fn as_list(v: &Value, qual: &str) -> Result<Rc<RefCell<Vec<Value>>>, Exc> {
    match v {
        Value::List(l) => Ok(l.clone()),
        other => Err(descr_error(qual, other)),
    }
}

fn as_tuple(v: &Value, qual: &str) -> Result<Rc<[Value]>, Exc> {
    match v {
        Value::Tuple(t) => Ok(t.clone()),
        other => Err(descr_error(qual, other)),
    }
}

fn as_dict(v: &Value, qual: &str) -> Result<Rc<RefCell<Dict>>, Exc> {
    match v {
        Value::Dict(d) => Ok(d.clone()),
        other => Err(descr_error(qual, other)),
    }
}

fn as_set(v: &Value, qual: &str) -> Result<Rc<RefCell<Set>>, Exc> {
    match v {
        Value::Set(s) => Ok(s.clone()),
        other => Err(descr_error(qual, other)),
    }
}

fn as_bytes(v: &Value, qual: &str) -> Result<Rc<[u8]>, Exc> {
    match v {
        Value::Bytes(b) => Ok(b.clone()),
        other => Err(descr_error(qual, other)),
    }
}

fn as_int_recv(v: &Value, qual: &str) -> Result<i64, Exc> {
    v.as_int().ok_or_else(|| descr_error(qual, v))
}

fn as_float_recv(v: &Value, qual: &str) -> Result<f64, Exc> {
    match v {
        Value::Float(f) => Ok(*f),
        other => Err(descr_error(qual, other)),
    }
}

/// An integer argument (`int`, `bool`).
fn int_of(v: &Value) -> Result<i64, Exc> {
    v.as_int().ok_or_else(|| {
        Exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_name()
        ))
    })
}

/// An optional integer argument with a default (`None` is not allowed).
fn opt_int(v: &Option<Value>, default: i64) -> Result<i64, Exc> {
    match v {
        None => Ok(default),
        Some(v) => int_of(v),
    }
}

/// A slice-like index argument (`start`/`end` of `find`, `index`, ...).
fn slice_arg(v: &Option<Value>) -> Result<Option<i64>, Exc> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => v.as_int().map(Some).ok_or_else(|| {
            Exc::type_error("slice indices must be integers or None or have an __index__ method")
        }),
    }
}

/// CPython's `ADJUST_INDICES`: `start` may end up past `end`.
fn adjust(start: Option<i64>, end: Option<i64>, len: usize) -> (usize, usize) {
    let len = len as i64;
    let mut end = end.unwrap_or(len);
    if end > len {
        end = len;
    } else if end < 0 {
        end = (end + len).max(0);
    }
    let mut start = start.unwrap_or(0);
    if start < 0 {
        start = (start + len).max(0);
    }
    (start as usize, end as usize)
}

/// `list.append(x)` on `l` (the VM calls it straight for `xs.append(x)`).
pub(crate) fn list_append(interp: &Interp, l: &RefCell<Vec<Value>>, x: Value) -> Result<(), Exc> {
    let mut l = l.borrow_mut();
    memory_check(interp, l.len(), "list")?;
    l.push(x);
    Ok(())
}

/// `dict.get(k, default)` on `d` (the VM calls it straight for
/// `d.get(k)` and `d.get(k, default)`).
pub(crate) fn dict_get(
    d: &RefCell<Dict>,
    k: &Value,
    default: Option<&Value>,
) -> Result<Value, Exc> {
    let found = d.borrow().get(&Key::new(k.clone())?).cloned();
    Ok(found.or_else(|| default.cloned()).unwrap_or(Value::None))
}

fn memory_check(interp: &Interp, len: usize, what: &str) -> Result<(), Exc> {
    if len >= interp.limits.max_collection {
        return Err(Exc::of("MemoryError", format!("{what} too large")));
    }
    Ok(())
}

fn key_error(k: Value) -> Exc {
    Exc::new(crate::exc::class("KeyError"), vec![k])
}

// ------------------------------------------------------------ characters

/// `str.isspace` for one character.
fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// The value of a Unicode decimal digit (`Nd`), for the common scripts.
fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return c.to_digit(10);
    }
    const ZEROS: &[u32] = &[
        0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
        0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0xFF10,
    ];
    let u = c as u32;
    ZEROS
        .iter()
        .find(|z| (**z..**z + 10).contains(&u))
        .map(|z| u - z)
}

fn is_decimal(c: char) -> bool {
    decimal_value(c).is_some()
}

fn is_digit(c: char) -> bool {
    // Decimal digits plus superscripts, subscripts and circled digits.
    is_decimal(c)
        || matches!(
            c,
            '²' | '³'
                | '¹'
                | '\u{2070}'
                | '\u{2074}'..='\u{2079}'
                | '\u{2080}'..='\u{2089}'
                | '\u{2460}'..='\u{2468}'
                | '\u{2474}'..='\u{247C}'
                | '\u{2488}'..='\u{2490}'
                | '\u{24F5}'..='\u{24FD}'
                | '\u{2776}'..='\u{277E}'
                | '\u{2780}'..='\u{2788}'
                | '\u{278A}'..='\u{2792}'
        )
}

fn is_titlecase(c: char) -> bool {
    matches!(c, 'ǅ' | 'ǈ' | 'ǋ' | 'ǲ')
        || ('\u{1F88}'..='\u{1F8F}').contains(&c)
        || ('\u{1F98}'..='\u{1F9F}').contains(&c)
}

fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || is_titlecase(c)
}

fn push_title(out: &mut String, c: char) {
    match c {
        'Ǆ' | 'ǅ' | 'ǆ' => out.push('ǅ'),
        'Ǉ' | 'ǈ' | 'ǉ' => out.push('ǈ'),
        'Ǌ' | 'ǋ' | 'ǌ' => out.push('ǋ'),
        'Ǳ' | 'ǲ' | 'ǳ' => out.push('ǲ'),
        'ß' => out.push_str("Ss"),
        c => out.extend(c.to_uppercase()),
    }
}

fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// A character for error messages, as Python's `repr` escapes it.
fn char_escape(c: char) -> String {
    let u = c as u32;
    if u < 0x100 {
        format!("\\x{u:02x}")
    } else if u < 0x10000 {
        format!("\\u{u:04x}")
    } else {
        format!("\\U{u:08x}")
    }
}

// ------------------------------------------------------------------- str

fn str_method(name: &str) -> Option<BuiltinFn> {
    let f: BuiltinFn = match name {
        "upper" => |_, a| {
            let s = as_str(&recv0(a, "str.upper")?, "str.upper")?;
            Ok(Value::str(s.to_uppercase()))
        },
        "lower" => |_, a| {
            let s = as_str(&recv0(a, "str.lower")?, "str.lower")?;
            Ok(Value::str(s.to_lowercase()))
        },
        "casefold" => |_, a| {
            let s = as_str(&recv0(a, "str.casefold")?, "str.casefold")?;
            Ok(Value::str(
                s.to_lowercase().replace('ß', "ss").replace('ς', "σ"),
            ))
        },
        "swapcase" => |_, a| {
            let s = as_str(&recv0(a, "str.swapcase")?, "str.swapcase")?;
            let mut out = String::with_capacity(s.len());
            for c in s.chars() {
                if c.is_uppercase() {
                    out.extend(c.to_lowercase());
                } else if c.is_lowercase() {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
            }
            Ok(Value::str(out))
        },
        "capitalize" => |_, a| {
            let s = as_str(&recv0(a, "str.capitalize")?, "str.capitalize")?;
            let mut out = String::with_capacity(s.len());
            let mut chars = s.chars();
            if let Some(c) = chars.next() {
                push_title(&mut out, c);
            }
            for c in chars {
                out.extend(c.to_lowercase());
            }
            Ok(Value::str(out))
        },
        "title" => |_, a| {
            let s = as_str(&recv0(a, "str.title")?, "str.title")?;
            let mut out = String::with_capacity(s.len());
            let mut prev_cased = false;
            for c in s.chars() {
                if prev_cased {
                    out.extend(c.to_lowercase());
                } else {
                    push_title(&mut out, c);
                }
                prev_cased = is_cased(c);
            }
            Ok(Value::str(out))
        },
        "strip" => |_, a| str_strip(a, "str.strip", true, true),
        "lstrip" => |_, a| str_strip(a, "str.lstrip", true, false),
        "rstrip" => |_, a| str_strip(a, "str.rstrip", false, true),
        "split" => |_, a| str_split(a, "str.split", false),
        "rsplit" => |_, a| str_split(a, "str.rsplit", true),
        "splitlines" => str_splitlines,
        "join" => str_join,
        "replace" => str_replace,
        "find" => |interp, a| str_find(interp, a, "str.find", false, false),
        "rfind" => |interp, a| str_find(interp, a, "str.rfind", true, false),
        "index" => |interp, a| str_find(interp, a, "str.index", false, true),
        "rindex" => |interp, a| str_find(interp, a, "str.rindex", true, true),
        "count" => str_count,
        "startswith" => |interp, a| str_affix(interp, a, "str.startswith", false),
        "endswith" => |interp, a| str_affix(interp, a, "str.endswith", true),
        "isdigit" => |_, a| str_pred(a, "str.isdigit", is_digit),
        "isdecimal" => |_, a| str_pred(a, "str.isdecimal", is_decimal),
        "isnumeric" => |_, a| str_pred(a, "str.isnumeric", |c| c.is_numeric()),
        "isalpha" => |_, a| str_pred(a, "str.isalpha", |c| c.is_alphabetic()),
        "isalnum" => |_, a| str_pred(a, "str.isalnum", |c| c.is_alphabetic() || c.is_numeric()),
        "isspace" => |_, a| str_pred(a, "str.isspace", py_isspace),
        "isascii" => |_, a| {
            let s = as_str(&recv0(a, "str.isascii")?, "str.isascii")?;
            Ok(Value::Bool(s.is_ascii()))
        },
        "isprintable" => |_, a| {
            let s = as_str(&recv0(a, "str.isprintable")?, "str.isprintable")?;
            Ok(Value::Bool(s.chars().all(crate::format::is_printable)))
        },
        "isupper" => |_, a| {
            let s = as_str(&recv0(a, "str.isupper")?, "str.isupper")?;
            let any_cased = s.chars().any(is_cased);
            Ok(Value::Bool(
                any_cased && !s.chars().any(|c| c.is_lowercase() || is_titlecase(c)),
            ))
        },
        "islower" => |_, a| {
            let s = as_str(&recv0(a, "str.islower")?, "str.islower")?;
            let any_cased = s.chars().any(is_cased);
            Ok(Value::Bool(
                any_cased && !s.chars().any(|c| c.is_uppercase() || is_titlecase(c)),
            ))
        },
        "istitle" => |_, a| {
            let s = as_str(&recv0(a, "str.istitle")?, "str.istitle")?;
            let (mut cased, mut prev_cased) = (false, false);
            for c in s.chars() {
                if c.is_uppercase() || is_titlecase(c) {
                    if prev_cased {
                        return Ok(Value::Bool(false));
                    }
                    prev_cased = true;
                    cased = true;
                } else if c.is_lowercase() {
                    if !prev_cased {
                        return Ok(Value::Bool(false));
                    }
                    prev_cased = true;
                    cased = true;
                } else {
                    prev_cased = false;
                }
            }
            Ok(Value::Bool(cased))
        },
        "isidentifier" => |_, a| {
            let s = as_str(&recv0(a, "str.isidentifier")?, "str.isidentifier")?;
            let mut chars = s.chars();
            let ok = match chars.next() {
                Some(c) if c == '_' || c.is_alphabetic() => {
                    chars.all(|c| c == '_' || c.is_alphanumeric())
                }
                _ => false,
            };
            Ok(Value::Bool(ok))
        },
        "center" => |_, a| str_pad(a, "str.center", 0),
        "ljust" => |_, a| str_pad(a, "str.ljust", -1),
        "rjust" => |_, a| str_pad(a, "str.rjust", 1),
        "zfill" => str_zfill,
        "partition" => |_, a| str_partition(a, "str.partition", false),
        "rpartition" => |_, a| str_partition(a, "str.rpartition", true),
        "format" => |interp, a| {
            let mut pos = a.pos;
            if pos.is_empty() {
                return Err(Exc::type_error(
                    "unbound method str.format() needs an argument",
                ));
            }
            let this = pos.remove(0);
            let s = as_str(&this, "str.format")?;
            Ok(Value::str(crate::format::str_format(
                interp, &s, &pos, &a.kw,
            )?))
        },
        "format_map" => |interp, a| {
            let (this, p) = bind(a, "str.format_map", &["mapping"], 1, false)?;
            let s = as_str(&this, "str.format_map")?;
            let mapping = p[0].clone().unwrap_or(Value::None);
            let mut kw: Vec<(Rc<str>, Value)> = Vec::new();
            for (k, v) in interp.mapping_items(&mapping)? {
                if let Value::Str(ref k) = k {
                    kw.push((k.clone(), v));
                }
            }
            match crate::format::str_format(interp, &s, &[], &kw) {
                Ok(out) => Ok(Value::str(out)),
                Err(e) if e.is("IndexError") && e.message().starts_with("Replacement index") => {
                    Err(Exc::value_error("Format string contains positional fields"))
                }
                Err(e) => Err(e),
            }
        },
        "encode" => |_, a| {
            let (this, p) = bind(a, "str.encode", &["encoding", "errors"], 0, true)?;
            let s = as_str(&this, "str.encode")?;
            let enc = opt_str(&p[0], "encode", 1)?.unwrap_or_else(|| "utf-8".into());
            let errors = opt_str(&p[1], "encode", 2)?.unwrap_or_else(|| "strict".into());
            Ok(Value::Bytes(encode(&s, &enc, &errors)?.into()))
        },
        "expandtabs" => |_, a| {
            let (this, p) = bind(a, "str.expandtabs", &["tabsize"], 0, true)?;
            let s = as_str(&this, "str.expandtabs")?;
            let tab = opt_int(&p[0], 8)?;
            let out = expand_tabs(&s, tab);
            Ok(Value::str(out))
        },
        "removeprefix" => |_, a| {
            let (this, p) = bind(a, "str.removeprefix", &["prefix"], 1, false)?;
            let s = as_str(&this, "str.removeprefix")?;
            let pre = str_param(&p[0], "removeprefix", 1)?;
            Ok(match s.strip_prefix(&*pre) {
                Some(rest) => Value::str(rest),
                None => this,
            })
        },
        "removesuffix" => |_, a| {
            let (this, p) = bind(a, "str.removesuffix", &["suffix"], 1, false)?;
            let s = as_str(&this, "str.removesuffix")?;
            let suf = str_param(&p[0], "removesuffix", 1)?;
            Ok(match s.strip_suffix(&*suf) {
                Some(rest) if !suf.is_empty() => Value::str(rest),
                _ => this,
            })
        },
        "translate" => str_translate,
        "maketrans" => |interp, a| {
            let mut a = a;
            if !a.pos.is_empty() {
                a.pos.remove(0);
            }
            str_maketrans_static(interp, a)
        },
        "__len__" => |_, a| {
            let s = as_str(&recv0(a, "str.__len__")?, "str.__len__")?;
            Ok(Value::Int(char_len(&s) as i64))
        },
        "__contains__" => |interp, a| {
            let (this, p) = bind(a, "str.__contains__", &["key"], 1, false)?;
            as_str(&this, "str.__contains__")?;
            Ok(Value::Bool(
                interp.contains(&this, &p[0].clone().unwrap_or(Value::None))?,
            ))
        },
        "__getitem__" => |interp, a| {
            let (this, p) = bind(a, "str.__getitem__", &["key"], 1, false)?;
            as_str(&this, "str.__getitem__")?;
            interp.getitem(&this, p[0].clone().unwrap_or(Value::None))
        },
        "__iter__" => |interp, a| {
            let this = recv0(a, "str.__iter__")?;
            as_str(&this, "str.__iter__")?;
            crate::builtins::iter_value(interp, this)
        },
        "__str__" => |_, a| {
            let this = recv0(a, "str.__str__")?;
            as_str(&this, "str.__str__")?;
            Ok(this)
        },
        "__repr__" => |_, a| {
            let s = as_str(&recv0(a, "str.__repr__")?, "str.__repr__")?;
            Ok(Value::str(crate::format::str_repr(&s)))
        },
        _ => return None,
    };
    Some(f)
}

/// A required `str` parameter (`replace() argument 1 must be str, not int`).
fn str_param(v: &Option<Value>, fname: &str, n: usize) -> Result<Rc<str>, Exc> {
    match v {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(other) => Err(Exc::type_error(format!(
            "{fname}() argument {n} must be str, not {}",
            other.type_name()
        ))),
        None => Err(Exc::type_error(format!(
            "{fname}() missing required argument (pos {n})"
        ))),
    }
}

/// An optional `str` parameter (absent stays `None`).
fn opt_str(v: &Option<Value>, fname: &str, n: usize) -> Result<Option<Rc<str>>, Exc> {
    match v {
        None => Ok(None),
        Some(_) => str_param(v, fname, n).map(Some),
    }
}

fn str_strip(a: Args, qual: &str, left: bool, right: bool) -> R {
    let short = qual.rsplit('.').next().unwrap_or(qual);
    let (this, p) = bind(a, qual, &["chars"], 0, false)?;
    let s = as_str(&this, qual)?;
    let out = match &p[0] {
        None | Some(Value::None) => match (left, right) {
            (true, true) => s.trim_matches(py_isspace),
            (true, false) => s.trim_start_matches(py_isspace),
            _ => s.trim_end_matches(py_isspace),
        },
        Some(Value::Str(chars)) => {
            let set: Vec<char> = chars.chars().collect();
            let f = |c: char| set.contains(&c);
            match (left, right) {
                (true, true) => s.trim_matches(f),
                (true, false) => s.trim_start_matches(f),
                _ => s.trim_end_matches(f),
            }
        }
        Some(_) => return Err(Exc::type_error(format!("{short} arg must be None or str"))),
    };
    Ok(if out.len() == s.len() {
        this
    } else {
        Value::str(out)
    })
}

/// Splits on runs of whitespace, CPython's `split()` / `rsplit()` without
/// a separator.
fn split_whitespace(s: &str, maxsplit: i64, from_right: bool) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut out: Vec<String> = Vec::new();
    let mut left = if maxsplit < 0 { i64::MAX } else { maxsplit };
    if !from_right {
        let mut i = 0;
        while left > 0 {
            left -= 1;
            while i < n && py_isspace(chars[i]) {
                i += 1;
            }
            if i == n {
                break;
            }
            let j = i;
            while i < n && !py_isspace(chars[i]) {
                i += 1;
            }
            out.push(chars[j..i].iter().collect());
        }
        while i < n && py_isspace(chars[i]) {
            i += 1;
        }
        if i < n {
            out.push(chars[i..].iter().collect());
        }
    } else {
        let mut i = n;
        while left > 0 {
            left -= 1;
            while i > 0 && py_isspace(chars[i - 1]) {
                i -= 1;
            }
            if i == 0 {
                break;
            }
            let j = i;
            while i > 0 && !py_isspace(chars[i - 1]) {
                i -= 1;
            }
            out.push(chars[i..j].iter().collect());
        }
        while i > 0 && py_isspace(chars[i - 1]) {
            i -= 1;
        }
        if i > 0 {
            out.push(chars[..i].iter().collect());
        }
        out.reverse();
    }
    out
}

fn str_split(a: Args, qual: &str, from_right: bool) -> R {
    let (this, p) = bind(a, qual, &["sep", "maxsplit"], 0, true)?;
    let s = as_str(&this, qual)?;
    let maxsplit = opt_int(&p[1], -1)?;
    let parts: Vec<String> = match &p[0] {
        None | Some(Value::None) => split_whitespace(&s, maxsplit, from_right),
        Some(Value::Str(sep)) => {
            if sep.is_empty() {
                return Err(Exc::value_error("empty separator"));
            }
            match (maxsplit < 0, from_right) {
                (true, _) => s.split(&**sep).map(String::from).collect(),
                (false, false) => s
                    .splitn(maxsplit as usize + 1, &**sep)
                    .map(String::from)
                    .collect(),
                (false, true) => {
                    let mut v: Vec<String> = s
                        .rsplitn(maxsplit as usize + 1, &**sep)
                        .map(String::from)
                        .collect();
                    v.reverse();
                    v
                }
            }
        }
        Some(other) => {
            return Err(Exc::type_error(format!(
                "must be str or None, not {}",
                other.type_name()
            )))
        }
    };
    Ok(Value::list(parts.into_iter().map(Value::str).collect()))
}

fn str_splitlines(_: &Interp, a: Args) -> R {
    let (this, p) = bind(a, "str.splitlines", &["keepends"], 0, true)?;
    let s = as_str(&this, "str.splitlines")?;
    let keep = match &p[0] {
        None => false,
        Some(v) => v.truthy_builtin().unwrap_or(true),
    };
    let out = split_lines(&s)
        .into_iter()
        .map(|(line, ending)| {
            Value::str(if keep {
                &s[line.start..ending.end]
            } else {
                &s[line]
            })
        })
        .collect();
    Ok(Value::list(out))
}

fn str_join(interp: &Interp, a: Args) -> R {
    let (this, p) = bind(a, "str.join", &["iterable"], 1, false)?;
    let sep = as_str(&this, "str.join")?;
    let iterable = p[0].clone().unwrap_or(Value::None);
    let items = match &iterable {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        other => {
            let mut it = match interp.iter(other) {
                Ok(it) => it,
                Err(e) if e.is("TypeError") => {
                    return Err(Exc::type_error("can only join an iterable"))
                }
                Err(e) => return Err(e),
            };
            let mut v = Vec::new();
            while let Some(x) = it.next(interp)? {
                v.push(x);
            }
            v
        }
    };
    let mut out = String::new();
    for (i, v) in items.iter().enumerate() {
        match v.inner().unwrap_or(v) {
            Value::Str(s) => {
                if i > 0 {
                    out.push_str(&sep);
                }
                out.push_str(s);
            }
            _ => {
                let other = v;
                return Err(Exc::type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    other.type_name()
                )));
            }
        }
    }
    Ok(Value::str(out))
}

fn str_replace(_: &Interp, a: Args) -> R {
    let (this, p) = bind(a, "str.replace", &["old", "new", "count"], 2, false)?;
    let s = as_str(&this, "str.replace")?;
    let old = str_param(&p[0], "replace", 1)?;
    let new = str_param(&p[1], "replace", 2)?;
    let count = opt_int(&p[2], -1)?;
    Ok(Value::str(if count < 0 {
        s.replace(&*old, &new)
    } else {
        s.replacen(&*old, &new, count as usize)
    }))
}

/// The byte range of characters `start..end` of `s` (CPython's slice-like
/// `start`/`end` arguments of `find`, `count`, `startswith`), or `None`
/// when it is empty because start is past end. A long text is measured
/// and indexed through the interpreter's kept indexes, so a loop that
/// calls `s.find(x, i)` stays linear.
fn str_window(
    interp: &Interp,
    s: &Rc<str>,
    start: &Option<Value>,
    end: &Option<Value>,
) -> Result<Option<(usize, usize)>, Exc> {
    let (start, end) = (slice_arg(start)?, slice_arg(end)?);
    if start.is_none() && end.is_none() {
        return Ok(Some((0, s.len())));
    }
    let (st, en) = adjust(start, end, interp.str_len(s));
    if st > en {
        return Ok(None);
    }
    Ok(Some((interp.str_byte_at(s, st), interp.str_byte_at(s, en))))
}

fn str_find(interp: &Interp, a: Args, qual: &str, rev: bool, raise: bool) -> R {
    let short = qual.rsplit('.').next().unwrap_or(qual);
    if a.pos.len() < 2 {
        return Err(Exc::type_error(format!(
            "{short}() takes at least 1 argument (0 given)"
        )));
    }
    let (this, p) = bind(a, qual, &["sub", "start", "end"], 1, false)?;
    let s = as_str(&this, qual)?;
    let sub = match &p[0] {
        Some(Value::Str(x)) => x.clone(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "must be str, not {}",
                other.type_name()
            )))
        }
        None => {
            return Err(Exc::type_error(format!(
                "{short}() takes at least 1 argument (0 given)"
            )))
        }
    };
    let found = match str_window(interp, &s, &p[1], &p[2])? {
        None => None,
        Some((bs, be)) => {
            let hay = s.get(bs..be).unwrap_or_default();
            let r = if rev {
                hay.rfind(&*sub)
            } else {
                hay.find(&*sub)
            };
            r.map(|b| interp.str_char_at(&s, bs + b))
        }
    };
    match found {
        Some(i) => Ok(Value::Int(i as i64)),
        None if raise => Err(Exc::value_error("substring not found")),
        None => Ok(Value::Int(-1)),
    }
}

fn str_count(interp: &Interp, a: Args) -> R {
    if a.pos.len() < 2 {
        return Err(Exc::type_error(
            "count() takes at least 1 argument (0 given)",
        ));
    }
    let (this, p) = bind(a, "str.count", &["sub", "start", "end"], 1, false)?;
    let s = as_str(&this, "str.count")?;
    let sub = match &p[0] {
        Some(Value::Str(x)) => x.clone(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "must be str, not {}",
                other.type_name()
            )))
        }
        None => {
            return Err(Exc::type_error(
                "count() takes at least 1 argument (0 given)",
            ))
        }
    };
    let Some((bs, be)) = str_window(interp, &s, &p[1], &p[2])? else {
        return Ok(Value::Int(0));
    };
    let hay = s.get(bs..be).unwrap_or_default();
    if sub.is_empty() {
        return Ok(Value::Int(hay.chars().count() as i64 + 1));
    }
    Ok(Value::Int(hay.matches(&*sub).count() as i64))
}

fn str_affix(interp: &Interp, a: Args, qual: &str, end_side: bool) -> R {
    let short = qual.rsplit('.').next().unwrap_or(qual);
    let (this, p) = bind(a, qual, &["prefix", "start", "end"], 1, false)?;
    let s = as_str(&this, qual)?;
    let hay =
        str_window(interp, &s, &p[1], &p[2])?.map(|(bs, be)| s.get(bs..be).unwrap_or_default());
    let test = |x: &str| match hay {
        None => false,
        Some(h) => {
            if end_side {
                h.ends_with(x)
            } else {
                h.starts_with(x)
            }
        }
    };
    match &p[0] {
        Some(Value::Str(x)) => Ok(Value::Bool(test(x))),
        Some(Value::Tuple(t)) => {
            for x in t.iter() {
                match x {
                    Value::Str(x) => {
                        if test(x) {
                            return Ok(Value::Bool(true));
                        }
                    }
                    other => {
                        return Err(Exc::type_error(format!(
                            "tuple for {short} must only contain str, not {}",
                            other.type_name()
                        )))
                    }
                }
            }
            Ok(Value::Bool(false))
        }
        Some(other) => Err(Exc::type_error(format!(
            "{short} first arg must be str or a tuple of str, not {}",
            other.type_name()
        ))),
        None => Err(Exc::type_error(format!(
            "{short}() takes at least 1 argument (0 given)"
        ))),
    }
}

fn str_pred(a: Args, qual: &str, f: fn(char) -> bool) -> R {
    let s = as_str(&recv0(a, qual)?, qual)?;
    Ok(Value::Bool(!s.is_empty() && s.chars().all(f)))
}

/// `center` (`side` 0), `ljust` (-1), `rjust` (1).
fn str_pad(a: Args, qual: &str, side: i8) -> R {
    let short = qual.rsplit('.').next().unwrap_or(qual);
    let (this, p) = bind(a, qual, &["width", "fillchar"], 1, false)?;
    let s = as_str(&this, qual)?;
    let width = opt_int(&p[0], 0)?;
    let fill = match &p[1] {
        None => ' ',
        Some(Value::Str(f)) => {
            let mut it = f.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(Exc::type_error(
                        "The fill character must be exactly one character long",
                    ))
                }
            }
        }
        Some(other) => {
            return Err(Exc::type_error(format!(
                "{short}() argument 2 must be str, not {}",
                other.type_name()
            )))
        }
    };
    let len = char_len(&s) as i64;
    if width <= len {
        return Ok(this);
    }
    let marg = width - len;
    let left = match side {
        -1 => 0,
        1 => marg,
        _ => marg / 2 + (marg & width & 1),
    };
    let right = marg - left;
    let mut out = String::with_capacity(s.len() + marg as usize);
    out.extend(std::iter::repeat_n(fill, left as usize));
    out.push_str(&s);
    out.extend(std::iter::repeat_n(fill, right as usize));
    Ok(Value::str(out))
}

fn str_zfill(_: &Interp, a: Args) -> R {
    let (this, p) = bind(a, "str.zfill", &["width"], 1, false)?;
    let s = as_str(&this, "str.zfill")?;
    let width = opt_int(&p[0], 0)?;
    let len = char_len(&s) as i64;
    if width <= len {
        return Ok(this);
    }
    let fill = "0".repeat((width - len) as usize);
    let out = match s.chars().next() {
        Some(c @ ('+' | '-')) => format!("{c}{fill}{}", &s[1..]),
        _ => format!("{fill}{s}"),
    };
    Ok(Value::str(out))
}

fn str_partition(a: Args, qual: &str, rev: bool) -> R {
    let (this, p) = bind(a, qual, &["sep"], 1, false)?;
    let s = as_str(&this, qual)?;
    let sep = match &p[0] {
        Some(Value::Str(x)) => x.clone(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "must be str, not {}",
                other.type_name()
            )))
        }
        None => {
            return Err(Exc::type_error(format!(
                "{qual}() takes exactly one argument (0 given)"
            )))
        }
    };
    if sep.is_empty() {
        return Err(Exc::value_error("empty separator"));
    }
    let found = if rev { s.rfind(&*sep) } else { s.find(&*sep) };
    let empty = || Value::str("");
    Ok(Value::tuple(match found {
        Some(i) => vec![
            Value::str(&s[..i]),
            Value::Str(sep.clone()),
            Value::str(&s[i + sep.len()..]),
        ],
        None if rev => vec![empty(), empty(), this],
        None => vec![this, empty(), empty()],
    }))
}

fn str_translate(interp: &Interp, a: Args) -> R {
    let (this, p) = bind(a, "str.translate", &["table"], 1, false)?;
    let s = as_str(&this, "str.translate")?;
    let table = p[0].clone().unwrap_or(Value::None);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mapped = match interp.getitem(&table, Value::Int(c as i64)) {
            Ok(v) => v,
            Err(e) if e.is("LookupError") => {
                out.push(c);
                continue;
            }
            Err(e) => return Err(e),
        };
        match mapped {
            Value::None => {}
            Value::Str(ref r) => out.push_str(r),
            v => match v.as_int() {
                Some(i) => match u32::try_from(i).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        return Err(Exc::value_error(
                            "character mapping must be in range(0x110000)",
                        ))
                    }
                },
                None => {
                    return Err(Exc::type_error(
                        "character mapping must return integer, None or str",
                    ))
                }
            },
        }
    }
    Ok(Value::str(out))
}

fn str_maketrans_static(_: &Interp, a: Args) -> R {
    if !a.kw.is_empty() {
        return Err(Exc::type_error("maketrans() takes no keyword arguments"));
    }
    let mut d = Dict::default();
    match a.pos.as_slice() {
        [Value::Dict(m)] => {
            for (k, v) in m.borrow().iter() {
                let key = match &k.0 {
                    Value::Str(s) if s.chars().count() == 1 => {
                        Value::Int(s.chars().next().map(|c| c as i64).unwrap_or(0))
                    }
                    Value::Str(_) => {
                        return Err(Exc::value_error(
                            "string keys in translate table must be of length 1",
                        ))
                    }
                    other => match other.as_int() {
                        Some(i) => Value::Int(i),
                        None => {
                            return Err(Exc::type_error(
                                "keys in translate table must be strings or integers",
                            ))
                        }
                    },
                };
                d.insert(Key(key), v.clone());
            }
        }
        [_] => {
            return Err(Exc::type_error(
                "if you give only one argument to maketrans it must be a dict",
            ))
        }
        [x, y] | [x, y, _] => {
            let (Value::Str(x), Value::Str(y)) = (x, y) else {
                return Err(Exc::type_error("maketrans() argument must be str"));
            };
            if x.chars().count() != y.chars().count() {
                return Err(Exc::value_error(
                    "the first two maketrans arguments must have equal length",
                ));
            }
            for (c, r) in x.chars().zip(y.chars()) {
                d.insert(Key(Value::Int(c as i64)), Value::Int(r as i64));
            }
            if let Some(z) = a.pos.get(2) {
                let Value::Str(z) = z else {
                    return Err(Exc::type_error("maketrans() argument 3 must be str"));
                };
                for c in z.chars() {
                    d.insert(Key(Value::Int(c as i64)), Value::None);
                }
            }
        }
        _ => {
            return Err(Exc::type_error(format!(
                "maketrans expected at most 3 arguments, got {}",
                a.pos.len()
            )));
        }
    }
    Ok(Value::dict(d))
}

// -------------------------------------------------------------- encodings

#[derive(Clone, Copy, PartialEq)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }
}

fn codec(name: &str) -> Result<Codec, Exc> {
    let n = name.trim().to_ascii_lowercase().replace('_', "-");
    Ok(match n.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => Codec::Utf8,
        "ascii" | "us-ascii" | "646" => Codec::Ascii,
        "latin-1" | "latin1" | "latin" | "l1" | "iso-8859-1" | "iso8859-1" | "8859" | "cp819" => {
            Codec::Latin1
        }
        _ => return Err(Exc::of("LookupError", format!("unknown encoding: {name}"))),
    })
}

fn encode(s: &str, encoding: &str, errors: &str) -> Result<Vec<u8>, Exc> {
    let c = codec(encoding)?;
    if c == Codec::Utf8 {
        return Ok(s.as_bytes().to_vec());
    }
    let limit = if c == Codec::Ascii { 0x80 } else { 0x100 };
    let mut out = Vec::with_capacity(s.len());
    for (i, ch) in s.chars().enumerate() {
        let u = ch as u32;
        if u < limit {
            out.push(u as u8);
            continue;
        }
        match errors {
            "ignore" => {}
            "replace" => out.push(b'?'),
            "xmlcharrefreplace" => out.extend(format!("&#{u};").bytes()),
            "backslashreplace" => out.extend(char_escape(ch).bytes()),
            _ => {
                return Err(Exc::of(
                    "UnicodeEncodeError",
                    format!(
                        "'{}' codec can't encode character '{}' in position {i}: ordinal not in range({limit})",
                        c.name(),
                        char_escape(ch)
                    ),
                ))
            }
        }
    }
    Ok(out)
}

fn decode(b: &[u8], encoding: &str, errors: &str) -> Result<String, Exc> {
    match codec(encoding)? {
        Codec::Latin1 => Ok(b.iter().map(|&x| x as char).collect()),
        Codec::Ascii => {
            let mut out = String::with_capacity(b.len());
            for (i, &x) in b.iter().enumerate() {
                if x < 0x80 {
                    out.push(x as char);
                } else {
                    match errors {
                        "ignore" => {}
                        "replace" => out.push('\u{fffd}'),
                        "backslashreplace" => out.push_str(&format!("\\x{x:02x}")),
                        _ => {
                            return Err(Exc::of(
                                "UnicodeDecodeError",
                                format!("'ascii' codec can't decode byte 0x{x:02x} in position {i}: ordinal not in range(128)"),
                            ))
                        }
                    }
                }
            }
            Ok(out)
        }
        Codec::Utf8 => match std::str::from_utf8(b) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => match errors {
                "replace" => Ok(String::from_utf8_lossy(b).into_owned()),
                "ignore" | "backslashreplace" => {
                    let mut out = String::new();
                    for chunk in b.utf8_chunks() {
                        out.push_str(chunk.valid());
                        if errors == "backslashreplace" {
                            for x in chunk.invalid() {
                                out.push_str(&format!("\\x{x:02x}"));
                            }
                        }
                    }
                    Ok(out)
                }
                _ => {
                    let pos = e.valid_up_to();
                    let first = b.get(pos).copied().unwrap_or(0);
                    let msg = match e.error_len() {
                        None if b.len() - pos > 1 => {
                            format!("'utf-8' codec can't decode bytes in position {pos}-{}: unexpected end of data", b.len() - 1)
                        }
                        None => format!("'utf-8' codec can't decode byte 0x{first:02x} in position {pos}: unexpected end of data"),
                        Some(_) => {
                            let reason = if (0x80..0xc2).contains(&first) || first >= 0xf5 {
                                "invalid start byte"
                            } else {
                                "invalid continuation byte"
                            };
                            format!("'utf-8' codec can't decode byte 0x{first:02x} in position {pos}: {reason}")
                        }
                    };
                    Err(Exc::of("UnicodeDecodeError", msg))
                }
            },
        },
    }
}

// ----------------------------------------------------------------- bytes

fn bytes_method(name: &str) -> Option<BuiltinFn> {
    let f: BuiltinFn = match name {
        "decode" => |_, a| {
            let (this, p) = bind(a, "bytes.decode", &["encoding", "errors"], 0, true)?;
            let b = as_bytes(&this, "bytes.decode")?;
            let enc = opt_str(&p[0], "decode", 1)?.unwrap_or_else(|| "utf-8".into());
            let errors = opt_str(&p[1], "decode", 2)?.unwrap_or_else(|| "strict".into());
            Ok(Value::str(decode(&b, &enc, &errors)?))
        },
        "hex" => |_, a| {
            let (this, p) = bind(a, "bytes.hex", &["sep", "bytes_per_sep"], 0, true)?;
            let b = as_bytes(&this, "bytes.hex")?;
            let sep = match &p[0] {
                None => None,
                Some(Value::Str(s)) => Some(s.to_string()),
                Some(Value::Bytes(s)) => Some(String::from_utf8_lossy(s).into_owned()),
                Some(other) => {
                    return Err(Exc::type_error(format!(
                        "sep must be str or bytes, not {}",
                        other.type_name()
                    )))
                }
            };
            let per = opt_int(&p[1], 1)?;
            let digits: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
            let out = match sep {
                Some(sep) if per != 0 => {
                    let n = per.unsigned_abs() as usize;
                    let groups: Vec<String> = if per > 0 {
                        // Groups counted from the right.
                        let mut g: Vec<String> = digits.rchunks(n).map(|c| c.concat()).collect();
                        g.reverse();
                        g
                    } else {
                        digits.chunks(n).map(|c| c.concat()).collect()
                    };
                    groups.join(&sep)
                }
                _ => digits.concat(),
            };
            Ok(Value::str(out))
        },
        "fromhex" => |interp, a| {
            let mut a = a;
            if !a.pos.is_empty() {
                a.pos.remove(0);
            }
            bytes_fromhex_static(interp, a)
        },
        "upper" => |_, a| {
            let b = as_bytes(&recv0(a, "bytes.upper")?, "bytes.upper")?;
            Ok(Value::Bytes(b.to_ascii_uppercase().into()))
        },
        "lower" => |_, a| {
            let b = as_bytes(&recv0(a, "bytes.lower")?, "bytes.lower")?;
            Ok(Value::Bytes(b.to_ascii_lowercase().into()))
        },
        "strip" => |_, a| bytes_strip(a, "bytes.strip", true, true),
        "lstrip" => |_, a| bytes_strip(a, "bytes.lstrip", true, false),
        "rstrip" => |_, a| bytes_strip(a, "bytes.rstrip", false, true),
        "split" => bytes_split,
        "join" => bytes_join,
        "replace" => |_, a| {
            let (this, p) = bind(a, "bytes.replace", &["old", "new", "count"], 2, false)?;
            let b = as_bytes(&this, "bytes.replace")?;
            let old = bytes_param(&p[0])?;
            let new = bytes_param(&p[1])?;
            let count = opt_int(&p[2], -1)?;
            Ok(Value::Bytes(bytes_replace(&b, &old, &new, count).into()))
        },
        "find" => |_, a| bytes_find(a, "bytes.find", false, false),
        "rfind" => |_, a| bytes_find(a, "bytes.rfind", true, false),
        "index" => |_, a| bytes_find(a, "bytes.index", false, true),
        "rindex" => |_, a| bytes_find(a, "bytes.rindex", true, true),
        "count" => |_, a| {
            let (this, p) = bind(a, "bytes.count", &["sub", "start", "end"], 1, false)?;
            let b = as_bytes(&this, "bytes.count")?;
            let sub = match &p[0] {
                Some(v) if v.as_int().is_some() => vec![int_of(v)? as u8],
                other => bytes_param(other)?,
            };
            let (st, en) = adjust(slice_arg(&p[1])?, slice_arg(&p[2])?, b.len());
            if st > en {
                return Ok(Value::Int(0));
            }
            if sub.is_empty() {
                return Ok(Value::Int((en - st + 1) as i64));
            }
            let hay = &b[st..en];
            let (mut i, mut n) = (0, 0);
            while i + sub.len() <= hay.len() {
                if hay[i..i + sub.len()] == sub[..] {
                    n += 1;
                    i += sub.len();
                } else {
                    i += 1;
                }
            }
            Ok(Value::Int(n))
        },
        "startswith" => |_, a| bytes_affix(a, "bytes.startswith", false),
        "endswith" => |_, a| bytes_affix(a, "bytes.endswith", true),
        "isdigit" => |_, a| {
            let b = as_bytes(&recv0(a, "bytes.isdigit")?, "bytes.isdigit")?;
            Ok(Value::Bool(
                !b.is_empty() && b.iter().all(u8::is_ascii_digit),
            ))
        },
        "isalpha" => |_, a| {
            let b = as_bytes(&recv0(a, "bytes.isalpha")?, "bytes.isalpha")?;
            Ok(Value::Bool(
                !b.is_empty() && b.iter().all(u8::is_ascii_alphabetic),
            ))
        },
        "isalnum" => |_, a| {
            let b = as_bytes(&recv0(a, "bytes.isalnum")?, "bytes.isalnum")?;
            Ok(Value::Bool(
                !b.is_empty() && b.iter().all(u8::is_ascii_alphanumeric),
            ))
        },
        "isspace" => |_, a| {
            let b = as_bytes(&recv0(a, "bytes.isspace")?, "bytes.isspace")?;
            Ok(Value::Bool(
                !b.is_empty() && b.iter().all(|c| is_byte_space(*c)),
            ))
        },
        "__len__" => |_, a| {
            let b = as_bytes(&recv0(a, "bytes.__len__")?, "bytes.__len__")?;
            Ok(Value::Int(b.len() as i64))
        },
        "__getitem__" => |interp, a| {
            let (this, p) = bind(a, "bytes.__getitem__", &["key"], 1, false)?;
            as_bytes(&this, "bytes.__getitem__")?;
            interp.getitem(&this, p[0].clone().unwrap_or(Value::None))
        },
        "__iter__" => |interp, a| {
            let this = recv0(a, "bytes.__iter__")?;
            as_bytes(&this, "bytes.__iter__")?;
            crate::builtins::iter_value(interp, this)
        },
        _ => return bytes_via_str(name),
    };
    Some(f)
}

/// The bytes methods that work as the `str` method of the same name on
/// the bytes read as text: each byte a char, those past ASCII moved to the
/// private-use area so that no str rule (case, spaces) touches them, as
/// bytes methods only know ASCII.
fn bytes_via_str(name: &str) -> Option<BuiltinFn> {
    macro_rules! via {
        ($($n:literal),*) => {
            match name {
                $($n => Some(|i, a| bytes_as_str(i, a, $n)),)*
                _ => None,
            }
        };
    }
    via!(
        "partition",
        "rpartition",
        "center",
        "ljust",
        "rjust",
        "zfill",
        "title",
        "capitalize",
        "swapcase",
        "islower",
        "isupper",
        "istitle",
        "isascii",
        "splitlines",
        "removeprefix",
        "removesuffix",
        "rsplit",
        "expandtabs"
    )
}

fn bytes_as_str(interp: &Interp, mut a: Args, name: &str) -> R {
    fn to_text(v: &Value) -> Result<Value, Exc> {
        match crate::bytearray::bytes_like(v) {
            Some(b) => Ok(Value::str(
                b.iter()
                    .map(|&x| {
                        char::from_u32(if x < 0x80 {
                            x.into()
                        } else {
                            0xe000 + u32::from(x)
                        })
                    })
                    .collect::<Option<String>>()
                    .unwrap_or_default(),
            )),
            None if matches!(v, Value::Str(_)) => Err(Exc::type_error(format!(
                "a bytes-like object is required, not '{}'",
                v.type_name()
            ))),
            None => Ok(v.clone()),
        }
    }
    fn to_bytes(v: Value) -> Value {
        match v {
            Value::Str(ref s) => {
                let b: Vec<u8> = s.chars().map(|c| (u32::from(c) & 0xff) as u8).collect();
                Value::Bytes(b.into())
            }
            Value::List(ref l) => Value::list(l.borrow().iter().cloned().map(to_bytes).collect()),
            Value::Tuple(ref t) => Value::tuple(t.iter().cloned().map(to_bytes).collect()),
            other => other,
        }
    }
    let recv = a.pos.first().cloned().unwrap_or(Value::None);
    as_bytes(&recv, &format!("bytes.{name}"))?;
    for v in a.pos.iter_mut().chain(a.kw.iter_mut().map(|(_, v)| v)) {
        *v = to_text(v)?;
    }
    let f = str_method(name)
        .ok_or_else(|| Exc::attribute_error(format!("'bytes' object has no attribute '{name}'")))?;
    Ok(to_bytes(f(interp, a)?))
}

fn is_byte_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

fn bytes_param(v: &Option<Value>) -> Result<Vec<u8>, Exc> {
    crate::bytearray::require_bytes(
        Some(v.as_ref().unwrap_or(&Value::None)),
        "a bytes-like object is required, not 'NoneType'",
    )
    .map(|b| b.to_vec())
}

fn bytes_find_in(hay: &[u8], sub: &[u8], rev: bool) -> Option<usize> {
    if sub.len() > hay.len() {
        return None;
    }
    let last = hay.len() - sub.len();
    if rev {
        (0..=last).rev().find(|&i| hay[i..i + sub.len()] == *sub)
    } else {
        (0..=last).find(|&i| hay[i..i + sub.len()] == *sub)
    }
}

fn bytes_replace(b: &[u8], old: &[u8], new: &[u8], count: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut left = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    if old.is_empty() {
        for (i, x) in b.iter().enumerate() {
            if left > 0 {
                out.extend_from_slice(new);
                left -= 1;
            }
            out.push(*x);
            if i + 1 == b.len() && left > 0 {
                out.extend_from_slice(new);
            }
        }
        if b.is_empty() && left > 0 {
            out.extend_from_slice(new);
        }
        return out;
    }
    let mut i = 0;
    while i < b.len() {
        if left > 0 && b[i..].starts_with(old) {
            out.extend_from_slice(new);
            i += old.len();
            left -= 1;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fn bytes_find(a: Args, qual: &str, rev: bool, raise: bool) -> R {
    let (this, p) = bind(a, qual, &["sub", "start", "end"], 1, false)?;
    let b = as_bytes(&this, qual)?;
    let sub = match &p[0] {
        Some(v) if v.as_int().is_some() => vec![int_of(v)? as u8],
        other => bytes_param(other)?,
    };
    let (st, en) = adjust(slice_arg(&p[1])?, slice_arg(&p[2])?, b.len());
    let found = if st > en {
        None
    } else {
        bytes_find_in(&b[st..en], &sub, rev).map(|i| i + st)
    };
    match found {
        Some(i) => Ok(Value::Int(i as i64)),
        None if raise => Err(Exc::value_error("subsection not found")),
        None => Ok(Value::Int(-1)),
    }
}

fn bytes_affix(a: Args, qual: &str, end_side: bool) -> R {
    let short = qual.rsplit('.').next().unwrap_or(qual);
    let (this, p) = bind(a, qual, &["prefix", "start", "end"], 1, false)?;
    let b = as_bytes(&this, qual)?;
    let (st, en) = adjust(slice_arg(&p[1])?, slice_arg(&p[2])?, b.len());
    let hay: Option<&[u8]> = if st > en { None } else { Some(&b[st..en]) };
    let test = |x: &[u8]| {
        hay.is_some_and(|h| {
            if end_side {
                h.ends_with(x)
            } else {
                h.starts_with(x)
            }
        })
    };
    let thawed = p[0].as_ref().and_then(crate::bytearray::thaw);
    match thawed.as_ref().or(p[0].as_ref()) {
        Some(Value::Bytes(x)) => Ok(Value::Bool(test(x))),
        Some(Value::Tuple(t)) => {
            for x in t.iter() {
                match crate::bytearray::bytes_like(x) {
                    Some(x) if test(&x) => return Ok(Value::Bool(true)),
                    Some(_) => {}
                    None => {
                        let other = x;
                        return Err(Exc::type_error(format!(
                            "a bytes-like object is required, not '{}'",
                            other.type_name()
                        )));
                    }
                }
            }
            Ok(Value::Bool(false))
        }
        Some(other) => Err(Exc::type_error(format!(
            "{short} first arg must be bytes or a tuple of bytes, not {}",
            other.type_name()
        ))),
        None => Err(Exc::type_error(format!(
            "{short}() takes at least 1 argument (0 given)"
        ))),
    }
}

fn bytes_strip(a: Args, qual: &str, left: bool, right: bool) -> R {
    let (this, p) = bind(a, qual, &["bytes"], 0, false)?;
    let b = as_bytes(&this, qual)?;
    let set: Option<Vec<u8>> = match &p[0] {
        None | Some(Value::None) => None,
        other => Some(bytes_param(other)?),
    };
    let strip = |c: &u8| match &set {
        None => is_byte_space(*c),
        Some(s) => s.contains(c),
    };
    let mut s = 0;
    let mut e = b.len();
    if left {
        while s < e && strip(&b[s]) {
            s += 1;
        }
    }
    if right {
        while e > s && strip(&b[e - 1]) {
            e -= 1;
        }
    }
    Ok(Value::Bytes(b[s..e].into()))
}

fn bytes_split(_: &Interp, a: Args) -> R {
    let (this, p) = bind(a, "bytes.split", &["sep", "maxsplit"], 0, true)?;
    let b = as_bytes(&this, "bytes.split")?;
    let maxsplit = opt_int(&p[1], -1)?;
    let mut left = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut out: Vec<Value> = Vec::new();
    match &p[0] {
        None | Some(Value::None) => {
            let n = b.len();
            let mut i = 0;
            while left > 0 {
                while i < n && is_byte_space(b[i]) {
                    i += 1;
                }
                if i == n {
                    break;
                }
                let j = i;
                while i < n && !is_byte_space(b[i]) {
                    i += 1;
                }
                out.push(Value::Bytes(b[j..i].into()));
                left -= 1;
            }
            while i < n && is_byte_space(b[i]) {
                i += 1;
            }
            if i < n {
                out.push(Value::Bytes(b[i..].into()));
            }
        }
        sep => {
            let sep = bytes_param(sep)?;
            if sep.is_empty() {
                return Err(Exc::value_error("empty separator"));
            }
            let mut rest: &[u8] = &b;
            while left > 0 {
                match bytes_find_in(rest, &sep, false) {
                    Some(i) => {
                        out.push(Value::Bytes(rest[..i].into()));
                        rest = &rest[i + sep.len()..];
                        left -= 1;
                    }
                    None => break,
                }
            }
            out.push(Value::Bytes(rest.into()));
        }
    }
    Ok(Value::list(out))
}

fn bytes_join(interp: &Interp, a: Args) -> R {
    let (this, p) = bind(a, "bytes.join", &["iterable_of_bytes"], 1, false)?;
    let sep = as_bytes(&this, "bytes.join")?;
    let items = interp.collect(&p[0].clone().unwrap_or(Value::None))?;
    let mut out = Vec::new();
    for (i, v) in items.iter().enumerate() {
        match crate::bytearray::bytes_like(v) {
            Some(b) => {
                if i > 0 {
                    out.extend_from_slice(&sep);
                }
                out.extend_from_slice(&b);
            }
            None => {
                let other = v;
                return Err(Exc::type_error(format!(
                    "sequence item {i}: expected a bytes-like object, {} found",
                    other.type_name()
                )));
            }
        }
    }
    Ok(Value::Bytes(out.into()))
}

pub(crate) fn bytes_fromhex_static(_: &Interp, a: Args) -> R {
    let s = match a.pos.first() {
        Some(Value::Str(s)) => s.clone(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "fromhex() argument must be str, not {}",
                other.type_name()
            )))
        }
        None => {
            return Err(Exc::type_error(
                "fromhex() takes exactly one argument (0 given)",
            ))
        }
    };
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if py_isspace(chars[i]) {
            i += 1;
            continue;
        }
        let hi = chars[i].to_digit(16);
        let lo = chars.get(i + 1).and_then(|c| c.to_digit(16));
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            (None, _) => {
                return Err(Exc::value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {i}"
                )))
            }
            (Some(_), None) => {
                return Err(Exc::value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i + 1
                )))
            }
        }
        i += 2;
    }
    Ok(Value::Bytes(out.into()))
}

// ------------------------------------------------------------------ list

fn list_method(name: &str) -> Option<BuiltinFn> {
    let f: BuiltinFn = match name {
        "append" => |interp, a| {
            if let ([Value::List(l), x], true) = (a.pos.as_slice(), a.kw.is_empty()) {
                list_append(interp, l, x.clone())?;
                return Ok(Value::None);
            }
            let (this, p) = bind(a, "list.append", &["object"], 1, false)?;
            let l = as_list(&this, "list.append")?;
            l.borrow_mut().push(p[0].clone().unwrap_or(Value::None));
            Ok(Value::None)
        },
        "extend" => |interp, a| {
            let (this, p) = bind(a, "list.extend", &["iterable"], 1, false)?;
            let l = as_list(&this, "list.extend")?;
            let items = interp.collect(&p[0].clone().unwrap_or(Value::None))?;
            let mut l = l.borrow_mut();
            memory_check(interp, l.len() + items.len(), "list")?;
            l.extend(items);
            Ok(Value::None)
        },
        "insert" => |interp, a| {
            let (this, p) = bind(a, "list.insert", &["index", "object"], 2, false)?;
            let l = as_list(&this, "list.insert")?;
            let i = opt_int(&p[0], 0)?;
            let mut l = l.borrow_mut();
            memory_check(interp, l.len(), "list")?;
            let n = l.len() as i64;
            let at = if i < 0 { (i + n).max(0) } else { i.min(n) };
            l.insert(at as usize, p[1].clone().unwrap_or(Value::None));
            Ok(Value::None)
        },
        "remove" => |interp, a| {
            let (this, p) = bind(a, "list.remove", &["value"], 1, false)?;
            let l = as_list(&this, "list.remove")?;
            let x = p[0].clone().unwrap_or(Value::None);
            if let Some(i) = interp.list_position(&l, &x, 0, usize::MAX)? {
                let mut l = l.borrow_mut();
                if i < l.len() {
                    let gone = l.remove(i);
                    drop(l);
                    drop(gone);
                }
                return Ok(Value::None);
            }
            Err(Exc::value_error("list.remove(x): x not in list"))
        },
        "pop" => |_, a| {
            let (this, p) = bind(a, "list.pop", &["index"], 0, false)?;
            let l = as_list(&this, "list.pop")?;
            let i = opt_int(&p[0], -1)?;
            let mut l = l.borrow_mut();
            if l.is_empty() {
                return Err(Exc::of("IndexError", "pop from empty list"));
            }
            let n = l.len() as i64;
            let j = if i < 0 { i + n } else { i };
            if j < 0 || j >= n {
                return Err(Exc::of("IndexError", "pop index out of range"));
            }
            Ok(l.remove(j as usize))
        },
        "clear" => |_, a| {
            let l = as_list(&recv0(a, "list.clear")?, "list.clear")?;
            let old = std::mem::take(&mut *l.borrow_mut());
            drop(old);
            Ok(Value::None)
        },
        "index" => |interp, a| {
            let (this, p) = bind(a, "list.index", &["value", "start", "stop"], 1, false)?;
            let l = as_list(&this, "list.index")?;
            let x = p[0].clone().unwrap_or(Value::None);
            let len = l.borrow().len();
            let (st, en) = adjust(slice_arg(&p[1])?, slice_arg(&p[2])?, len);
            match interp.list_position(&l, &x, st, en)? {
                Some(i) => Ok(Value::Int(i as i64)),
                None => Err(Exc::value_error(format!(
                    "{} is not in list",
                    interp.repr(&x)?
                ))),
            }
        },
        "count" => |interp, a| {
            let (this, p) = bind(a, "list.count", &["value"], 1, false)?;
            let l = as_list(&this, "list.count")?;
            let snapshot = l.borrow().clone();
            seq_count(interp, &snapshot, &p[0].clone().unwrap_or(Value::None))
        },
        "sort" => |interp, a| {
            let mut a = a;
            let key = a.take_kw("key").filter(|k| !matches!(k, Value::None));
            let reverse = match a.take_kw("reverse") {
                Some(v) => interp.truthy(&v)?,
                None => false,
            };
            if let Some((k, _)) = a.kw.first() {
                return Err(Exc::type_error(format!(
                    "'{k}' is an invalid keyword argument for sort()"
                )));
            }
            if a.pos.len() > 1 {
                return Err(Exc::type_error("sort() takes no positional arguments"));
            }
            let this = recv0(a, "list.sort")?;
            let l = as_list(&this, "list.sort")?;
            let items = l.borrow().clone();
            let sorted = crate::builtins::sort_values(interp, items, key, reverse)?;
            *l.borrow_mut() = sorted;
            Ok(Value::None)
        },
        "reverse" => |_, a| {
            let l = as_list(&recv0(a, "list.reverse")?, "list.reverse")?;
            l.borrow_mut().reverse();
            Ok(Value::None)
        },
        "copy" => |_, a| {
            let l = as_list(&recv0(a, "list.copy")?, "list.copy")?;
            let items = l.borrow().clone();
            Ok(Value::list(items))
        },
        "__len__" => |_, a| {
            let l = as_list(&recv0(a, "list.__len__")?, "list.__len__")?;
            let n = l.borrow().len();
            Ok(Value::Int(n as i64))
        },
        "__getitem__" => |interp, a| {
            let (this, p) = bind(a, "list.__getitem__", &["key"], 1, false)?;
            as_list(&this, "list.__getitem__")?;
            interp.getitem(&this, p[0].clone().unwrap_or(Value::None))
        },
        "__setitem__" => |interp, a| {
            let (this, p) = bind(a, "list.__setitem__", &["key", "value"], 2, false)?;
            as_list(&this, "list.__setitem__")?;
            interp.setitem(
                &this,
                p[0].clone().unwrap_or(Value::None),
                p[1].clone().unwrap_or(Value::None),
            )?;
            Ok(Value::None)
        },
        "__delitem__" => |interp, a| {
            let (this, p) = bind(a, "list.__delitem__", &["key"], 1, false)?;
            as_list(&this, "list.__delitem__")?;
            interp.delitem(&this, p[0].clone().unwrap_or(Value::None))?;
            Ok(Value::None)
        },
        "__contains__" => |interp, a| {
            let (this, p) = bind(a, "list.__contains__", &["key"], 1, false)?;
            as_list(&this, "list.__contains__")?;
            Ok(Value::Bool(
                interp.contains(&this, &p[0].clone().unwrap_or(Value::None))?,
            ))
        },
        "__iter__" => |interp, a| {
            let this = recv0(a, "list.__iter__")?;
            as_list(&this, "list.__iter__")?;
            crate::builtins::iter_value(interp, this)
        },
        _ => return None,
    };
    Some(f)
}

/// `seq.index(x, start, stop)` over a snapshot.
pub(crate) fn seq_index(
    interp: &Interp,
    items: &[Value],
    x: &Value,
    start: &Option<Value>,
    stop: &Option<Value>,
) -> Result<Option<usize>, Exc> {
    let (st, en) = adjust(slice_arg(start)?, slice_arg(stop)?, items.len());
    for (i, v) in items.iter().enumerate().take(en).skip(st) {
        if v.is(x) || interp.eq(v, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

pub(crate) fn seq_count(interp: &Interp, items: &[Value], x: &Value) -> R {
    let mut n = 0;
    for v in items {
        if v.is(x) || interp.eq(v, x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

// ----------------------------------------------------------------- tuple

fn tuple_method(name: &str) -> Option<BuiltinFn> {
    let f: BuiltinFn = match name {
        "count" => |interp, a| {
            let (this, p) = bind(a, "tuple.count", &["value"], 1, false)?;
            let t = as_tuple(&this, "tuple.count")?;
            seq_count(interp, &t, &p[0].clone().unwrap_or(Value::None))
        },
        "index" => |interp, a| {
            let (this, p) = bind(a, "tuple.index", &["value", "start", "stop"], 1, false)?;
            let t = as_tuple(&this, "tuple.index")?;
            match seq_index(
                interp,
                &t,
                &p[0].clone().unwrap_or(Value::None),
                &p[1],
                &p[2],
            )? {
                Some(i) => Ok(Value::Int(i as i64)),
                None => Err(Exc::value_error("tuple.index(x): x not in tuple")),
            }
        },
        "__len__" => |_, a| {
            let t = as_tuple(&recv0(a, "tuple.__len__")?, "tuple.__len__")?;
            Ok(Value::Int(t.len() as i64))
        },
        "__getitem__" => |interp, a| {
            let (this, p) = bind(a, "tuple.__getitem__", &["key"], 1, false)?;
            as_tuple(&this, "tuple.__getitem__")?;
            interp.getitem(&this, p[0].clone().unwrap_or(Value::None))
        },
        "__contains__" => |interp, a| {
            let (this, p) = bind(a, "tuple.__contains__", &["key"], 1, false)?;
            as_tuple(&this, "tuple.__contains__")?;
            Ok(Value::Bool(
                interp.contains(&this, &p[0].clone().unwrap_or(Value::None))?,
            ))
        },
        "__iter__" => |interp, a| {
            let this = recv0(a, "tuple.__iter__")?;
            as_tuple(&this, "tuple.__iter__")?;
            crate::builtins::iter_value(interp, this)
        },
        _ => return None,
    };
    Some(f)
}

// ------------------------------------------------------------------ dict

fn dict_method(name: &str) -> Option<BuiltinFn> {
    let f: BuiltinFn = match name {
        "keys" => |_, a| {
            let d = as_dict(&recv0(a, "dict.keys")?, "dict.keys")?;
            Ok(DictView::value(d, DictPart::Keys))
        },
        "values" => |_, a| {
            let d = as_dict(&recv0(a, "dict.values")?, "dict.values")?;
            Ok(DictView::value(d, DictPart::Values))
        },
        "items" => |_, a| {
            let d = as_dict(&recv0(a, "dict.items")?, "dict.items")?;
            Ok(DictView::value(d, DictPart::Items))
        },
        "get" => |_, a| {
            // Fast path: `d.get(k)` / `d.get(k, default)`.
            if let ([Value::Dict(d), k, rest @ ..], true) = (a.pos.as_slice(), a.kw.is_empty()) {
                if rest.len() <= 1 {
                    return dict_get(d, k, rest.first());
                }
            }
            let (this, p) = bind(a, "dict.get", &["key", "default"], 1, false)?;
            let d = as_dict(&this, "dict.get")?;
            let k = Key::new(p[0].clone().unwrap_or(Value::None))?;
            let found = d.borrow().get(&k).cloned();
            Ok(found.or_else(|| p[1].clone()).unwrap_or(Value::None))
        },
        "setdefault" => |interp, a| {
            let (this, p) = bind(a, "dict.setdefault", &["key", "default"], 1, false)?;
            let d = as_dict(&this, "dict.setdefault")?;
            let k = Key::new(p[0].clone().unwrap_or(Value::None))?;
            let mut d = d.borrow_mut();
            if let Some(v) = d.get(&k) {
                return Ok(v.clone());
            }
            memory_check(interp, d.len(), "dict")?;
            let v = p[1].clone().unwrap_or(Value::None);
            d.insert(k, v.clone());
            drop(d);
            crate::attr::dict_written(interp, &as_dict(&this, "dict.setdefault")?);
            Ok(v)
        },
        "pop" => |interp, a| {
            let (this, p) = bind(a, "dict.pop", &["key", "default"], 1, false)?;
            let d = as_dict(&this, "dict.pop")?;
            let key = p[0].clone().unwrap_or(Value::None);
            let k = Key::new(key.clone())?;
            let removed = d.borrow_mut().remove(&k);
            if removed.is_some() {
                crate::attr::dict_written(interp, &d);
            }
            match (removed, &p[1]) {
                (Some(v), _) => Ok(v),
                (None, Some(default)) => Ok(default.clone()),
                (None, None) => Err(key_error(key)),
            }
        },
        "popitem" => |interp, a| {
            let d = as_dict(&recv0(a, "dict.popitem")?, "dict.popitem")?;
            let last = d.borrow_mut().pop();
            crate::attr::dict_written(interp, &d);
            match last {
                Some((k, v)) => Ok(Value::tuple(vec![k.0, v])),
                None => Err(key_error(Value::str("popitem(): dictionary is empty"))),
            }
        },
        "update" => |interp, a| {
            let mut pos = a.pos;
            if pos.is_empty() {
                return Err(Exc::type_error(
                    "unbound method dict.update() needs an argument",
                ));
            }
            let this = pos.remove(0);
            let d = as_dict(&this, "dict.update")?;
            if pos.len() > 1 {
                return Err(Exc::type_error(format!(
                    "update expected at most 1 argument, got {}",
                    pos.len()
                )));
            }
            dict_update(interp, &d, pos.first(), a.kw)?;
            crate::attr::dict_written(interp, &d);
            Ok(Value::None)
        },
        "clear" => |interp, a| {
            let d = as_dict(&recv0(a, "dict.clear")?, "dict.clear")?;
            let old = std::mem::take(&mut *d.borrow_mut());
            drop(old);
            crate::attr::dict_written(interp, &d);
            Ok(Value::None)
        },
        "copy" => |_, a| {
            let d = as_dict(&recv0(a, "dict.copy")?, "dict.copy")?;
            let copy = d.borrow().clone();
            Ok(Value::dict(copy))
        },
        "fromkeys" => |interp, a| {
            let mut a = a;
            if !a.pos.is_empty() {
                a.pos.remove(0);
            }
            dict_fromkeys_static(interp, a)
        },
        "__getitem__" => |interp, a| {
            let (this, p) = bind(a, "dict.__getitem__", &["key"], 1, false)?;
            as_dict(&this, "dict.__getitem__")?;
            interp.getitem(&this, p[0].clone().unwrap_or(Value::None))
        },
        "__setitem__" => |interp, a| {
            if let [d @ Value::Dict(_), k, x] = a.pos.as_slice() {
                interp.setitem(d, k.clone(), x.clone())?;
                return Ok(Value::None);
            }
            let (this, p) = bind(a, "dict.__setitem__", &["key", "value"], 2, false)?;
            as_dict(&this, "dict.__setitem__")?;
            interp.setitem(
                &this,
                p[0].clone().unwrap_or(Value::None),
                p[1].clone().unwrap_or(Value::None),
            )?;
            Ok(Value::None)
        },
        "__delitem__" => |interp, a| {
            let (this, p) = bind(a, "dict.__delitem__", &["key"], 1, false)?;
            as_dict(&this, "dict.__delitem__")?;
            interp.delitem(&this, p[0].clone().unwrap_or(Value::None))?;
            Ok(Value::None)
        },
        "__contains__" => |_, a| {
            let (this, p) = bind(a, "dict.__contains__", &["key"], 1, false)?;
            let d = as_dict(&this, "dict.__contains__")?;
            let k = Key::new(p[0].clone().unwrap_or(Value::None))?;
            let found = d.borrow().contains_key(&k);
            Ok(Value::Bool(found))
        },
        "__len__" => |_, a| {
            let d = as_dict(&recv0(a, "dict.__len__")?, "dict.__len__")?;
            let n = d.borrow().len();
            Ok(Value::Int(n as i64))
        },
        "__iter__" => |interp, a| {
            let this = recv0(a, "dict.__iter__")?;
            as_dict(&this, "dict.__iter__")?;
            crate::builtins::iter_value(interp, this)
        },
        _ => return None,
    };
    Some(f)
}

fn dict_fromkeys_static(interp: &Interp, a: Args) -> R {
    if !a.kw.is_empty() {
        return Err(Exc::type_error(
            "dict.fromkeys() takes no keyword arguments",
        ));
    }
    let n = a.pos.len();
    if n == 0 || n > 2 {
        return Err(Exc::type_error(if n == 0 {
            "fromkeys expected at least 1 argument, got 0".to_string()
        } else {
            format!("fromkeys expected at most 2 arguments, got {n}")
        }));
    }
    let value = a.pos.get(1).cloned().unwrap_or(Value::None);
    let mut it = interp.iter(&a.pos[0])?;
    let mut d = Dict::default();
    while let Some(k) = it.next(interp)? {
        memory_check(interp, d.len(), "dict")?;
        d.insert(Key::new(k)?, value.clone());
    }
    Ok(Value::dict(d))
}

/// `d.update(other, **kw)` (also `dict(other, **kw)`).
fn dict_update(
    interp: &Interp,
    d: &Rc<RefCell<Dict>>,
    other: Option<&Value>,
    kw: Vec<(Rc<str>, Value)>,
) -> Result<(), Exc> {
    let mut pairs: Vec<(Value, Value)> = Vec::new();
    match other {
        None => {}
        Some(m @ Value::Dict(_)) => pairs = interp.mapping_items(m)?,
        Some(m @ Value::Object(o))
            if o.class.lookup("keys").is_some() || matches!(o.inner, Some(Value::Dict(_))) =>
        {
            pairs = interp.mapping_items(m)?
        }
        Some(m @ Value::Native(n)) if n.get_attr(n, "keys").is_some() => {
            pairs = interp.mapping_items(m)?
        }
        Some(it) => {
            let mut iter = interp.iter(it)?;
            let mut i = 0usize;
            while let Some(elem) = iter.next(interp)? {
                let kv = match interp.collect(&elem) {
                    Ok(kv) => kv,
                    Err(e) if e.is("TypeError") => {
                        return Err(Exc::type_error(format!(
                            "cannot convert dictionary update sequence element #{i} to a sequence"
                        )))
                    }
                    Err(e) => return Err(e),
                };
                if kv.len() != 2 {
                    return Err(Exc::value_error(format!(
                        "dictionary update sequence element #{i} has length {}; 2 is required",
                        kv.len()
                    )));
                }
                let mut kv = kv.into_iter();
                if let (Some(k), Some(v)) = (kv.next(), kv.next()) {
                    pairs.push((k, v));
                }
                i += 1;
            }
        }
    }
    pairs.extend(kw.into_iter().map(|(k, v)| (Value::Str(k), v)));
    let mut d = d.borrow_mut();
    for (k, v) in pairs {
        let k = Key::new(k)?;
        if !d.contains_key(&k) {
            memory_check(interp, d.len(), "dict")?;
        }
        d.insert(k, v);
    }
    Ok(())
}

/// `dict.keys()`, `dict.values()`, `dict.items()`: live views of a dict.
struct DictView {
    dict: Rc<RefCell<Dict>>,
    kind: DictPart,
}

impl fmt::Debug for DictView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Native::repr(self))
    }
}

impl DictView {
    fn value(dict: Rc<RefCell<Dict>>, kind: DictPart) -> Value {
        Value::Native(Rc::new(DictView { dict, kind }))
    }

    /// The view's items now.
    fn snapshot(&self) -> Vec<Value> {
        let d = self.dict.borrow();
        match self.kind {
            DictPart::Keys => d.keys().map(|k| k.0.clone()).collect(),
            DictPart::Values => d.values().cloned().collect(),
            DictPart::Items => d
                .iter()
                .map(|(k, v)| Value::tuple(vec![k.0.clone(), v.clone()]))
                .collect(),
        }
    }

    /// The view as a set (keys and items views are set-like).
    fn as_set(&self) -> Result<Set, Exc> {
        self.snapshot().into_iter().map(Key::new).collect()
    }

    fn contains(&self, interp: &Interp, x: &Value) -> Result<bool, Exc> {
        match self.kind {
            DictPart::Keys => Ok(self.dict.borrow().contains_key(&Key::new(x.clone())?)),
            DictPart::Items => {
                let Value::Tuple(t) = x else { return Ok(false) };
                if t.len() != 2 {
                    return Ok(false);
                }
                let found = self.dict.borrow().get(&Key::new(t[0].clone())?).cloned();
                match found {
                    Some(v) => Ok(v.is(&t[1]) || interp.eq(&v, &t[1])?),
                    None => Ok(false),
                }
            }
            DictPart::Values => {
                for v in self.snapshot() {
                    if v.is(x) || interp.eq(&v, x)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }
}

/// `iter(view)`, or `reversed(view)` when `backwards`: a live iteration
/// over the view's dict.
fn view_iter(a: &Args, backwards: bool) -> R {
    let view = view_of(a.pos.first())?;
    let kind = match (view.kind, backwards) {
        (DictPart::Keys, false) => "dict_keyiterator",
        (DictPart::Values, false) => "dict_valueiterator",
        (DictPart::Items, false) => "dict_itemiterator",
        (DictPart::Keys, true) => "dict_reversekeyiterator",
        (DictPart::Values, true) => "dict_reversevalueiterator",
        (DictPart::Items, true) => "dict_reverseitemiterator",
    };
    Ok(crate::builtins::IterObj::over_dict(
        kind,
        DictIter::new(view.dict.clone(), view.kind, backwards),
    ))
}

fn view_of(v: Option<&Value>) -> Result<&DictView, Exc> {
    v.and_then(native_ref::<DictView>)
        .ok_or_else(|| Exc::type_error("expected a dict view"))
}

/// The items of a set-like operand: sets, dict views and other iterables.
fn set_operand(interp: &Interp, v: &Value) -> Result<Set, Exc> {
    match v {
        Value::Set(s) => Ok(s.borrow().clone()),
        other => match native_ref::<DictView>(other) {
            Some(view) if view.kind != DictPart::Values => view.as_set(),
            _ => interp.collect(other)?.into_iter().map(Key::new).collect(),
        },
    }
}

/// `s.intersection(o)`, keeping the elements CPython keeps: the smaller
/// set's when `o` is a set or frozenset, the operand's otherwise.
fn intersect(interp: &Interp, s: &Set, o: &Value) -> Result<Set, Exc> {
    let other = set_operand(interp, o)?;
    let is_set = matches!(o, Value::Set(_)) || native_ref::<crate::value::FrozenSet>(o).is_some();
    Ok(if is_set {
        crate::value::set_intersection(s, &other)
    } else {
        crate::value::set_intersection_of_items(s, &other)
    })
}

fn set_value(s: Set) -> Value {
    Value::Set(Rc::new(RefCell::new(s)))
}

impl Native for DictView {
    fn clear_refs(&mut self) {
        if let Some(d) = Rc::get_mut(&mut self.dict) {
            drop(std::mem::take(d.get_mut()));
        }
    }

    fn type_name(&self) -> &'static str {
        match self.kind {
            DictPart::Keys => "dict_keys",
            DictPart::Values => "dict_values",
            DictPart::Items => "dict_items",
        }
    }

    fn repr(&self) -> String {
        let items: Vec<String> = self
            .snapshot()
            .iter()
            .map(crate::format::repr_plain)
            .collect();
        format!("{}([{}])", self.type_name(), items.join(", "))
    }

    fn truthy(&self) -> Option<bool> {
        Some(!self.dict.borrow().is_empty())
    }

    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let set_like = self.kind != DictPart::Values;
        let f: BuiltinFn = match name {
            "__iter__" => |_, a| view_iter(&a, false),
            "__reversed__" => |_, a| view_iter(&a, true),
            "__len__" => |_, a| {
                let n = view_of(a.pos.first())?.dict.borrow().len();
                Ok(Value::Int(n as i64))
            },
            "__contains__" => |interp, a| {
                let x = a.pos.get(1).cloned().unwrap_or(Value::None);
                Ok(Value::Bool(view_of(a.pos.first())?.contains(interp, &x)?))
            },
            "__repr__" => |interp, a| {
                let view = view_of(a.pos.first())?;
                let mut parts = Vec::new();
                for v in view.snapshot() {
                    parts.push(interp.repr(&v)?);
                }
                Ok(Value::str(format!(
                    "{}([{}])",
                    view.type_name(),
                    parts.join(", ")
                )))
            },
            "mapping" => |_, a| Ok(Value::Dict(view_of(a.pos.first())?.dict.clone())),
            "__eq__" | "__ne__" if set_like => {
                if name == "__eq__" {
                    |interp, a| view_eq(interp, a).map(Value::Bool)
                } else {
                    |interp, a| view_eq(interp, a).map(|b| Value::Bool(!b))
                }
            }
            "__and__" | "__rand__" | "intersection" if set_like => |interp, a| {
                let mine = view_of(a.pos.first())?.as_set()?;
                let o = a.pos.get(1).cloned().unwrap_or(Value::None);
                let other = set_operand(interp, &o)?;
                // CPython: a set at least as big as the view intersects with
                // it (keeping the view's elements); else the operand is
                // walked (keeping its own).
                let kept = if matches!(o, Value::Set(_)) && mine.len() <= other.len() {
                    crate::value::set_intersection_of_items(&other, &mine)
                } else {
                    crate::value::set_intersection_of_items(&mine, &other)
                };
                Ok(set_value(kept))
            },
            "__or__" | "__ror__" | "union" if set_like => |interp, a| {
                let mine = view_of(a.pos.first())?.as_set()?;
                let other = set_operand(interp, a.pos.get(1).unwrap_or(&Value::None))?;
                Ok(set_value(mine.union(&other).cloned().collect()))
            },
            "__sub__" | "difference" if set_like => |interp, a| {
                let mine = view_of(a.pos.first())?.as_set()?;
                let other = set_operand(interp, a.pos.get(1).unwrap_or(&Value::None))?;
                Ok(set_value(mine.difference(&other).cloned().collect()))
            },
            "__rsub__" if set_like => |interp, a| {
                let mine = view_of(a.pos.first())?.as_set()?;
                let other = set_operand(interp, a.pos.get(1).unwrap_or(&Value::None))?;
                Ok(set_value(other.difference(&mine).cloned().collect()))
            },
            "__xor__" | "__rxor__" | "symmetric_difference" if set_like => |interp, a| {
                let mine = view_of(a.pos.first())?.as_set()?;
                let other = set_operand(interp, a.pos.get(1).unwrap_or(&Value::None))?;
                Ok(set_value(
                    mine.symmetric_difference(&other).cloned().collect(),
                ))
            },
            "isdisjoint" if set_like => |interp, a| {
                let mine = view_of(a.pos.first())?.as_set()?;
                let other = set_operand(interp, a.pos.get(1).unwrap_or(&Value::None))?;
                Ok(Value::Bool(mine.is_disjoint(&other)))
            },
            _ => return None,
        };
        Some(crate::value::bound(this, name, f))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `keys_view == other`: equal as sets when `other` is a set or a set-like
/// view; never equal to lists.
fn view_eq(interp: &Interp, a: Args) -> Result<bool, Exc> {
    let mine = view_of(a.pos.first())?;
    let other = a.pos.get(1).cloned().unwrap_or(Value::None);
    let theirs = match &other {
        Value::Set(s) => s.borrow().clone(),
        o => match native_ref::<DictView>(o) {
            Some(v) if v.kind != DictPart::Values => v.as_set()?,
            _ => return Ok(false),
        },
    };
    let ours = mine.snapshot();
    if ours.len() != theirs.len() {
        return Ok(false);
    }
    for v in ours {
        let k = Key::new(v)?;
        if !theirs.contains(&k) {
            return Ok(false);
        }
    }
    let _ = interp;
    Ok(true)
}

// ------------------------------------------------------------------- set

/// Up to this size a set of ints pops CPython's first element (see there).
const POP_IN_TABLE_ORDER: usize = 256;

fn set_method(name: &str) -> Option<BuiltinFn> {
    let f: BuiltinFn = match name {
        "add" => |interp, a| {
            if let ([Value::Set(s), x], true) = (a.pos.as_slice(), a.kw.is_empty()) {
                let k = Key::new(x.clone())?;
                let mut s = s.borrow_mut();
                if !s.contains(&k) {
                    memory_check(interp, s.len(), "set")?;
                    s.insert(k);
                }
                return Ok(Value::None);
            }
            let (this, p) = bind(a, "set.add", &["object"], 1, false)?;
            let s = as_set(&this, "set.add")?;
            s.borrow_mut()
                .insert(Key::new(p[0].clone().unwrap_or(Value::None))?);
            Ok(Value::None)
        },
        "remove" => |_, a| {
            let (this, p) = bind(a, "set.remove", &["object"], 1, false)?;
            let s = as_set(&this, "set.remove")?;
            let x = p[0].clone().unwrap_or(Value::None);
            // A set has no order to keep (CPython's is its hash table's), so
            // the last element takes the removed one's place: O(1), where
            // shifting the rest made removing every element quadratic.
            let removed = s.borrow_mut().swap_remove(&Key::new(x.clone())?);
            if removed {
                Ok(Value::None)
            } else {
                Err(key_error(x))
            }
        },
        "discard" => |_, a| {
            let (this, p) = bind(a, "set.discard", &["object"], 1, false)?;
            let s = as_set(&this, "set.discard")?;
            // O(1), as in `remove`.
            s.borrow_mut()
                .swap_remove(&Key::new(p[0].clone().unwrap_or(Value::None))?);
            Ok(Value::None)
        },
        "pop" => |_, a| {
            let s = as_set(&recv0(a, "set.pop")?, "set.pop")?;
            let mut s = s.borrow_mut();
            // A small set of ints gives the element CPython's table holds
            // first, the one it iterates first (`{100, 1}.pop()` is 1); that
            // order costs a simulation of the table, so any other set gives
            // the element added last, in O(1) (CPython's choice for other
            // elements depends on hashes seeded per process anyway).
            let ints = s.len() <= POP_IN_TABLE_ORDER && s.iter().all(|k| k.0.as_int().is_some());
            let first = if ints {
                crate::value::set_order(&s)
                    .into_iter()
                    .next()
                    .and_then(|v| s.shift_remove_full(&Key(v)))
                    .map(|(_, k)| k)
            } else {
                None
            };
            match first.or_else(|| s.pop()) {
                Some(k) => Ok(k.0),
                None => Err(key_error(Value::str("pop from an empty set"))),
            }
        },
        "clear" => |_, a| {
            let s = as_set(&recv0(a, "set.clear")?, "set.clear")?;
            s.borrow_mut().clear();
            Ok(Value::None)
        },
        "copy" => |_, a| {
            let s = as_set(&recv0(a, "set.copy")?, "set.copy")?;
            let copy = s.borrow().clone();
            Ok(set_value(copy))
        },
        "update" => |interp, a| {
            let (s, others) = set_varargs(a, "set.update")?;
            for o in others {
                let items = set_operand(interp, &o)?;
                let mut s = s.borrow_mut();
                memory_check(interp, s.len() + items.len(), "set")?;
                s.extend(items);
            }
            Ok(Value::None)
        },
        "union" => |interp, a| {
            let (s, others) = set_varargs(a, "set.union")?;
            let mut out = s.borrow().clone();
            for o in others {
                out.extend(set_operand(interp, &o)?);
                memory_check(interp, out.len(), "set")?;
            }
            Ok(set_value(out))
        },
        "intersection" => |interp, a| {
            let (s, others) = set_varargs(a, "set.intersection")?;
            let mut out = s.borrow().clone();
            for o in others {
                out = intersect(interp, &out, &o)?;
            }
            Ok(set_value(out))
        },
        "intersection_update" => |interp, a| {
            let (s, others) = set_varargs(a, "set.intersection_update")?;
            for o in others {
                let kept = intersect(interp, &s.borrow(), &o)?;
                *s.borrow_mut() = kept;
            }
            Ok(Value::None)
        },
        "difference" => |interp, a| {
            let (s, others) = set_varargs(a, "set.difference")?;
            let mut out = s.borrow().clone();
            for o in others {
                let other = set_operand(interp, &o)?;
                out.retain(|k| !other.contains(k));
            }
            Ok(set_value(out))
        },
        "difference_update" => |interp, a| {
            let (s, others) = set_varargs(a, "set.difference_update")?;
            for o in others {
                let other = set_operand(interp, &o)?;
                s.borrow_mut().retain(|k| !other.contains(k));
            }
            Ok(Value::None)
        },
        "symmetric_difference" => |interp, a| {
            let (this, p) = bind(a, "set.symmetric_difference", &["other"], 1, false)?;
            let s = as_set(&this, "set.symmetric_difference")?;
            let other = set_operand(interp, p[0].as_ref().unwrap_or(&Value::None))?;
            let out: Set = s.borrow().symmetric_difference(&other).cloned().collect();
            Ok(set_value(out))
        },
        "symmetric_difference_update" => |interp, a| {
            let (this, p) = bind(a, "set.symmetric_difference_update", &["other"], 1, false)?;
            let s = as_set(&this, "set.symmetric_difference_update")?;
            let other = set_operand(interp, p[0].as_ref().unwrap_or(&Value::None))?;
            let out: Set = s.borrow().symmetric_difference(&other).cloned().collect();
            *s.borrow_mut() = out;
            Ok(Value::None)
        },
        "issubset" => |interp, a| {
            let (this, p) = bind(a, "set.issubset", &["other"], 1, false)?;
            let s = as_set(&this, "set.issubset")?;
            let other = set_operand(interp, p[0].as_ref().unwrap_or(&Value::None))?;
            let r = s.borrow().is_subset(&other);
            Ok(Value::Bool(r))
        },
        "issuperset" => |interp, a| {
            let (this, p) = bind(a, "set.issuperset", &["other"], 1, false)?;
            let s = as_set(&this, "set.issuperset")?;
            let other = set_operand(interp, p[0].as_ref().unwrap_or(&Value::None))?;
            let r = s.borrow().is_superset(&other);
            Ok(Value::Bool(r))
        },
        "isdisjoint" => |interp, a| {
            let (this, p) = bind(a, "set.isdisjoint", &["other"], 1, false)?;
            let s = as_set(&this, "set.isdisjoint")?;
            let other = set_operand(interp, p[0].as_ref().unwrap_or(&Value::None))?;
            let r = s.borrow().is_disjoint(&other);
            Ok(Value::Bool(r))
        },
        "__len__" => |_, a| {
            let s = as_set(&recv0(a, "set.__len__")?, "set.__len__")?;
            let n = s.borrow().len();
            Ok(Value::Int(n as i64))
        },
        "__contains__" => |_, a| {
            let (this, p) = bind(a, "set.__contains__", &["key"], 1, false)?;
            let s = as_set(&this, "set.__contains__")?;
            let k = Key::new(p[0].clone().unwrap_or(Value::None))?;
            let found = s.borrow().contains(&k);
            Ok(Value::Bool(found))
        },
        "__iter__" => |interp, a| {
            let this = recv0(a, "set.__iter__")?;
            as_set(&this, "set.__iter__")?;
            crate::builtins::iter_value(interp, this)
        },
        _ => return None,
    };
    Some(f)
}

/// The receiver set and the `*others` of `union`, `update`, ...
fn set_varargs(a: Args, qual: &str) -> Result<(Rc<RefCell<Set>>, Vec<Value>), Exc> {
    if !a.kw.is_empty() {
        return Err(Exc::type_error(format!(
            "{qual}() takes no keyword arguments"
        )));
    }
    let mut pos = a.pos.into_iter();
    let Some(this) = pos.next() else {
        return Err(Exc::type_error(format!(
            "unbound method {qual}() needs an argument"
        )));
    };
    Ok((as_set(&this, qual)?, pos.collect()))
}

// ----------------------------------------------------------- int / float

fn int_method(name: &str) -> Option<BuiltinFn> {
    let f: BuiltinFn = match name {
        "bit_length" => |_, a| {
            let this = recv0(a, "int.bit_length")?;
            if let Value::Big(b) = &this {
                return Ok(Value::Int(crate::bigint::bit_length(b) as i64));
            }
            let i = as_int_recv(&this, "int.bit_length")?;
            Ok(Value::Int((64 - i.unsigned_abs().leading_zeros()) as i64))
        },
        "bit_count" => |_, a| {
            let this = recv0(a, "int.bit_count")?;
            if let Value::Big(b) = &this {
                return Ok(Value::Int(b.magnitude().count_ones() as i64));
            }
            let i = as_int_recv(&this, "int.bit_count")?;
            Ok(Value::Int(i.unsigned_abs().count_ones() as i64))
        },
        "conjugate" | "__index__" | "__int__" | "__trunc__" | "__floor__" | "__ceil__"
        | "__round__" => |_, a| {
            let this = a.pos.first().cloned().unwrap_or(Value::None);
            if let Value::Big(_) = this {
                return Ok(this);
            }
            Ok(Value::Int(as_int_recv(&this, "int.__int__")?))
        },
        "__float__" => |_, a| {
            let this = recv0(a, "int.__float__")?;
            if let Value::Big(b) = &this {
                return crate::bigint::to_f64(b).map(Value::Float);
            }
            let i = as_int_recv(&this, "int.__float__")?;
            Ok(Value::Float(i as f64))
        },
        "__abs__" => |_, a| {
            let this = recv0(a, "int.__abs__")?;
            match crate::bigint::to_big(&this) {
                Some(b) => crate::bigint::abs(&b),
                None => Err(Exc::type_error(
                    "descriptor '__abs__' requires an 'int' object",
                )),
            }
        },
        "as_integer_ratio" => |_, a| {
            let this = recv0(a, "int.as_integer_ratio")?;
            if let Value::Big(_) = this {
                return Ok(Value::tuple(vec![this, Value::Int(1)]));
            }
            let i = as_int_recv(&this, "int.as_integer_ratio")?;
            Ok(Value::tuple(vec![Value::Int(i), Value::Int(1)]))
        },
        "is_integer" => |_, a| {
            let this = recv0(a, "int.is_integer")?;
            if !crate::bigint::is_int(&this) {
                as_int_recv(&this, "int.is_integer")?;
            }
            Ok(Value::Bool(true))
        },
        "to_bytes" => int_to_bytes,
        "from_bytes" => |interp, a| {
            let mut a = a;
            if !a.pos.is_empty() {
                a.pos.remove(0);
            }
            int_from_bytes(interp, a)
        },
        _ => return None,
    };
    Some(f)
}

fn byteorder(v: &Option<Value>) -> Result<bool, Exc> {
    match v {
        None => Ok(true),
        Some(Value::Str(s)) if &**s == "big" => Ok(true),
        Some(Value::Str(s)) if &**s == "little" => Ok(false),
        Some(Value::Str(_)) => Err(Exc::value_error(
            "byteorder must be either 'little' or 'big'",
        )),
        Some(other) => Err(Exc::type_error(format!(
            "to_bytes() argument 'byteorder' must be str, not {}",
            other.type_name()
        ))),
    }
}

fn int_to_bytes(interp: &Interp, a: Args) -> R {
    let mut a = a;
    let signed = match a.take_kw("signed") {
        Some(v) => interp.truthy(&v)?,
        None => false,
    };
    let (this, p) = bind(a, "int.to_bytes", &["length", "byteorder"], 0, true)?;
    let v = as_int_recv(&this, "int.to_bytes")? as i128;
    let len = opt_int(&p[0], 1)?;
    if len < 0 {
        return Err(Exc::value_error("length argument must be non-negative"));
    }
    let big = byteorder(&p[1])?;
    if v < 0 && !signed {
        return Err(Exc::of(
            "OverflowError",
            "can't convert negative int to unsigned",
        ));
    }
    let bits = 8 * len.min(17) as u32;
    let fits = if bits == 0 {
        // CPython accepts -1 here too.
        v == 0 || (signed && v == -1)
    } else if signed {
        let half = 1i128 << (bits - 1).min(126);
        v >= -half && v < half
    } else {
        bits >= 127 || v < (1i128 << bits)
    };
    if !fits {
        return Err(Exc::of("OverflowError", "int too big to convert"));
    }
    memory_check(interp, len as usize, "bytes")?;
    let mut out: Vec<u8> = (0..len as usize)
        .map(|i| {
            if i < 16 {
                (v >> (8 * i)) as u8
            } else if v < 0 {
                0xff
            } else {
                0
            }
        })
        .collect();
    if big {
        out.reverse();
    }
    Ok(Value::Bytes(out.into()))
}

fn int_from_bytes(interp: &Interp, a: Args) -> R {
    let mut a = a;
    let signed = match a.take_kw("signed") {
        Some(v) => interp.truthy(&v)?,
        None => false,
    };
    let mut bytes_kw = a.take_kw("bytes");
    let order_kw = a.take_kw("byteorder");
    if let Some((k, _)) = a.kw.first() {
        return Err(Exc::type_error(format!(
            "'{k}' is an invalid keyword argument for from_bytes()"
        )));
    }
    let mut pos = a.pos.into_iter();
    let src = match bytes_kw.take().or_else(|| pos.next()) {
        Some(v) => v,
        None => {
            return Err(Exc::type_error(
                "from_bytes() missing required argument 'bytes' (pos 1)",
            ))
        }
    };
    let big = byteorder(&order_kw.or_else(|| pos.next()))?;
    let mut data: Vec<u8> = match &src {
        Value::Bytes(b) => b.to_vec(),
        other => {
            let mut v = Vec::new();
            for x in interp.collect(other)? {
                let i = int_of(&x)?;
                if !(0..256).contains(&i) {
                    return Err(Exc::value_error("bytes must be in range(0, 256)"));
                }
                v.push(i as u8);
            }
            v
        }
    };
    if !big {
        data.reverse();
    }
    // `data` is big-endian here.
    let v = if signed {
        num_bigint::BigInt::from_signed_bytes_be(&data)
    } else {
        num_bigint::BigInt::from_bytes_be(num_bigint::Sign::Plus, &data)
    };
    crate::bigint::from_big(v)
}

fn float_method(name: &str) -> Option<BuiltinFn> {
    let f: BuiltinFn = match name {
        "is_integer" => |_, a| {
            let f = as_float_recv(&recv0(a, "float.is_integer")?, "float.is_integer")?;
            Ok(Value::Bool(f.is_finite() && f.fract() == 0.0))
        },
        "as_integer_ratio" => |_, a| {
            let f = as_float_recv(
                &recv0(a, "float.as_integer_ratio")?,
                "float.as_integer_ratio",
            )?;
            if f.is_nan() {
                return Err(Exc::value_error("cannot convert NaN to integer ratio"));
            }
            if f.is_infinite() {
                return Err(Exc::of(
                    "OverflowError",
                    "cannot convert Infinity to integer ratio",
                ));
            }
            let mut n = f;
            let mut halvings = 0u32;
            while n.fract() != 0.0 {
                n *= 2.0;
                halvings += 1;
            }
            let d = num_bigint::BigInt::from(1) << halvings;
            Ok(Value::tuple(vec![
                crate::bigint::from_f64(n)?,
                crate::bigint::from_big(d)?,
            ]))
        },
        "conjugate" | "__float__" => |_, a| {
            let f = as_float_recv(&recv0(a, "float.conjugate")?, "float.conjugate")?;
            Ok(Value::Float(f))
        },
        "__int__" | "__trunc__" => |_, a| {
            let f = as_float_recv(&recv0(a, "float.__int__")?, "float.__int__")?;
            float_to_int(f)
        },
        "__abs__" => |_, a| {
            let f = as_float_recv(&recv0(a, "float.__abs__")?, "float.__abs__")?;
            Ok(Value::Float(f.abs()))
        },
        "hex" => |_, a| {
            let f = as_float_recv(&recv0(a, "float.hex")?, "float.hex")?;
            Ok(Value::str(float_hex(f)))
        },
        _ => return None,
    };
    Some(f)
}

/// `float.hex()`: `0x1.8000000000000p+0`.
fn float_hex(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1u64 << 52) - 1);
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    format!(
        "{sign}0x{lead}.{mant:013x}p{}{e}",
        if e >= 0 { "+" } else { "" }
    )
}

/// `int(f)`: truncation, with CPython's errors for NaN and infinities.
fn float_to_int(f: f64) -> R {
    let t = f.trunc();
    if (i64::MIN as f64..i64::MAX as f64).contains(&t) {
        return Ok(Value::Int(t as i64));
    }
    // Beyond 64 bits, or NaN or an infinity (with CPython's errors).
    crate::bigint::from_f64(f)
}

// ----------------------------------------------------------- constructors

impl Interp {
    /// [`construct`]: `int(x)`, `float(x)`, … of a built-in type by name
    /// (for `format`, below this module).
    pub(crate) fn construct(&self, type_name: &str, a: Args) -> Result<Value, Exc> {
        construct(self, type_name, a)
    }
}

/// Calls a built-in type: `int("3")`, `list(x)`, `str(v)`, ...
///
/// # Errors
///
/// `TypeError`/`ValueError` as Python raises them.
pub fn construct(interp: &Interp, type_name: &str, mut a: Args) -> Result<Value, Exc> {
    // `int(money)`, `float(celsius)`: the built-in value an instance of a
    // subclass carries, unless its class converts it itself.
    if let (Some(Value::Object(o)), "int" | "float") = (a.pos.first(), type_name) {
        let own = ["__int__", "__float__", "__index__"]
            .iter()
            .any(|m| o.class.lookup(m).is_some());
        if let (Some(inner), false) = (o.inner.clone(), own) {
            a.pos[0] = inner;
        }
    }
    match type_name {
        "str" => construct_str(interp, a),
        "int" => construct_int(interp, a),
        "float" => construct_float(interp, a),
        "bool" => {
            let v = single(a, "bool")?;
            Ok(Value::Bool(match v {
                Some(v) => interp.truthy(&v)?,
                None => false,
            }))
        }
        "list" => {
            let v = single(a, "list")?;
            Ok(Value::list(match v {
                Some(v) => interp.collect(&v)?,
                None => Vec::new(),
            }))
        }
        "tuple" => {
            let v = single(a, "tuple")?;
            Ok(match v {
                Some(t @ Value::Tuple(_)) => t,
                Some(v) => Value::tuple(interp.collect(&v)?),
                None => Value::tuple(Vec::new()),
            })
        }
        "set" | "frozenset" => {
            let v = single(a, type_name)?;
            let mut s = Set::default();
            if let Some(v) = v {
                match &v {
                    Value::Set(o) => s = o.borrow().clone(),
                    other => {
                        let mut it = interp.iter(other)?;
                        while let Some(x) = it.next(interp)? {
                            memory_check(interp, s.len(), "set")?;
                            s.insert(Key::new(x)?);
                        }
                    }
                }
            }
            Ok(set_value(s))
        }
        "dict" => {
            if a.pos.len() > 1 {
                return Err(Exc::type_error(format!(
                    "dict expected at most 1 argument, got {}",
                    a.pos.len()
                )));
            }
            let d = Rc::new(RefCell::new(Dict::default()));
            dict_update(interp, &d, a.pos.first(), a.kw)?;
            Ok(Value::Dict(d))
        }
        "bytes" => construct_bytes(interp, a),
        "type" => {
            if !a.kw.is_empty() {
                return Err(Exc::type_error("type() takes 1 or 3 arguments"));
            }
            match a.pos.len() {
                1 => Ok(crate::builtins::class_of(&a.pos[0])),
                3 => Err(Exc::type_error(
                    "type() with 3 arguments (creating a class) is not supported by Looplab yet",
                )),
                _ => Err(Exc::type_error("type() takes 1 or 3 arguments")),
            }
        }
        "NoneType" => {
            if !a.pos.is_empty() || !a.kw.is_empty() {
                return Err(Exc::type_error("NoneType takes no arguments"));
            }
            Ok(Value::None)
        }
        other => Err(Exc::type_error(format!(
            "cannot create '{other}' instances"
        ))),
    }
}

/// The at-most-one positional argument of `list(x)`, `tuple(x)`, ...
fn single(a: Args, name: &str) -> Result<Option<Value>, Exc> {
    if !a.kw.is_empty() {
        return Err(Exc::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    if a.pos.len() > 1 {
        return Err(Exc::type_error(format!(
            "{name} expected at most 1 argument, got {}",
            a.pos.len()
        )));
    }
    Ok(a.pos.into_iter().next())
}

/// Named-or-positional arguments of a constructor.
fn ctor_args(a: Args, name: &str, names: &[&str]) -> Result<Vec<Option<Value>>, Exc> {
    let mut all = vec![Value::None];
    all.extend(a.pos);
    bind(Args { pos: all, kw: a.kw }, name, names, 0, true).map(|(_, p)| p)
}

fn construct_str(interp: &Interp, a: Args) -> R {
    let p = ctor_args(a, "str", &["object", "encoding", "errors"])?;
    let Some(obj) = &p[0] else {
        return Ok(Value::str(""));
    };
    if p[1].is_none() && p[2].is_none() {
        return Ok(match obj {
            Value::Str(_) => obj.clone(),
            other => Value::str(interp.str(other)?),
        });
    }
    let enc = opt_str(&p[1], "str", 2)?.unwrap_or_else(|| "utf-8".into());
    let errors = opt_str(&p[2], "str", 3)?.unwrap_or_else(|| "strict".into());
    if let Some(b) = crate::bytearray::bytes_like(obj) {
        return Ok(Value::str(decode(&b, &enc, &errors)?));
    }
    match obj {
        Value::Str(_) => Err(Exc::type_error("decoding str is not supported")),
        other => Err(Exc::type_error(format!(
            "decoding to str: need a bytes-like object, {} found",
            other.type_name()
        ))),
    }
}

/// How parsing an `int` literal went.
enum IntParse {
    Ok(i64),
    Invalid,
    /// Beyond 64 bits: the sign, and the digits (ASCII, no underscores).
    Wide(bool, String, u32),
}

/// Parses `text` as `int(text, base)` does (`base` 0 or 2..=36).
fn parse_int(text: &str, base: u32) -> IntParse {
    let s = text.trim_matches(py_isspace);
    let (neg, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = s.get(..2).map(|p| p.to_ascii_lowercase());
    let prefix_base = match lower.as_deref() {
        Some("0x") => Some(16),
        Some("0o") => Some(8),
        Some("0b") => Some(2),
        _ => None,
    };
    let (base, digits, after_prefix) = match (base, prefix_base) {
        (0, Some(b)) => (b, &s[2..], true),
        (b, Some(pb)) if b == pb => (b, &s[2..], true),
        (0, None) => {
            // Base 0 without prefix: decimal, and no leading zeros unless
            // the number is zero.
            let t: String = s.chars().filter(|c| *c != '_').collect();
            if t.len() > 1 && t.starts_with('0') && t.chars().any(|c| c != '0') {
                return IntParse::Invalid;
            }
            (10, s, false)
        }
        (b, _) => (b, s, false),
    };
    let mut v: i128 = 0;
    let mut seen = false;
    let mut prev_underscore = false;
    let mut wide = String::new();
    for c in digits.chars() {
        if c == '_' {
            // Underscores go between digits, or once right after a prefix.
            if prev_underscore || (!seen && !after_prefix) {
                return IntParse::Invalid;
            }
            prev_underscore = true;
            continue;
        }
        let d = match c
            .to_digit(36)
            .filter(|_| c.is_ascii())
            .or_else(|| decimal_value(c))
        {
            Some(d) if d < base => d,
            _ => return IntParse::Invalid,
        };
        v = v * base as i128 + d as i128;
        if v > i64::MAX as i128 + 1 {
            // Too wide for 64 bits: the digits go to a big int at the end.
            if wide.is_empty() {
                wide = digits
                    .chars()
                    .filter(|c| *c != '_')
                    .map_while(|c| {
                        let d = c
                            .to_digit(36)
                            .filter(|_| c.is_ascii())
                            .or_else(|| decimal_value(c))?;
                        char::from_digit(d, 36)
                    })
                    .collect();
            }
            v = i64::MAX as i128 + 2;
        }
        seen = true;
        prev_underscore = false;
    }
    if !seen || prev_underscore {
        return IntParse::Invalid;
    }
    let v = if neg { -v } else { v };
    match i64::try_from(v) {
        Ok(i) => IntParse::Ok(i),
        Err(_) => IntParse::Wide(neg, wide, base),
    }
}

fn construct_int(interp: &Interp, a: Args) -> R {
    let p = ctor_args(a, "int", &["x", "base"])?;
    let base = match &p[1] {
        None => None,
        Some(b) => {
            let b = int_of(b)?;
            if b != 0 && !(2..=36).contains(&b) {
                return Err(Exc::value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            Some(b as u32)
        }
    };
    let Some(x) = &p[0] else {
        if base.is_some() {
            return Err(Exc::type_error("int() missing string argument"));
        }
        return Ok(Value::Int(0));
    };
    let text: Option<String> = match x {
        Value::Str(s) => Some(s.to_string()),
        Value::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
        _ => None,
    };
    if let Some(text) = text {
        let b = base.unwrap_or(10);
        return match parse_int(&text, b) {
            IntParse::Ok(i) => Ok(Value::Int(i)),
            IntParse::Wide(neg, digits, radix) => crate::bigint::parse(&digits, radix, neg)?
                .ok_or_else(|| Exc::value_error("invalid literal for int()")),
            IntParse::Invalid => {
                let shown = match x {
                    Value::Str(s) => crate::format::str_repr(s),
                    other => crate::format::repr_plain(other),
                };
                Err(Exc::value_error(format!(
                    "invalid literal for int() with base {b}: {shown}"
                )))
            }
        };
    }
    if base.is_some() {
        return Err(Exc::type_error(
            "int() can't convert non-string with explicit base",
        ));
    }
    match x {
        Value::Int(i) => Ok(Value::Int(*i)),
        Value::Big(_) => Ok(x.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => float_to_int(*f),
        Value::Object(o) => {
            for m in ["__int__", "__index__", "__trunc__"] {
                if let Some(f) = o.class.lookup(m) {
                    let r = interp.call(&f, Args::new(vec![x.clone()]))?;
                    if let Value::Big(_) = r {
                        return Ok(r);
                    }
                    return match r.as_int() {
                        Some(i) => Ok(Value::Int(i)),
                        None => Err(Exc::type_error(format!(
                            "{m} returned non-int (type {})",
                            r.type_name()
                        ))),
                    };
                }
            }
            Err(Exc::type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                o.class.name
            )))
        }
        other => Err(Exc::type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

/// Parses a float literal as `float(text)` does; `None` if invalid.
fn parse_float(text: &str) -> Option<f64> {
    let s = text.trim_matches(py_isspace);
    let (sign, body) = match s.as_bytes().first() {
        Some(b'-') => (-1.0, &s[1..]),
        Some(b'+') => (1.0, &s[1..]),
        _ => (1.0, s),
    };
    match body.to_ascii_lowercase().as_str() {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    // Validate: digits with single underscores between digits, an optional
    // fraction and an optional exponent.
    let chars: Vec<char> = body.chars().collect();
    let mut clean = String::with_capacity(chars.len());
    let mut i = 0;
    let digits = |i: &mut usize, clean: &mut String| -> Option<usize> {
        let mut n = 0;
        while *i < chars.len() {
            let c = chars[*i];
            if let Some(d) = decimal_value(c) {
                clean.push(char::from(b'0' + d as u8));
                n += 1;
                *i += 1;
            } else if c == '_'
                && n > 0
                && chars
                    .get(*i + 1)
                    .is_some_and(|c| decimal_value(*c).is_some())
            {
                *i += 1;
            } else {
                break;
            }
        }
        Some(n)
    };
    let int_digits = digits(&mut i, &mut clean)?;
    let mut frac_digits = 0;
    if chars.get(i) == Some(&'.') {
        clean.push('.');
        i += 1;
        frac_digits = digits(&mut i, &mut clean)?;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if matches!(chars.get(i), Some('e' | 'E')) {
        clean.push('e');
        i += 1;
        if let Some(c @ ('+' | '-')) = chars.get(i) {
            clean.push(*c);
            i += 1;
        }
        if digits(&mut i, &mut clean)? == 0 {
            return None;
        }
    }
    if i != chars.len() {
        return None;
    }
    clean.parse::<f64>().ok().map(|f| sign * f)
}

fn construct_float(interp: &Interp, a: Args) -> R {
    let v = single(a, "float")?;
    let Some(x) = v else {
        return Ok(Value::Float(0.0));
    };
    match &x {
        Value::Float(_) => Ok(x),
        Value::Int(i) => Ok(Value::Float(*i as f64)),
        Value::Big(b) => crate::bigint::to_f64(b).map(Value::Float),
        Value::Bool(b) => Ok(Value::Float(if *b { 1.0 } else { 0.0 })),
        Value::Str(s) => parse_float(s).map(Value::Float).ok_or_else(|| {
            Exc::value_error(format!(
                "could not convert string to float: {}",
                crate::format::str_repr(s)
            ))
        }),
        Value::Bytes(b) => parse_float(&String::from_utf8_lossy(b))
            .map(Value::Float)
            .ok_or_else(|| {
                Exc::value_error(format!(
                    "could not convert string to float: {}",
                    crate::format::repr_plain(&x)
                ))
            }),
        Value::Object(o) => {
            for m in ["__float__", "__index__"] {
                if let Some(f) = o.class.lookup(m) {
                    let r = interp.call(&f, Args::new(vec![x.clone()]))?;
                    return match r {
                        Value::Float(f) => Ok(Value::Float(f)),
                        Value::Int(i) if m == "__index__" => Ok(Value::Float(i as f64)),
                        other => Err(Exc::type_error(format!(
                            "{}.{m} returned non-float (type {})",
                            o.class.name,
                            other.type_name()
                        ))),
                    };
                }
            }
            Err(Exc::type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                o.class.name
            )))
        }
        other => Err(Exc::type_error(format!(
            "float() argument must be a string or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

pub(crate) fn construct_bytes(interp: &Interp, a: Args) -> R {
    let p = ctor_args(a, "bytes", &["source", "encoding", "errors"])?;
    let Some(src) = &p[0] else {
        if p[1].is_some() || p[2].is_some() {
            return Err(Exc::type_error("encoding without a string argument"));
        }
        return Ok(Value::Bytes(Vec::new().into()));
    };
    if let Value::Str(s) = src {
        let Some(enc) = opt_str(&p[1], "bytes", 2)? else {
            return Err(Exc::type_error("string argument without an encoding"));
        };
        let errors = opt_str(&p[2], "bytes", 3)?.unwrap_or_else(|| "strict".into());
        return Ok(Value::Bytes(encode(s, &enc, &errors)?.into()));
    }
    if p[1].is_some() {
        return Err(Exc::type_error("encoding without a string argument"));
    }
    if p[2].is_some() {
        return Err(Exc::type_error("errors without a string argument"));
    }
    if let Some(b) = crate::bytearray::thaw(src) {
        return Ok(b);
    }
    match src {
        Value::Bytes(_) => Ok(src.clone()),
        Value::Int(_) | Value::Bool(_) => {
            let n = int_of(src)?;
            if n < 0 {
                return Err(Exc::value_error("negative count"));
            }
            memory_check(interp, n as usize, "bytes")?;
            Ok(Value::Bytes(vec![0u8; n as usize].into()))
        }
        Value::Float(_) | Value::None => Err(Exc::type_error(format!(
            "cannot convert '{}' object to bytes",
            src.type_name()
        ))),
        other => {
            let mut it = match interp.iter(other) {
                Ok(it) => it,
                Err(e) if e.is("TypeError") => {
                    return Err(Exc::type_error(format!(
                        "cannot convert '{}' object to bytes",
                        other.type_name()
                    )))
                }
                Err(e) => return Err(e),
            };
            let mut out = Vec::new();
            while let Some(x) = it.next(interp)? {
                let i = int_of(&x)?;
                if !(0..256).contains(&i) {
                    return Err(Exc::value_error("bytes must be in range(0, 256)"));
                }
                memory_check(interp, out.len(), "bytes")?;
                out.push(i as u8);
            }
            Ok(Value::Bytes(out.into()))
        }
    }
}

/// The lines of `s` as `str.splitlines` cuts them: for each, the byte
/// range of its text and of the line ending after it (empty for a last
/// line without one). Python's line boundaries are `\n`, `\r`, `\r\n`,
/// `\v`, `\f`, the file, group and record separators, NEL and the Unicode
/// line and paragraph separators.
pub(crate) fn split_lines(s: &str) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !is_break {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' && chars.next_if(|&(_, n)| n == '\n').is_some() {
            end += 1;
        }
        out.push((start..i, i..end));
        start = end;
    }
    if start < s.len() {
        out.push((start..s.len(), s.len()..s.len()));
    }
    out
}

/// `str.expandtabs(tabsize)`: each tab becomes the spaces up to the next
/// multiple of `tabsize` (nothing when it is 0 or less); a newline or
/// carriage return starts the count again.
pub(crate) fn expand_tabs(s: &str, tabsize: i64) -> String {
    let mut out = String::with_capacity(s.len());
    let mut col: i64 = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - col % tabsize;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{run, Options};

    /// Runs `src` and returns its stdout, or the error summary.
    fn out(src: &str) -> String {
        let o = run(src, &Options::default());
        match o.error {
            None => o.stdout,
            Some(e) => format!("{}{e:?}", o.stdout),
        }
    }

    fn check(src: &str, expected: &str) {
        assert_eq!(out(src), expected, "program:\n{src}");
    }

    #[test]
    fn str_case_and_strip() {
        check(
            "s = '  Hello, World  '\nprint(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), s.strip().lower(), s.upper())\n",
            "'Hello, World' 'Hello, World  ' '  Hello, World' hello, world   HELLO, WORLD  \n",
        );
        check(
            "print(\"they're bill's 1st\".title(), 'Hello'.swapcase(), 'hELLO'.capitalize(), 'ß'.casefold(), 'xxaxx'.strip('x'))\n",
            "They'Re Bill'S 1St hELLO Hello ss a\n",
        );
    }

    #[test]
    fn str_split_join() {
        check(
            "t = 'a,b,,c'\nprint(t.split(','), t.split(',', 1), 'x y  z'.split(), '-'.join(['1', '2', '3']))\n",
            "['a', 'b', '', 'c'] ['a', 'b,,c'] ['x', 'y', 'z'] 1-2-3\n",
        );
        check(
            "print('  a b  c  '.split(None, 1), '  a b  c  '.rsplit(None, 1), 'a,b,c'.rsplit(',', 1), 'aXbXc'.split('X', maxsplit=1))\n",
            "['a', 'b  c  '] ['  a b', 'c'] ['a,b', 'c'] ['a', 'bXc']\n",
        );
        check(
            "print('ab\\r\\ncd\\re\\x0bf'.splitlines(), 'ab\\r\\ncd\\n'.splitlines(True), ''.join(x for x in 'abc'))\n",
            "['ab', 'cd', 'e', 'f'] ['ab\\r\\n', 'cd\\n'] abc\n",
        );
        check(
            "try:\n    ','.join([1])\nexcept TypeError as e:\n    print(e)\ntry:\n    'a'.split('')\nexcept ValueError as e:\n    print(e)\n",
            "sequence item 0: expected str instance, int found\nempty separator\n",
        );
    }

    #[test]
    fn str_search() {
        check(
            "print('hello'.find('l'), 'hello'.rfind('l'), 'hello'.index('e'), 'hello'.count('l'), 'abc'.count(''), 'héllo wörld'.find('w'))\n",
            "2 3 1 2 4 6\n",
        );
        check(
            "print('hello'.startswith('he'), 'hello'.endswith(('x', 'lo')), 'abc'.startswith(('x', 'b'), 1), 'abc'.find('', 5))\n",
            "True True True -1\n",
        );
        check(
            "try:\n    'a'.index('z')\nexcept ValueError as e:\n    print(e)\ntry:\n    'a'.startswith(1)\nexcept TypeError as e:\n    print(e)\n",
            "substring not found\nstartswith first arg must be str or a tuple of str, not int\n",
        );
    }

    #[test]
    fn str_padding_and_misc() {
        check(
            "print('abc'.center(9, '*'), 'abc'.ljust(5, '.') + '|', 'abc'.rjust(5) + '|', '42'.zfill(5), '-7'.zfill(4), 'ab'.center(5, '*'))\n",
            "***abc*** abc..|   abc| 00042 -007 **ab*\n",
        );
        check(
            "print('a-b-c'.partition('-'), 'a-b-c'.rpartition('-'), 'abc'.partition('x'), 'a\\tbc\\td'.expandtabs(4))\n",
            "('a', '-', 'b-c') ('a-b', '-', 'c') ('abc', '', '') a   bc  d\n",
        );
        check(
            "print('hello'.replace('l', 'L'), 'hello'.replace('l', 'L', 1), 'ab'.replace('', '-'), 'abc'.removeprefix('ab'), 'abc'.removesuffix('bc'))\n",
            "heLLo heLlo -a-b- c a\n",
        );
        check(
            "print('{} + {} = {}'.format(1, 2, 3), '{x}'.format_map({'x': 1}), 'abc'.translate(str.maketrans('ab', 'xy', 'c')))\n",
            "1 + 2 = 3 1 xy\n",
        );
    }

    #[test]
    fn str_predicates() {
        check(
            "print(' '.isspace(), 'Abc'.islower(), 'abc'.isalpha(), '123'.isdigit(), '²'.isdigit(), '²'.isdecimal(), '½'.isnumeric())\n",
            "True False True True True False True\n",
        );
        check(
            "print('ABC1'.isupper(), '1'.isupper(), ''.isalpha(), 'Ab1'.isalnum(), 'x_1'.isidentifier(), '1x'.isidentifier(), 'Hello World'.istitle())\n",
            "True False False True True False True\n",
        );
    }

    #[test]
    fn str_encode_and_unbound() {
        check(
            "print('hé'.encode(), 'é'.encode('latin-1'), b'hi'.decode(), list(map(str.upper, ['a', 'b'])), str.join(',', ['x', 'y']))\n",
            "b'h\\xc3\\xa9' b'\\xe9' hi ['A', 'B'] x,y\n",
        );
        check(
            "try:\n    str.upper(5)\nexcept TypeError as e:\n    print(e)\ntry:\n    'é'.encode('ascii')\nexcept UnicodeError as e:\n    print(e)\n",
            "descriptor 'upper' for 'str' objects doesn't apply to a 'int' object\n'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)\n",
        );
    }

    /// `xs.append(x)` (which the VM calls without an argument list) stops
    /// at the collection limit as `list.append(xs, x)` does, with the
    /// interpreter's `MemoryError`, and appends to a list subclass and a
    /// list reached through an attribute alike (the first line is what
    /// CPython prints; the limit is the interpreter's own).
    #[test]
    fn list_append_paths_agree() {
        let opts = crate::Options {
            limits: crate::Limits {
                max_collection: 8,
                ..crate::Limits::default()
            },
            ..crate::Options::default()
        };
        let src = "class L(list):\n    pass\nclass H:\n    def __init__(self):\n        self.items = []\nh = H()\nys = L()\nfor i in range(3):\n    h.items.append(i)\n    ys.append(i * 2)\n    list.append(ys, -i)\nprint(h.items, ys)\nxs = []\ntry:\n    while True:\n        xs.append(1)\nexcept MemoryError as e:\n    print(len(xs), e)\nzs = []\ntry:\n    while True:\n        list.append(zs, 1)\nexcept MemoryError as e:\n    print(len(zs), e)\n";
        let out = crate::run(src, &opts);
        assert!(out.error.is_none(), "{}", out.stderr);
        assert_eq!(
            out.stdout,
            "[0, 1, 2] [0, 0, 2, -1, 4, -2]\n8 list too large\n8 list too large\n"
        );
    }

    #[test]
    fn list_methods() {
        check(
            "nums = [5, 3, 8]\nnums.append(1)\nnums.extend([9, 2])\nnums.insert(0, 7)\nprint(nums, nums.pop(), nums.pop(0), nums)\nnums.remove(8)\nprint(nums, nums.index(1), nums.count(5), len(nums))\n",
            "[5, 3, 8, 1, 9] 2 7 [5, 3, 8, 1, 9]\n[5, 3, 1, 9] 2 1 4\n",
        );
        check(
            "xs = [3, 1, 2]\nxs.sort()\nys = ['bb', 'a', 'ccc']\nys.sort(key=len, reverse=True)\nzs = xs.copy()\nzs.reverse()\nprint(xs, ys, zs, [1, 2, 3, 2].index(2, 2))\n",
            "[1, 2, 3] ['ccc', 'bb', 'a'] [3, 2, 1] 3\n",
        );
        check(
            "for f in [lambda: [].pop(), lambda: [1].pop(5), lambda: [1].remove(2), lambda: [1].index(2), lambda: [1].sort(1), lambda: [1, 'a'].sort()]:\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__, e)\n",
            "IndexError pop from empty list\nIndexError pop index out of range\nValueError list.remove(x): x not in list\nValueError 2 is not in list\nTypeError sort() takes no positional arguments\nTypeError '<' not supported between instances of 'str' and 'int'\n",
        );
        check(
            "pairs = [(1, 'b'), (0, 'a'), (1, 'a')]\npairs.sort(key=lambda p: p[0])\nprint(pairs)\nl = [1]\nl.clear()\nprint(l, [1, 2].__len__(), list.append(l, 5), l)\n",
            "[(0, 'a'), (1, 'b'), (1, 'a')]\n[5] 2 None [5]\n",
        );
    }

    #[test]
    fn tuple_methods() {
        check(
            "t = (1, 'two', 3.0, 1)\nprint(t.index(3.0), t.count(1), (1, 2).index(2))\ntry:\n    t.index(5)\nexcept ValueError as e:\n    print(e)\n",
            "2 2 1\ntuple.index(x): x not in tuple\n",
        );
    }

    #[test]
    fn dict_methods() {
        check(
            "d = {'b': 2, 'a': 1}\nd['c'] = 3\nprint(d.get('a'), d.get('z'), d.get('z', 0))\nprint(list(d.keys()), list(d.values()), list(d.items()))\nprint(d.setdefault('d', 4), d.setdefault('a', 99), d.pop('b'), d.pop('zz', 'none'))\nd.update({'e': 5}, f=6)\nprint(d, d.popitem(), d)\n",
            "1 None 0\n['b', 'a', 'c'] [2, 1, 3] [('b', 2), ('a', 1), ('c', 3)]\n4 1 2 none\n{'a': 1, 'c': 3, 'd': 4, 'e': 5} ('f', 6) {'a': 1, 'c': 3, 'd': 4, 'e': 5}\n",
        );
        check(
            "d = {1: 2}\nk = d.keys()\nd[3] = 4\nprint(k, d.items(), d.values(), len(k), 3 in k, (1, 2) in d.items(), 4 in d.values(), bool({}.keys()))\n",
            "dict_keys([1, 3]) dict_items([(1, 2), (3, 4)]) dict_values([2, 4]) 2 True True True False\n",
        );
        check(
            "print(dict.fromkeys('ab'), dict.fromkeys('ab', 0), {}.fromkeys([1]), type({}.keys()).__name__)\nfor k, v in {'x': 1}.items():\n    print(k, v)\n",
            "{'a': None, 'b': None} {'a': 0, 'b': 0} {1: None} dict_keys\nx 1\n",
        );
        check(
            "for f in [lambda: {}.pop(1), lambda: {}.popitem(), lambda: {}.update([(1, 2, 3)]), lambda: {}.update([1])]:\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__, e)\n",
            "KeyError 1\nKeyError 'popitem(): dictionary is empty'\nValueError dictionary update sequence element #0 has length 3; 2 is required\nTypeError cannot convert dictionary update sequence element #0 to a sequence\n",
        );
    }

    #[test]
    fn set_methods() {
        check(
            "s = {3, 1, 2}\ns.add(4)\ns.add(2)\ns.discard(10)\ns.remove(1)\nprint(sorted(s), len(s), 2 in s)\na, b = {1, 2, 3, 4}, {3, 4, 5}\nprint(a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference(b))\n",
            "[2, 3, 4] 3 True\n{1, 2, 3, 4, 5} {3, 4} {1, 2} {1, 2, 5}\n",
        );
        check(
            "a = {1, 2, 3, 4}\nprint({1, 2}.issubset(a), a.issuperset({1, 5}), a.isdisjoint({7}), {1, 2}.union([3], (4,)), set().union())\n",
            "True False True {1, 2, 3, 4} set()\n",
        );
        check(
            "s = {1, 2, 3}\ns.intersection_update([2, 3, 4])\nt = {1, 2, 3}\nt.difference_update({1})\nu = {1}\nu.update([2], {3})\nprint(s, t, u, s.copy(), {5}.pop())\n",
            "{2, 3} {2, 3} {1, 2, 3} {2, 3} 5\n",
        );
        check(
            "for f in [lambda: set().remove(1), lambda: set().pop(), lambda: set().add([])]:\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__, e)\n",
            "KeyError 1\nKeyError 'pop from an empty set'\nTypeError unhashable type: 'list'\n",
        );
    }

    #[test]
    fn bytes_methods() {
        check(
            "bs = b'abc\\x00\\xff'\nprint(bs.hex(), b'a,b'.split(b','), b'abc'.upper(), b'abc'.hex(':'), bytes.fromhex('61 62'))\n",
            "61626300ff [b'a', b'b'] b'ABC' 61:62:63 b'ab'\n",
        );
        check(
            "print(b'ab'.find(b'b'), b'ab'.startswith(b'a'), b','.join([b'a', b'b']), b'  a '.strip(), b'abc'.replace(b'b', b'x'), b'abc'.count(b'b'))\n",
            "1 True b'a,b' b'a' b'axc' 1\n",
        );
        check(
            "try:\n    b'\\xff'.decode()\nexcept UnicodeError as e:\n    print(e)\n",
            "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte\n",
        );
    }

    #[test]
    fn operator_dunders() {
        check(
            "print((1).__add__(2), (1).__add__('a'), 'a'.__lt__('b'), (1).__lt__('a'), [1].__eq__([1]), 'x'.__mul__(3), int.__add__(2, 3), (2.5).__format__('.1f'))\n",
            "3 NotImplemented True NotImplemented True xxx 5 2.5\n",
        );
    }

    #[test]
    fn data_attrs() {
        use super::data_attr;
        use crate::value::Value;
        let show = |v: Option<Value>| v.map(|v| crate::format::repr_plain(&v)).unwrap_or_default();
        // (3).real, (3).imag, True.numerator, (2.5).imag, type((1).__class__)
        assert_eq!(show(data_attr(&Value::Int(3), "real")), "3");
        assert_eq!(show(data_attr(&Value::Int(3), "imag")), "0");
        assert_eq!(show(data_attr(&Value::Bool(true), "numerator")), "1");
        assert_eq!(show(data_attr(&Value::Int(3), "denominator")), "1");
        assert_eq!(show(data_attr(&Value::Float(2.5), "imag")), "0.0");
        assert_eq!(
            show(data_attr(&Value::Int(1), "__class__")),
            "<class 'int'>"
        );
        assert!(data_attr(&Value::str("a"), "real").is_none());
    }

    #[test]
    fn number_methods() {
        check(
            "print((5).bit_length(), (-255).to_bytes(2, 'big', signed=True), (255).to_bytes(1, 'little'), int.from_bytes(b'\\x01\\x00', 'big'), int.from_bytes(b'\\xff', 'big', signed=True))\n",
            "3 b'\\xff\\x01' b'\\xff' 256 -1\n",
        );
        check(
            "print((1.5).is_integer(), (2.0).is_integer(), (0.75).as_integer_ratio(), (1.5).hex(), True.bit_length(), int.bit_length(5))\n",
            "False True (3, 4) 0x1.8000000000000p+0 1 3\n",
        );
        check(
            "try:\n    (256).to_bytes(1, 'big')\nexcept OverflowError as e:\n    print(e)\n",
            "int too big to convert\n",
        );
    }

    #[test]
    fn constructors_int_float() {
        check(
            "print(int('ff', 16), int(3.99), int(-3.99), int('  12 '), int(True), int(' 1_000 '), int('0x1f', 0), int('-0b101', 0), int('z', 36), int())\n",
            "255 3 -3 12 1 1000 31 -5 35 0\n",
        );
        check(
            "print(float('1e3'), float(7), float('-inf'), float(' 1e3 '), float('1_000.5'), float('.5'), float('5.'), float('nan'), float())\n",
            "1000.0 7.0 -inf 1000.0 1000.5 0.5 5.0 nan 0.0\n",
        );
        check(
            "for f in [lambda: int('abc'), lambda: int('1__0'), lambda: int('010', 0), lambda: int('12', 1), lambda: int([1]), lambda: int(1.5, 10), lambda: int(float('nan')), lambda: float('x'), lambda: float('1e'), lambda: float([1])]:\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__, e)\n",
            "ValueError invalid literal for int() with base 10: 'abc'\nValueError invalid literal for int() with base 10: '1__0'\nValueError invalid literal for int() with base 0: '010'\nValueError int() base must be >= 2 and <= 36, or 0\nTypeError int() argument must be a string, a bytes-like object or a real number, not 'list'\nTypeError int() can't convert non-string with explicit base\nValueError cannot convert float NaN to integer\nValueError could not convert string to float: 'x'\nValueError could not convert string to float: '1e'\nTypeError float() argument must be a string or a real number, not 'list'\n",
        );
        check(
            "class N:\n    def __int__(self):\n        return 7\n    def __float__(self):\n        return 2.5\nprint(int(N()), float(N()))\n",
            "7 2.5\n",
        );
    }

    #[test]
    fn constructors_containers() {
        check(
            "print(list('abc'), tuple([1, 2]), set([3, 3]), dict([('k', 1)]), list({'a': 1, 'b': 2}), dict(a=1, b=2), dict(zip('xy', range(2))), dict({'a': 1}, b=2))\n",
            "['a', 'b', 'c'] (1, 2) {3} {'k': 1} ['a', 'b'] {'a': 1, 'b': 2} {'x': 0, 'y': 1} {'a': 1, 'b': 2}\n",
        );
        check(
            "print(str(3.0), str([1, 'a']), str(b'hi'), str(b'hi', 'utf-8'), str(), bool(0), bool([0]), bool(None), bool())\n",
            "3.0 [1, 'a'] b'hi' hi  False True False False\n",
        );
        check(
            "print(bytes([65, 66]), bytes('abc', 'ascii'), bytes(3), bytes(), bytes('é', encoding='latin-1'), type(1), type('a') is str)\n",
            "b'AB' b'abc' b'\\x00\\x00\\x00' b'' b'\\xe9' <class 'int'> True\n",
        );
        check(
            "for f in [lambda: bytes('a'), lambda: bytes([300]), lambda: bytes(-1), lambda: list(1), lambda: dict(1), lambda: list(1, 2)]:\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__, e)\n",
            "TypeError string argument without an encoding\nValueError bytes must be in range(0, 256)\nValueError negative count\nTypeError 'int' object is not iterable\nTypeError 'int' object is not iterable\nTypeError list expected at most 1 argument, got 2\n",
        );
    }
}
