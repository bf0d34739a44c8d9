//! What the `match` statement's instructions check at run time, as
//! CPython 3.11's `MATCH_SEQUENCE`, `MATCH_MAPPING`, `MATCH_KEYS` and
//! `MATCH_CLASS` do.
//!
//! Sequences are lists, tuples, ranges, deques, named tuples and
//! subclasses of `list`/`tuple` (never `str` or `bytes`); mappings are
//! dicts, their subclasses and the dict-like classes of `collections`.
//! Mappings are read through their `get`, objects through `getattr`, so
//! a program's own `__getattr__`, properties and `get` run as in CPython.

use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::{Args, BuiltinType, Class, Dict, Key, Value};
use std::rc::Rc;

/// The classes along `c`'s inheritance chain.
fn chain(c: &Rc<Class>) -> impl Iterator<Item = &Rc<Class>> {
    std::iter::successors(Some(c), |k| k.base.as_ref())
}

/// Whether a sequence pattern can match `v`.
fn is_sequence(v: &Value) -> bool {
    match v {
        Value::List(_) | Value::Tuple(_) => true,
        Value::Native(n) => n.type_name() == "range",
        Value::Object(o) => {
            let named_tuple =
                o.class.lookup("_fields").is_some() && o.class.lookup("_field_defaults").is_some();
            named_tuple
                || chain(&o.class).any(|k| {
                    matches!(k.builtin, Some(BuiltinType::List | BuiltinType::Tuple))
                        || (&*k.module == "collections" && &*k.name == "deque")
                })
        }
        _ => false,
    }
}

/// Whether a mapping pattern can match `v`.
fn is_mapping(v: &Value) -> bool {
    match v {
        Value::Dict(_) => true,
        Value::Object(o) => chain(&o.class).any(|k| {
            k.builtin == Some(BuiltinType::Dict)
                || (&*k.module == "collections"
                    && matches!(
                        &*k.name,
                        "defaultdict" | "Counter" | "OrderedDict" | "ChainMap"
                    ))
                || (&*k.module == "typing" && &*k.name == "TypedDict")
        }),
        _ => false,
    }
}

/// A sequence pattern: `v`'s items when it is a sequence of `before`
/// items (then, with a star, a list of any number, then `after` more).
pub(super) fn match_sequence(
    interp: &Interp,
    v: &Value,
    before: usize,
    star_after: Option<usize>,
) -> Result<Option<Vec<Value>>, Exc> {
    if !is_sequence(v) {
        return Ok(None);
    }
    let mut items = match v {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        other => interp.collect(other)?,
    };
    match star_after {
        None => Ok((items.len() == before).then_some(items)),
        Some(after) => {
            if items.len() < before + after {
                return Ok(None);
            }
            let tail = items.split_off(items.len() - after);
            let middle = items.split_off(before);
            items.push(Value::list(middle));
            items.extend(tail);
            Ok(Some(items))
        }
    }
}

/// A mapping pattern: whether `v` is a mapping of at least `n` items.
pub(super) fn match_mapping(interp: &Interp, v: &Value, n: usize) -> Result<bool, Exc> {
    if !is_mapping(v) {
        return Ok(false);
    }
    Ok(n == 0 || crate::builtins::len_of(interp, v)? >= n)
}

/// What a mapping pattern's keys found: their values and, when asked
/// for, a dict of the other items.
pub(super) type KeyMatch = (Vec<Value>, Option<Value>);

/// A mapping pattern's keys: their values in `v` (through its `get`),
/// and with `rest` a dict of its other items; `None` when a key is
/// missing.
pub(super) fn match_keys(
    interp: &Interp,
    v: &Value,
    keys: Vec<Value>,
    rest: bool,
) -> Result<Option<KeyMatch>, Exc> {
    let mut values = Vec::with_capacity(keys.len());
    if !keys.is_empty() {
        let get = interp.getattr(v, "get")?;
        // A fresh object no mapping holds: `get`'s default.
        let missing = Value::list(Vec::new());
        let mut seen: Vec<Key> = Vec::with_capacity(keys.len());
        for k in &keys {
            let key = Key::new(k.clone())?;
            if seen.contains(&key) {
                return Err(Exc::value_error(format!(
                    "mapping pattern checks duplicate key ({})",
                    interp.repr(k)?
                )));
            }
            seen.push(key);
            let found = interp.call(&get, Args::new(vec![k.clone(), missing.clone()]))?;
            if found.is(&missing) {
                return Ok(None);
            }
            values.push(found);
        }
    }
    let rest = if rest {
        let mut d: Dict = match v {
            Value::Dict(d) => d.borrow().clone(),
            other => {
                let mut d = Dict::default();
                for (k, x) in interp.mapping_items(other)? {
                    d.insert(Key::new(k)?, x);
                }
                d
            }
        };
        for k in keys {
            d.remove(&Key(k));
        }
        Some(Value::dict(d))
    } else {
        None
    };
    Ok(Some((values, rest)))
}

/// The built-in classes whose one positional sub-pattern matches the
/// subject itself (`case int(n):`).
fn matches_self(c: &Rc<Class>) -> bool {
    chain(c).any(|k| {
        (k.builtin == Some(BuiltinType::Native) && &*k.name == "frozenset")
            || matches!(
                k.builtin,
                Some(
                    BuiltinType::Bool
                        | BuiltinType::Int
                        | BuiltinType::Float
                        | BuiltinType::Str
                        | BuiltinType::Bytes
                        | BuiltinType::List
                        | BuiltinType::Tuple
                        | BuiltinType::Dict
                        | BuiltinType::Set
                )
            )
    })
}

/// A class pattern: when `v` is an instance of `class` with the
/// attributes asked for, their values (the positional ones first, named
/// by `__match_args__`, then the keyword ones); `None` when it is not.
pub(super) fn match_class(
    interp: &Interp,
    class: &Value,
    v: &Value,
    positional: usize,
    keywords: &[Rc<str>],
) -> Result<Option<Vec<Value>>, Exc> {
    let Value::Class(c) = class else {
        return Err(Exc::type_error("called match pattern must be a type"));
    };
    if !crate::builtins::is_instance(v, c) {
        return Ok(None);
    }
    let mut seen: Vec<Rc<str>> = Vec::with_capacity(positional + keywords.len());
    let mut values = Vec::with_capacity(positional + keywords.len());
    if positional > 0 {
        let match_args = match interp.getattr(class, "__match_args__") {
            Ok(m) => Some(m),
            Err(e) if e.is("AttributeError") => None,
            Err(e) => return Err(e),
        };
        let names: Vec<Value> = match &match_args {
            Some(Value::Tuple(t)) => t.to_vec(),
            Some(other) => {
                return Err(Exc::type_error(format!(
                    "{}.__match_args__ must be a tuple (got {})",
                    c.name,
                    other.type_name()
                )))
            }
            None => Vec::new(),
        };
        let match_self = match_args.is_none() && matches_self(c);
        let allowed = if match_self { 1 } else { names.len() };
        if allowed < positional {
            return Err(Exc::type_error(format!(
                "{}() accepts {allowed} positional sub-pattern{} ({positional} given)",
                c.name,
                if allowed == 1 { "" } else { "s" }
            )));
        }
        if match_self {
            values.push(v.clone());
        } else {
            for n in names.iter().take(positional) {
                let Value::Str(ref n) = *n else {
                    return Err(Exc::type_error(format!(
                        "__match_args__ elements must be strings (got {})",
                        n.type_name()
                    )));
                };
                match attribute(interp, c, v, n, &mut seen)? {
                    Some(x) => values.push(x),
                    None => return Ok(None),
                }
            }
        }
    }
    for n in keywords {
        match attribute(interp, c, v, n, &mut seen)? {
            Some(x) => values.push(x),
            None => return Ok(None),
        }
    }
    Ok(Some(values))
}

/// `v.name` for a class pattern (`None` when it has none); an attribute
/// asked for twice is a `TypeError`.
fn attribute(
    interp: &Interp,
    c: &Rc<Class>,
    v: &Value,
    name: &Rc<str>,
    seen: &mut Vec<Rc<str>>,
) -> Result<Option<Value>, Exc> {
    if seen.contains(name) {
        return Err(Exc::type_error(format!(
            "{}() got multiple sub-patterns for attribute {}",
            c.name,
            crate::format::str_repr(name)
        )));
    }
    seen.push(name.clone());
    match interp.getattr(v, name) {
        Ok(x) => Ok(Some(x)),
        Err(e) if e.is("AttributeError") => Ok(None),
        Err(e) => Err(e),
    }
}
