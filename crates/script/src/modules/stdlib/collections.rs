//! `collections`: `deque`, `defaultdict`, `Counter`, `OrderedDict`,
//! `namedtuple` and `ChainMap`.
//!
//! They are classes whose methods are built-ins, so instances work with
//! every protocol the evaluator gives objects (`len`, `in`, `[]`, `[] =`,
//! `del`, `==`, iteration, `repr`) and can be subclassed. They are not
//! subclasses of `dict`/`tuple`: `isinstance(Counter(), dict)` is false.
//! The dict-like ones keep their items in a hidden `__data__` dict.

use super::{
    bind_signature, func, int_of, make_module, method, new_class, new_object, not_implemented,
    set_slot, slot, split_first, Param,
};
use crate::builtins::iter_value;
use crate::exc::Exc;
use crate::interp::Interp;
use crate::ir::CmpOp;
use crate::value::*;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

/// The `collections` module.
pub(super) fn module() -> Value {
    make_module(
        "collections",
        vec![
            ("deque", Value::Class(deque_class())),
            ("defaultdict", Value::Class(dictlike_class("defaultdict"))),
            ("Counter", Value::Class(dictlike_class("Counter"))),
            ("OrderedDict", Value::Class(dictlike_class("OrderedDict"))),
            ("ChainMap", Value::Class(chainmap_class())),
            ("namedtuple", func("namedtuple", namedtuple)),
        ],
    )
}

fn this_and(a: Args) -> (Value, Args) {
    split_first(a)
}

fn arg(a: &Args, i: usize, fname: &str) -> Result<Value, Exc> {
    a.pos
        .get(i)
        .cloned()
        .ok_or_else(|| Exc::type_error(format!("{fname}() takes exactly one argument (0 given)")))
}

fn class_name(v: &Value) -> Rc<str> {
    match v {
        Value::Object(o) => o.class.name.clone(),
        other => other.type_name(),
    }
}

// ============================================================== dict-likes

/// The dict inside a dict-like instance.
fn data(v: &Value) -> Result<Rc<RefCell<Dict>>, Exc> {
    match slot(v, "__data__") {
        Some(Value::Dict(ref d)) => Ok(d.clone()),
        _ => Err(Exc::type_error(format!(
            "descriptor requires a dict-like object, not '{}'",
            v.type_name()
        ))),
    }
}

/// The items of a dict or dict-like value, if it is one.
pub(super) fn as_dict(v: &Value) -> Option<Rc<RefCell<Dict>>> {
    match v {
        Value::Dict(d) => Some(d.clone()),
        Value::Object(_) => match slot(v, "__data__") {
            Some(Value::Dict(ref d)) => Some(d.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// `(key, value)` pairs of a mapping, or of an iterable of pairs.
fn pairs_of(interp: &Interp, v: &Value) -> Result<Vec<(Value, Value)>, Exc> {
    if let Some(d) = as_dict(v) {
        return Ok(d
            .borrow()
            .iter()
            .map(|(k, v)| (k.0.clone(), v.clone()))
            .collect());
    }
    if let Value::Object(o) = v {
        if o.class.lookup("keys").is_some() {
            return interp.mapping_items(v);
        }
    }
    let mut out = Vec::new();
    for (i, item) in interp.collect(v)?.into_iter().enumerate() {
        let kv = interp.collect(&item).map_err(|_| {
            Exc::type_error(format!(
                "cannot convert dictionary update sequence element #{i} to a sequence"
            ))
        })?;
        if kv.len() != 2 {
            return Err(Exc::value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                kv.len()
            )));
        }
        let mut kv = kv.into_iter();
        if let (Some(k), Some(v)) = (kv.next(), kv.next()) {
            out.push((k, v));
        }
    }
    Ok(out)
}

fn kind(v: &Value) -> &'static str {
    let Value::Object(o) = v else {
        return "dict";
    };
    for k in o.class.ancestry() {
        if &*k.module == "typing" && &*k.name == "TypedDict" {
            return "TypedDict";
        }
        if &*k.module == "collections" {
            match &*k.name {
                "defaultdict" => return "defaultdict",
                "Counter" => return "Counter",
                "OrderedDict" => return "OrderedDict",
                _ => {}
            }
        }
    }
    "dict"
}

const DICT_METHODS: &[(&str, BuiltinFn)] = &[
    ("__init__", dl_init),
    ("__getitem__", dl_getitem),
    ("__setitem__", dl_setitem),
    ("__delitem__", dl_delitem),
    ("__contains__", dl_contains),
    ("__len__", dl_len),
    ("__iter__", dl_iter),
    ("__reversed__", dl_reversed),
    ("__eq__", dl_eq),
    ("__repr__", dl_repr),
    ("__or__", dl_or),
    ("__ior__", dl_ior),
    ("keys", dl_keys),
    ("values", dl_values),
    ("items", dl_items),
    ("get", dl_get),
    ("setdefault", dl_setdefault),
    ("pop", dl_pop),
    ("popitem", dl_popitem),
    ("update", dl_update),
    ("clear", dl_clear),
    ("copy", dl_copy),
    ("__copy__", dl_copy),
];

/// `typing.TypedDict`: a base class whose instances behave (and print) as
/// dicts.
pub(super) fn typed_dict_base() -> Rc<Class> {
    let items: Vec<(&str, Value)> = DICT_METHODS
        .iter()
        .map(|(n, f)| (*n, method(n, *f)))
        .collect();
    new_class("TypedDict", "typing", None, items)
}

fn dictlike_class(name: &str) -> Rc<Class> {
    let mut items: Vec<(&str, Value)> = DICT_METHODS
        .iter()
        .map(|(n, f)| (*n, method(n, *f)))
        .collect();
    let extra: &[(&str, BuiltinFn)] = match name {
        "defaultdict" => &[("__missing__", dd_missing)],
        "Counter" => &[
            ("__missing__", |_, _| Ok(Value::Int(0))),
            ("most_common", c_most_common),
            ("elements", c_elements),
            ("total", c_total),
            ("subtract", c_subtract),
            ("__add__", |i, a| c_binop(i, a, '+')),
            ("__sub__", |i, a| c_binop(i, a, '-')),
            ("__or__", |i, a| c_binop(i, a, '|')),
            ("__and__", |i, a| c_binop(i, a, '&')),
            ("__pos__", |i, a| c_unary(i, a, false)),
            ("__neg__", |i, a| c_unary(i, a, true)),
        ],
        "OrderedDict" => &[("move_to_end", od_move_to_end)],
        _ => &[],
    };
    for (n, f) in extra {
        match items.iter_mut().find(|(k, _)| k == n) {
            Some(slot) => slot.1 = method(n, *f),
            None => items.push((n, method(n, *f))),
        }
    }
    new_class(name, "collections", None, items)
}

fn dl_init(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, mut a) = this_and(a);
    set_slot(&this, "__data__", Value::dict(Dict::default()));
    match kind(&this) {
        "defaultdict" => {
            let factory = if a.pos.is_empty() {
                Value::None
            } else {
                a.pos.remove(0)
            };
            let callable = matches!(
                factory,
                Value::None
                    | Value::Function(_)
                    | Value::Builtin(_)
                    | Value::Bound(_)
                    | Value::Class(_)
            ) || matches!(&factory, Value::Object(o) if o.class.lookup("__call__").is_some())
                || matches!(&factory, Value::Native(n) if n.get_attr(n, "__call__").is_some());
            if !callable {
                return Err(Exc::type_error("first argument must be callable or None"));
            }
            set_slot(&this, "default_factory", factory);
        }
        "Counter" => {
            if a.pos.len() > 1 {
                return Err(Exc::type_error(format!(
                    "expected at most 1 argument, got {}",
                    a.pos.len()
                )));
            }
            counter_update(interp, &this, a, 1)?;
            return Ok(Value::None);
        }
        _ => {}
    }
    if a.pos.len() > 1 {
        return Err(Exc::type_error(format!(
            "{} expected at most 1 argument, got {}",
            class_name(&this),
            a.pos.len()
        )));
    }
    update(interp, &this, a)?;
    Ok(Value::None)
}

fn update(interp: &Interp, this: &Value, a: Args) -> Result<(), Exc> {
    let d = data(this)?;
    if let Some(src) = a.pos.first() {
        for (k, v) in pairs_of(interp, src)? {
            d.borrow_mut().insert(Key::new(k)?, v);
        }
    }
    for (k, v) in a.kw {
        d.borrow_mut().insert(Key(Value::Str(k)), v);
    }
    Ok(())
}

fn dl_getitem(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let k = arg(&a, 0, "__getitem__")?;
    let found = data(&this)?.borrow().get(&Key::new(k.clone())?).cloned();
    if let Some(v) = found {
        return Ok(v);
    }
    if let Value::Object(o) = &this {
        if let Some(m) = o.class.lookup("__missing__") {
            return interp.call(&m, Args::new(vec![this.clone(), k]));
        }
    }
    Err(Exc::new(crate::exc::class("KeyError"), vec![k]))
}

fn dd_missing(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let k = arg(&a, 0, "__missing__")?;
    let factory = slot(&this, "default_factory").unwrap_or(Value::None);
    if matches!(factory, Value::None) {
        return Err(Exc::new(crate::exc::class("KeyError"), vec![k]));
    }
    let v = interp.call(&factory, Args::default())?;
    data(&this)?.borrow_mut().insert(Key::new(k)?, v.clone());
    Ok(v)
}

fn dl_setitem(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let (Some(k), Some(v)) = (a.pos.first().cloned(), a.pos.get(1).cloned()) else {
        return Err(Exc::type_error("__setitem__ expected 2 arguments"));
    };
    data(&this)?.borrow_mut().insert(Key::new(k)?, v);
    Ok(Value::None)
}

fn dl_delitem(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let k = arg(&a, 0, "__delitem__")?;
    match data(&this)?.borrow_mut().remove(&Key::new(k.clone())?) {
        Some(_) => Ok(Value::None),
        None => Err(Exc::new(crate::exc::class("KeyError"), vec![k])),
    }
}

fn dl_contains(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let k = arg(&a, 0, "__contains__")?;
    Ok(Value::Bool(
        data(&this)?.borrow().contains_key(&Key::new(k)?),
    ))
}

fn dl_len(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = this_and(a);
    Ok(Value::Int(data(&this)?.borrow().len() as i64))
}

fn keys_of(this: &Value) -> Result<Vec<Value>, Exc> {
    Ok(data(this)?.borrow().keys().map(|k| k.0.clone()).collect())
}

fn dl_iter(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = this_and(a);
    iter_value(interp, Value::list(keys_of(&this)?))
}

fn dl_reversed(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = this_and(a);
    let mut keys = keys_of(&this)?;
    keys.reverse();
    iter_value(interp, Value::list(keys))
}

/// Calls the `dict` method `name` on the inner dict when the evaluator
/// provides it (so views stay live), or returns `fallback()`.
fn delegate(
    interp: &Interp,
    this: &Value,
    name: &str,
    args: Args,
    fallback: impl FnOnce() -> Result<Value, Exc>,
) -> Result<Value, Exc> {
    let d = Value::Dict(data(this)?);
    match interp.try_getattr(&d, name)? {
        Some(m) => interp.call(&m, args),
        None => fallback(),
    }
}

fn dl_keys(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let keys = keys_of(&this)?;
    delegate(interp, &this, "keys", a, || Ok(Value::list(keys)))
}

fn dl_values(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let vals: Vec<Value> = data(&this)?.borrow().values().cloned().collect();
    delegate(interp, &this, "values", a, || Ok(Value::list(vals)))
}

fn items_of(this: &Value) -> Result<Vec<(Value, Value)>, Exc> {
    Ok(data(this)?
        .borrow()
        .iter()
        .map(|(k, v)| (k.0.clone(), v.clone()))
        .collect())
}

fn dl_items(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let items: Vec<Value> = items_of(&this)?
        .into_iter()
        .map(|(k, v)| Value::tuple(vec![k, v]))
        .collect();
    delegate(interp, &this, "items", a, || Ok(Value::list(items)))
}

fn dl_get(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let k = arg(&a, 0, "get")?;
    let found = data(&this)?.borrow().get(&Key::new(k)?).cloned();
    Ok(found.unwrap_or_else(|| a.pos.get(1).cloned().unwrap_or(Value::None)))
}

fn dl_setdefault(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let k = Key::new(arg(&a, 0, "setdefault")?)?;
    let d = data(&this)?;
    let mut d = d.borrow_mut();
    Ok(d.setdefault(k, || a.pos.get(1).cloned().unwrap_or(Value::None)))
}

fn dl_pop(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let k = arg(&a, 0, "pop")?;
    let removed = data(&this)?.borrow_mut().remove(&Key::new(k.clone())?);
    match (removed, a.pos.get(1)) {
        (Some(v), _) => Ok(v),
        (None, Some(d)) => Ok(d.clone()),
        (None, None) => Err(Exc::new(crate::exc::class("KeyError"), vec![k])),
    }
}

fn dl_popitem(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, mut a) = this_and(a);
    let last = match a.take_kw("last").or_else(|| a.pos.first().cloned()) {
        Some(v) => interp.truthy(&v)?,
        None => true,
    };
    let d = data(&this)?;
    let mut d = d.borrow_mut();
    let item = if last { d.pop() } else { d.pop_first() };
    match item {
        Some((k, v)) => Ok(Value::tuple(vec![k.0, v])),
        None => Err(Exc::of(
            "KeyError",
            if kind(&this) == "OrderedDict" {
                "dictionary is empty"
            } else {
                "popitem(): dictionary is empty"
            },
        )),
    }
}

fn dl_update(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    if kind(&this) == "Counter" {
        counter_update(interp, &this, a, 1)?;
    } else {
        update(interp, &this, a)?;
    }
    Ok(Value::None)
}

fn dl_clear(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = this_and(a);
    data(&this)?.borrow_mut().clear();
    Ok(Value::None)
}

/// A new instance of `this`'s class with a copy of its items.
fn copy_of(this: &Value) -> Result<Value, Exc> {
    let Value::Object(o) = this else {
        return Err(Exc::type_error("copy"));
    };
    let new = new_object(&o.class);
    for (k, v) in o.dict.borrow().iter() {
        if &**k != "__data__" {
            set_slot(&new, k, v.clone());
        }
    }
    set_slot(&new, "__data__", Value::dict(data(this)?.borrow().clone()));
    Ok(new)
}

fn dl_copy(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = this_and(a);
    copy_of(&this)
}

fn dl_or(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let other = arg(&a, 0, "__or__")?;
    let Some(o) = as_dict(&other) else {
        return Ok(not_implemented(interp));
    };
    let new = copy_of(&this)?;
    let items: Vec<(Key, Value)> = o
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    data(&new)?.borrow_mut().extend(items);
    Ok(new)
}

fn dl_ior(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let other = arg(&a, 0, "__ior__")?;
    update(interp, &this, Args::new(vec![other]))?;
    Ok(this)
}

fn dl_eq(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let other = arg(&a, 0, "__eq__")?;
    let Some(o) = as_dict(&other) else {
        return Ok(not_implemented(interp));
    };
    let mine = data(&this)?;
    if kind(&this) == "Counter" && kind(&other) == "Counter" {
        // Missing counts are zeros.
        for (x, y) in [(&mine, &o), (&o, &mine)] {
            let items: Vec<(Key, Value)> = x
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            for (k, v) in items {
                let w = y.borrow().get(&k).cloned().unwrap_or(Value::Int(0));
                if !interp.eq(&v, &w)? {
                    return Ok(Value::Bool(false));
                }
            }
        }
        return Ok(Value::Bool(true));
    }
    if kind(&this) == "OrderedDict" && kind(&other) == "OrderedDict" {
        let (xs, ys) = (
            mine.borrow().keys().cloned().collect::<Vec<_>>(),
            o.borrow().keys().cloned().collect::<Vec<_>>(),
        );
        if xs.len() != ys.len() || xs.iter().zip(&ys).any(|(x, y)| x != y) {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(interp.eq(&Value::Dict(mine), &Value::Dict(o))?))
}

fn dl_repr(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = this_and(a);
    let name = class_name(&this);
    let d = data(&this)?;
    let text = match kind(&this) {
        "defaultdict" => {
            let f = slot(&this, "default_factory").unwrap_or(Value::None);
            format!(
                "{name}({}, {})",
                interp.repr(&f)?,
                interp.repr(&Value::Dict(d))?
            )
        }
        "Counter" => {
            if d.borrow().is_empty() {
                format!("{name}()")
            } else {
                let ordered = match most_common(interp, &this) {
                    Ok(items) => items,
                    Err(e) if e.is("TypeError") => items_of(&this)?,
                    Err(e) => return Err(e),
                };
                let mut shown = Dict::default();
                for (k, v) in ordered {
                    shown.insert(Key(k), v);
                }
                format!("{name}({})", interp.repr(&Value::dict(shown))?)
            }
        }
        "OrderedDict" => {
            if d.borrow().is_empty() {
                format!("{name}()")
            } else {
                let items: Vec<Value> = items_of(&this)?
                    .into_iter()
                    .map(|(k, v)| Value::tuple(vec![k, v]))
                    .collect();
                format!("{name}({})", interp.repr(&Value::list(items))?)
            }
        }
        "TypedDict" => interp.repr(&Value::Dict(d))?,
        _ => format!("{name}({})", interp.repr(&Value::Dict(d))?),
    };
    Ok(Value::str(text))
}

fn od_move_to_end(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, mut a) = this_and(a);
    let last = match a.take_kw("last").or_else(|| a.pos.get(1).cloned()) {
        Some(v) => interp.truthy(&v)?,
        None => true,
    };
    let k = arg(&a, 0, "move_to_end")?;
    let d = data(&this)?;
    let mut d = d.borrow_mut();
    let key = Key::new(k.clone())?;
    let found = if last {
        d.move_to_end(&key)
    } else {
        d.move_to_front(&key)
    };
    if !found {
        return Err(Exc::new(crate::exc::class("KeyError"), vec![k]));
    }
    Ok(Value::None)
}

// ----------------------------------------------------------------- Counter

fn counter_update(interp: &Interp, this: &Value, a: Args, sign: i64) -> Result<(), Exc> {
    let d = data(this)?;
    let add = |k: Value, n: Value| -> Result<(), Exc> {
        let key = Key::new(k)?;
        let cur = d.borrow().get(&key).cloned().unwrap_or(Value::Int(0));
        let op = if sign > 0 {
            crate::ir::BinOp::Add
        } else {
            crate::ir::BinOp::Sub
        };
        let new = interp.binary_op(op, cur, n)?;
        d.borrow_mut().insert(key, new);
        Ok(())
    };
    if let Some(src) = a.pos.first().filter(|v| !matches!(v, Value::None)) {
        let is_mapping = as_dict(src).is_some()
            || matches!(src, Value::Object(o) if o.class.lookup("keys").is_some());
        if is_mapping {
            for (k, v) in pairs_of(interp, src)? {
                add(k, v)?;
            }
        } else {
            let mut it = interp.iter(src)?;
            while let Some(k) = it.next(interp)? {
                add(k, Value::Int(1))?;
            }
        }
    }
    for (k, v) in a.kw {
        add(Value::Str(k), v)?;
    }
    Ok(())
}

fn c_subtract(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    counter_update(interp, &this, a, -1)?;
    Ok(Value::None)
}

/// Items by count, largest first; ties keep insertion order.
fn most_common(interp: &Interp, this: &Value) -> Result<Vec<(Value, Value)>, Exc> {
    let items: Vec<Value> = items_of(this)?
        .into_iter()
        .map(|(k, v)| Value::tuple(vec![k, v]))
        .collect();
    let key = func("count", |_, a| match a.pos.first() {
        Some(Value::Tuple(t)) if t.len() == 2 => Ok(t[1].clone()),
        _ => Ok(Value::None),
    });
    let sorted = crate::builtins::sort_values(interp, items, Some(key), true)?;
    Ok(sorted
        .into_iter()
        .filter_map(|t| match t {
            Value::Tuple(ref t) if t.len() == 2 => Some((t[0].clone(), t[1].clone())),
            _ => None,
        })
        .collect())
}

fn c_most_common(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, mut a) = this_and(a);
    let n = a
        .take_kw("n")
        .or_else(|| a.pos.first().cloned())
        .filter(|v| !matches!(v, Value::None));
    let mut items = most_common(interp, &this)?;
    if let Some(n) = n {
        items.truncate(int_of(&n, "")?.max(0) as usize);
    }
    Ok(Value::list(
        items
            .into_iter()
            .map(|(k, v)| Value::tuple(vec![k, v]))
            .collect(),
    ))
}

fn c_elements(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = this_and(a);
    let mut out = Vec::new();
    for (k, v) in items_of(&this)? {
        let n = match v {
            Value::Int(n) => n,
            Value::Bool(b) => b as i64,
            other => {
                return Err(Exc::type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    other.type_name()
                )))
            }
        };
        for _ in 0..n.max(0) {
            out.push(k.clone());
        }
    }
    Ok(super::iter_of("itertools.chain", out))
}

fn c_total(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = this_and(a);
    let mut acc = Value::Int(0);
    for (_, v) in items_of(&this)? {
        acc = interp.binary_op(crate::ir::BinOp::Add, acc, v)?;
    }
    Ok(acc)
}

fn positive(interp: &Interp, v: &Value) -> Result<bool, Exc> {
    interp.truthy(&interp.compare(CmpOp::Gt, v, &Value::Int(0))?)
}

fn c_binop(interp: &Interp, a: Args, op: char) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let other = arg(&a, 0, "operator")?;
    if kind(&other) != "Counter" {
        return Ok(not_implemented(interp));
    }
    let (mine, theirs) = (items_of(&this)?, data(&other)?);
    let result = copy_of(&this)?;
    let rd = data(&result)?;
    rd.borrow_mut().clear();
    let zero = Value::Int(0);
    for (k, v) in &mine {
        let w = theirs
            .borrow()
            .get(&Key::new(k.clone())?)
            .cloned()
            .unwrap_or(zero.clone());
        let new = match op {
            '+' => interp.binary_op(crate::ir::BinOp::Add, v.clone(), w)?,
            '-' => interp.binary_op(crate::ir::BinOp::Sub, v.clone(), w)?,
            '|' => {
                if interp.lt(v, &w)? {
                    w
                } else {
                    v.clone()
                }
            }
            _ => {
                if interp.lt(&w, v)? {
                    w
                } else {
                    v.clone()
                }
            }
        };
        if positive(interp, &new)? {
            rd.borrow_mut().insert(Key::new(k.clone())?, new);
        }
    }
    if op != '&' {
        let md = data(&this)?;
        let theirs_items: Vec<(Key, Value)> = theirs
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, w) in theirs_items {
            if md.borrow().contains_key(&k) {
                continue;
            }
            let new = if op == '-' {
                interp.binary_op(crate::ir::BinOp::Sub, zero.clone(), w)?
            } else {
                w
            };
            if positive(interp, &new)? {
                rd.borrow_mut().insert(k, new);
            }
        }
    }
    Ok(result)
}

fn c_unary(interp: &Interp, a: Args, negate: bool) -> Result<Value, Exc> {
    let (this, _) = this_and(a);
    let result = copy_of(&this)?;
    let rd = data(&result)?;
    rd.borrow_mut().clear();
    for (k, v) in items_of(&this)? {
        let new = if negate {
            interp.binary_op(crate::ir::BinOp::Sub, Value::Int(0), v)?
        } else {
            v
        };
        if positive(interp, &new)? {
            rd.borrow_mut().insert(Key::new(k)?, new);
        }
    }
    Ok(result)
}

// =================================================================== deque

fn deque_class() -> Rc<Class> {
    let methods: &[(&str, BuiltinFn)] = &[
        ("__init__", dq_init),
        ("append", |i, a| dq_append(i, a, false)),
        ("appendleft", |i, a| dq_append(i, a, true)),
        ("pop", |_, a| dq_pop(a, false)),
        ("popleft", |_, a| dq_pop(a, true)),
        ("extend", |i, a| dq_extend(i, a, false)),
        ("extendleft", |i, a| dq_extend(i, a, true)),
        ("clear", |_, a| {
            let d = deque_of(&super::recv(&a)?)?;
            let old = std::mem::take(&mut *d.items.borrow_mut());
            d.changed();
            drop(old);
            Ok(Value::None)
        }),
        ("rotate", dq_rotate),
        ("count", dq_count),
        ("index", dq_index),
        ("remove", dq_remove),
        ("insert", dq_insert),
        ("reverse", |_, a| {
            // Not a change an iteration is told of, as in CPython.
            deque_of(&super::recv(&a)?)?
                .items
                .borrow_mut()
                .make_contiguous()
                .reverse();
            Ok(Value::None)
        }),
        ("copy", dq_copy),
        ("__copy__", dq_copy),
        ("__len__", |_, a| {
            Ok(Value::Int(
                deque_of(&super::recv(&a)?)?.items.borrow().len() as i64,
            ))
        }),
        ("__iter__", |_, a| {
            Ok(dq_iter(deque_of(&super::recv(&a)?)?, false))
        }),
        ("__reversed__", |_, a| {
            Ok(dq_iter(deque_of(&super::recv(&a)?)?, true))
        }),
        ("__getitem__", dq_getitem),
        ("__setitem__", dq_setitem),
        ("__delitem__", dq_delitem),
        ("__contains__", |i, a| {
            let items = deque_of(&super::recv(&a)?)?.snapshot();
            let x = arg(&a, 1, "__contains__")?;
            let found = crate::methods::seq_index(i, &items, &x, &None, &None)?;
            Ok(Value::Bool(found.is_some()))
        }),
        ("__eq__", |i, a| dq_compare(i, a, CmpOp::Eq)),
        ("__ne__", |i, a| dq_compare(i, a, CmpOp::NotEq)),
        ("__lt__", |i, a| dq_compare(i, a, CmpOp::Lt)),
        ("__le__", |i, a| dq_compare(i, a, CmpOp::LtE)),
        ("__gt__", |i, a| dq_compare(i, a, CmpOp::Gt)),
        ("__ge__", |i, a| dq_compare(i, a, CmpOp::GtE)),
        ("__iadd__", |i, a| {
            let this = super::recv(&a)?;
            dq_extend(i, a, false)?;
            Ok(this)
        }),
        ("__add__", dq_add),
        ("__mul__", |i, a| dq_mul(i, a, false)),
        ("__rmul__", |i, a| dq_mul(i, a, false)),
        ("__imul__", |i, a| dq_mul(i, a, true)),
        ("__repr__", dq_repr),
    ];
    new_class(
        "deque",
        "collections",
        None,
        methods.iter().map(|(n, f)| (*n, method(n, *f))).collect(),
    )
}

/// A deque's items, in the hidden slot `__data__`: a ring buffer, so
/// both ends cost O(1) (`popleft` on a list shifted every item).
pub(super) struct DequeData {
    items: RefCell<VecDeque<Value>>,
    /// Moved by every change that moves items (not by `d[i] = x` nor
    /// `reverse()`, as in CPython): an iteration that sees it move raises.
    state: Cell<u64>,
    /// Set while its repr is built, so that a deque holding itself shows
    /// `[...]` there.
    in_repr: Cell<bool>,
}

impl DequeData {
    /// A deque's data holding `items`.
    pub(super) fn value(items: VecDeque<Value>) -> Value {
        Value::Native(Rc::new(DequeData {
            items: RefCell::new(items),
            state: Cell::new(0),
            in_repr: Cell::new(false),
        }))
    }

    fn changed(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }

    /// The items now, as a vector.
    pub(super) fn snapshot(&self) -> Vec<Value> {
        self.items.borrow().iter().cloned().collect()
    }
}

impl Native for DequeData {
    fn type_name(&self) -> &'static str {
        "deque_data"
    }

    fn clear_refs(&mut self) {
        drop(std::mem::take(self.items.get_mut()));
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn deque_of(v: &Value) -> Result<Rc<DequeData>, Exc> {
    let found = match slot(v, "__data__") {
        Some(Value::Native(ref n)) => n.clone().into_any_rc().downcast::<DequeData>().ok(),
        _ => None,
    };
    found.ok_or_else(|| {
        Exc::type_error(format!(
            "descriptor requires a 'collections.deque' object but received a '{}'",
            v.type_name()
        ))
    })
}

fn maxlen(v: &Value) -> Option<usize> {
    slot(v, "maxlen")
        .and_then(|m| m.as_int())
        .map(|m| m as usize)
}

fn dq_init(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let p = super::params("deque", &["iterable", "maxlen"], a)?;
    let m = match &p[1] {
        None | Some(Value::None) => Value::None,
        Some(v) => {
            let n = int_of(v, "")?;
            if n < 0 {
                return Err(Exc::value_error("maxlen must be non-negative"));
            }
            Value::Int(n)
        }
    };
    set_slot(&this, "maxlen", m);
    set_slot(&this, "__data__", DequeData::value(VecDeque::new()));
    if let Some(src) = &p[0] {
        let vals = interp.collect(src)?;
        push_all(&this, vals, false)?;
    }
    Ok(Value::None)
}

fn push_all(this: &Value, vals: Vec<Value>, left: bool) -> Result<(), Exc> {
    let d = deque_of(this)?;
    let cap = maxlen(this);
    let mut dropped = Vec::new();
    {
        let mut l = d.items.borrow_mut();
        for v in vals {
            if cap == Some(0) {
                continue;
            }
            if left {
                l.push_front(v);
                if cap.is_some_and(|c| l.len() > c) {
                    dropped.extend(l.pop_back());
                }
            } else {
                l.push_back(v);
                if cap.is_some_and(|c| l.len() > c) {
                    dropped.extend(l.pop_front());
                }
            }
        }
    }
    d.changed();
    drop(dropped);
    Ok(())
}

fn dq_append(_: &Interp, a: Args, left: bool) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let v = arg(&a, 0, if left { "appendleft" } else { "append" })?;
    push_all(&this, vec![v], left)?;
    Ok(Value::None)
}

fn dq_extend(interp: &Interp, a: Args, left: bool) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let src = arg(&a, 0, if left { "extendleft" } else { "extend" })?;
    let vals = interp.collect(&src)?;
    push_all(&this, vals, left)?;
    Ok(Value::None)
}

fn dq_pop(a: Args, left: bool) -> Result<Value, Exc> {
    let (this, _) = this_and(a);
    let d = deque_of(&this)?;
    let v = if left {
        d.items.borrow_mut().pop_front()
    } else {
        d.items.borrow_mut().pop_back()
    };
    d.changed();
    v.ok_or_else(|| Exc::of("IndexError", "pop from an empty deque"))
}

/// `iter(d)` or `reversed(d)`: a live iteration by position, which raises
/// `RuntimeError` once the deque changed (and keeps raising).
fn dq_iter(d: Rc<DequeData>, backwards: bool) -> Value {
    let state = d.state.get();
    let len = d.items.borrow().len();
    let mut done = 0;
    let kind = if backwards {
        "_deque_reverse_iterator"
    } else {
        "_deque_iterator"
    };
    crate::builtins::IterObj::from_step(kind, move || {
        if d.state.get() != state {
            return Err(Exc::runtime_error("deque mutated during iteration"));
        }
        if done == len {
            return Ok(None);
        }
        let at = if backwards { len - 1 - done } else { done };
        done += 1;
        Ok(d.items.borrow().get(at).cloned())
    })
}

fn dq_rotate(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let n = match a.pos.first() {
        Some(v) => int_of(v, "")?,
        None => 1,
    };
    let d = deque_of(&this)?;
    let mut l = d.items.borrow_mut();
    let len = l.len() as i64;
    if len > 1 {
        let k = n.rem_euclid(len) as usize;
        l.rotate_right(k);
        d.changed();
    }
    Ok(Value::None)
}

fn dq_count(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let x = arg(&a, 0, "count")?;
    crate::methods::seq_count(interp, &deque_of(&this)?.snapshot(), &x)
}

fn dq_index(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let x = arg(&a, 0, "index")?;
    let items = deque_of(&this)?.snapshot();
    match crate::methods::seq_index(
        interp,
        &items,
        &x,
        &a.pos.get(1).cloned(),
        &a.pos.get(2).cloned(),
    )? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(Exc::value_error(format!(
            "{} is not in deque",
            interp.repr(&x)?
        ))),
    }
}

fn dq_remove(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let x = arg(&a, 0, "remove")?;
    let d = deque_of(&this)?;
    let state = d.state.get();
    for (i, y) in d.snapshot().iter().enumerate() {
        let same = y.is(&x) || interp.eq(y, &x)?;
        if d.state.get() != state {
            return Err(Exc::of("IndexError", "deque mutated during remove()."));
        }
        if same {
            let gone = d.items.borrow_mut().remove(i);
            d.changed();
            drop(gone);
            return Ok(Value::None);
        }
    }
    Err(Exc::value_error(format!(
        "{} is not in deque",
        interp.repr(&x)?
    )))
}

fn dq_insert(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let i = int_of(&arg(&a, 0, "insert")?, "")?;
    let x = arg(&a, 1, "insert")?;
    let d = deque_of(&this)?;
    let mut l = d.items.borrow_mut();
    if maxlen(&this).is_some_and(|m| l.len() >= m) {
        return Err(Exc::of("IndexError", "deque already at its maximum size"));
    }
    let len = l.len() as i64;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) };
    l.insert(at as usize, x);
    d.changed();
    Ok(Value::None)
}

/// A new deque of `this`'s class and maxlen, holding `items`.
fn dq_like(this: &Value, items: VecDeque<Value>) -> Result<Value, Exc> {
    let Value::Object(o) = this else {
        return Err(Exc::type_error(
            "descriptor requires a 'collections.deque' object",
        ));
    };
    let new = new_object(&o.class);
    set_slot(&new, "maxlen", slot(this, "maxlen").unwrap_or(Value::None));
    set_slot(&new, "__data__", DequeData::value(items));
    Ok(new)
}

fn dq_copy(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = this_and(a);
    let items = deque_of(&this)?.items.borrow().clone();
    dq_like(&this, items)
}

fn dq_add(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let other = arg(&a, 0, "__add__")?;
    let Ok(theirs) = deque_of(&other) else {
        return Err(Exc::type_error(format!(
            "can only concatenate deque (not \"{}\") to deque",
            other.type_name()
        )));
    };
    let new = dq_copy(interp, Args::new(vec![this]))?;
    push_all(&new, theirs.snapshot(), false)?;
    Ok(new)
}

/// `d * n`, and `d *= n` when `in_place`.
fn dq_mul(interp: &Interp, a: Args, in_place: bool) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let n = match arg(&a, 0, "__mul__")? {
        Value::Int(n) => n,
        Value::Bool(b) => b as i64,
        other => {
            return Err(Exc::type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                other.type_name()
            )))
        }
    };
    let items = deque_of(&this)?.snapshot();
    let cap = maxlen(&this).unwrap_or(usize::MAX);
    // Only the last `maxlen` items of the repetition stay.
    let total = items.len().saturating_mul(n.max(0) as usize);
    if total.min(cap) > interp.limits.max_collection {
        return Err(Exc::of("MemoryError", "deque too long"));
    }
    let mut out = VecDeque::with_capacity(total.min(cap));
    for k in total.saturating_sub(cap)..total {
        if let Some(v) = items.get(k % items.len().max(1)) {
            out.push_back(v.clone());
        }
    }
    if in_place {
        let d = deque_of(&this)?;
        *d.items.borrow_mut() = out;
        d.changed();
        Ok(this)
    } else {
        dq_like(&this, out)
    }
}

fn dq_index_of(this: &Value, key: &Value) -> Result<(Rc<DequeData>, usize), Exc> {
    let d = deque_of(this)?;
    let len = d.items.borrow().len();
    let i = key.as_int().ok_or_else(|| {
        Exc::type_error(format!(
            "sequence index must be integer, not '{}'",
            key.type_name()
        ))
    })?;
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return Err(Exc::of("IndexError", "deque index out of range"));
    }
    Ok((d, j as usize))
}

fn dq_getitem(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let (d, i) = dq_index_of(&this, &arg(&a, 0, "__getitem__")?)?;
    let v = d.items.borrow().get(i).cloned();
    v.ok_or_else(|| Exc::of("IndexError", "deque index out of range"))
}

fn dq_setitem(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let (d, i) = dq_index_of(&this, &arg(&a, 0, "__setitem__")?)?;
    let v = arg(&a, 1, "__setitem__")?;
    let old = d
        .items
        .borrow_mut()
        .get_mut(i)
        .map(|x| std::mem::replace(x, v));
    drop(old);
    Ok(Value::None)
}

fn dq_delitem(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let (d, i) = dq_index_of(&this, &arg(&a, 0, "__delitem__")?)?;
    let gone = d.items.borrow_mut().remove(i);
    d.changed();
    drop(gone);
    Ok(Value::None)
}

/// Deques compare item by item, like lists, and only with deques.
fn dq_compare(interp: &Interp, a: Args, op: CmpOp) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let other = arg(&a, 0, "__eq__")?;
    let Ok(theirs) = deque_of(&other) else {
        return Ok(not_implemented(interp));
    };
    let mine = deque_of(&this)?.snapshot();
    interp.compare(op, &Value::list(mine), &Value::list(theirs.snapshot()))
}

fn dq_repr(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = this_and(a);
    let d = deque_of(&this)?;
    if d.in_repr.replace(true) {
        return Ok(Value::str("[...]"));
    }
    let body = interp.repr(&Value::list(d.snapshot()));
    d.in_repr.set(false);
    let body = body?;
    Ok(Value::str(match slot(&this, "maxlen") {
        Some(Value::Int(m)) => format!("{}({body}, maxlen={m})", class_name(&this)),
        _ => format!("{}({body})", class_name(&this)),
    }))
}

// ================================================================ ChainMap

fn chainmap_class() -> Rc<Class> {
    let methods: &[(&str, BuiltinFn)] = &[
        ("__init__", |_, a| {
            let (this, a) = this_and(a);
            let maps = if a.pos.is_empty() {
                vec![Value::dict(Dict::default())]
            } else {
                a.pos
            };
            set_slot(&this, "maps", Value::list(maps));
            Ok(Value::None)
        }),
        ("__getitem__", |i, a| {
            let (this, a) = this_and(a);
            let k = arg(&a, 0, "__getitem__")?;
            for m in maps(i, &this)? {
                if i.contains(&m, &k)? {
                    return i.getitem(&m, k);
                }
            }
            Err(Exc::new(crate::exc::class("KeyError"), vec![k]))
        }),
        ("get", |i, a| {
            let (this, a) = this_and(a);
            let k = arg(&a, 0, "get")?;
            for m in maps(i, &this)? {
                if i.contains(&m, &k)? {
                    return i.getitem(&m, k);
                }
            }
            Ok(a.pos.get(1).cloned().unwrap_or(Value::None))
        }),
        ("__setitem__", |i, a| {
            let (this, a) = this_and(a);
            let first = maps(i, &this)?
                .into_iter()
                .next()
                .ok_or_else(|| Exc::of("KeyError", "ChainMap has no maps"))?;
            i.setitem(
                &first,
                arg(&a, 0, "__setitem__")?,
                arg(&a, 1, "__setitem__")?,
            )?;
            Ok(Value::None)
        }),
        ("__delitem__", |i, a| {
            let (this, a) = this_and(a);
            let first = maps(i, &this)?
                .into_iter()
                .next()
                .ok_or_else(|| Exc::of("KeyError", "ChainMap has no maps"))?;
            let k = arg(&a, 0, "__delitem__")?;
            i.delitem(&first, k.clone()).map_err(|_| {
                Exc::of(
                    "KeyError",
                    format!(
                        "Key not found in the first mapping: {}",
                        crate::format::repr_plain(&k)
                    ),
                )
            })?;
            Ok(Value::None)
        }),
        ("__contains__", |i, a| {
            let (this, a) = this_and(a);
            let k = arg(&a, 0, "__contains__")?;
            for m in maps(i, &this)? {
                if i.contains(&m, &k)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }),
        ("__len__", |i, a| {
            Ok(Value::Int(chain_keys(i, &super::recv(&a)?)?.len() as i64))
        }),
        ("__iter__", |i, a| {
            iter_value(i, Value::list(chain_keys(i, &super::recv(&a)?)?))
        }),
        ("keys", |i, a| {
            Ok(Value::list(chain_keys(i, &super::recv(&a)?)?))
        }),
        ("items", |i, a| {
            let this = super::recv(&a)?;
            let mut out = Vec::new();
            for k in chain_keys(i, &this)? {
                let v = i.getitem(&this, k.clone())?;
                out.push(Value::tuple(vec![k, v]));
            }
            Ok(Value::list(out))
        }),
        ("values", |i, a| {
            let this = super::recv(&a)?;
            let mut out = Vec::new();
            for k in chain_keys(i, &this)? {
                out.push(i.getitem(&this, k)?);
            }
            Ok(Value::list(out))
        }),
        ("new_child", |i, a| {
            let (this, a) = this_and(a);
            let mut ms = vec![a
                .pos
                .first()
                .cloned()
                .unwrap_or_else(|| Value::dict(Dict::default()))];
            ms.extend(maps(i, &this)?);
            let Value::Object(o) = &this else {
                return Err(Exc::type_error("ChainMap"));
            };
            let new = new_object(&o.class);
            set_slot(&new, "maps", Value::list(ms));
            Ok(new)
        }),
        ("__repr__", |i, a| {
            let this = super::recv(&a)?;
            let parts = maps(i, &this)?
                .iter()
                .map(|m| i.repr(m))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::str(format!(
                "{}({})",
                class_name(&this),
                parts.join(", ")
            )))
        }),
    ];
    new_class(
        "ChainMap",
        "collections",
        None,
        methods.iter().map(|(n, f)| (*n, method(n, *f))).collect(),
    )
}

fn maps(interp: &Interp, this: &Value) -> Result<Vec<Value>, Exc> {
    match slot(this, "maps") {
        Some(m) => interp.collect(&m),
        None => Err(Exc::type_error("ChainMap is not initialized")),
    }
}

fn chain_keys(interp: &Interp, this: &Value) -> Result<Vec<Value>, Exc> {
    let mut seen = Set::default();
    for m in maps(interp, this)?.iter().rev() {
        for k in interp.collect(m)? {
            seen.insert(Key::new(k)?);
        }
    }
    Ok(seen.into_iter().map(|k| k.0).collect())
}

// ============================================================== namedtuple

const RECORD_METHODS: &[(&str, BuiltinFn)] = &[
    ("__init__", rec_init),
    ("__repr__", rec_repr),
    ("__iter__", |i, a| {
        iter_value(i, Value::tuple(values(&super::recv(&a)?)?))
    }),
    ("__len__", |_, a| {
        Ok(Value::Int(values(&super::recv(&a)?)?.len() as i64))
    }),
    ("__getitem__", |i, a| {
        i.getitem(
            &Value::tuple(values(&super::recv(&a)?)?),
            arg(&a, 1, "__getitem__")?,
        )
    }),
    ("__contains__", |i, a| {
        Ok(Value::Bool(i.contains(
            &Value::tuple(values(&super::recv(&a)?)?),
            &arg(&a, 1, "__contains__")?,
        )?))
    }),
    ("__eq__", |i, a| rec_cmp(i, a, CmpOp::Eq)),
    ("__ne__", |i, a| rec_cmp(i, a, CmpOp::NotEq)),
    ("__lt__", |i, a| rec_cmp(i, a, CmpOp::Lt)),
    ("__le__", |i, a| rec_cmp(i, a, CmpOp::LtE)),
    ("__gt__", |i, a| rec_cmp(i, a, CmpOp::Gt)),
    ("__ge__", |i, a| rec_cmp(i, a, CmpOp::GtE)),
    ("__hash__", |i, a| {
        super::call_builtin(
            i,
            "hash",
            Args::new(vec![Value::tuple(values(&super::recv(&a)?)?)]),
        )
    }),
    ("__add__", |i, a| {
        i.binary_op(
            crate::ir::BinOp::Add,
            Value::tuple(values(&super::recv(&a)?)?),
            arg(&a, 1, "__add__")?,
        )
    }),
    ("__setattr__", |_, _| {
        Err(Exc::attribute_error("can't set attribute"))
    }),
    ("__delattr__", |_, _| {
        Err(Exc::attribute_error("can't delete attribute"))
    }),
    ("_asdict", |_, a| {
        let this = &super::recv(&a)?;
        let (fields, _) = fields_of(this_class(this)?);
        let vals = values(this)?;
        Ok(Value::dict(
            fields
                .into_iter()
                .map(|f| Key(Value::Str(f)))
                .zip(vals)
                .collect(),
        ))
    }),
    ("_replace", rec_replace),
    ("count", |i, a| {
        let x = arg(&a, 1, "count")?;
        let mut n = 0;
        for v in values(&super::recv(&a)?)? {
            if i.eq(&v, &x)? {
                n += 1;
            }
        }
        Ok(Value::Int(n))
    }),
    ("index", |i, a| {
        let x = arg(&a, 1, "index")?;
        for (k, v) in values(&super::recv(&a)?)?.iter().enumerate() {
            if i.eq(v, &x)? {
                return Ok(Value::Int(k as i64));
            }
        }
        Err(Exc::value_error("tuple.index(x): x not in tuple"))
    }),
];

fn this_class(v: &Value) -> Result<&Rc<Class>, Exc> {
    match v {
        Value::Object(o) => Ok(&o.class),
        other => Err(Exc::type_error(format!(
            "expected a named tuple, got '{}'",
            other.type_name()
        ))),
    }
}

/// The fields of a named tuple class and their defaults: `_fields`, or
/// (for `typing.NamedTuple` subclasses) the class's annotations.
pub(super) fn fields_of(c: &Rc<Class>) -> (Vec<Rc<str>>, Vec<Option<Value>>) {
    if let Some(Value::Tuple(ref t)) = c.lookup("_fields") {
        let names: Vec<Rc<str>> = t
            .iter()
            .map(|v| Rc::from(crate::format::str_plain(v)))
            .collect();
        let defaults = match c.lookup("_field_defaults") {
            Some(Value::Dict(ref d)) => names
                .iter()
                .map(|n| d.borrow().get(&Key(Value::Str(n.clone()))).cloned())
                .collect(),
            _ => vec![None; names.len()],
        };
        return (names, defaults);
    }
    for cls in c.ancestry() {
        if let Some(Value::Dict(ann)) = cls.dict.borrow().get("__annotations__") {
            let names: Vec<Rc<str>> = ann
                .borrow()
                .keys()
                .map(|k| Rc::from(crate::format::str_plain(&k.0)))
                .collect();
            let defaults = names
                .iter()
                .map(|n| cls.dict.borrow().get(n).cloned())
                .collect();
            return (names, defaults);
        }
    }
    (Vec::new(), Vec::new())
}

fn values(v: &Value) -> Result<Vec<Value>, Exc> {
    let (fields, _) = fields_of(this_class(v)?);
    Ok(fields
        .iter()
        .map(|f| slot(v, f).unwrap_or(Value::None))
        .collect())
}

fn rec_init(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let c = this_class(&this)?.clone();
    let (fields, defaults) = fields_of(&c);
    let ps: Vec<Param> = fields
        .iter()
        .zip(&defaults)
        .map(|(f, d)| Param {
            name: f.clone(),
            has_default: d.is_some(),
            kw_only: false,
        })
        .collect();
    let bound = bind_signature(&format!("{}.__new__", c.name), &ps, a)?;
    for ((f, v), d) in fields.iter().zip(bound).zip(defaults) {
        set_slot(&this, f, v.or(d).unwrap_or(Value::None));
    }
    Ok(Value::None)
}

fn rec_repr(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let this = a.pos.first().cloned().unwrap_or(Value::None);
    let c = this_class(&this)?;
    let (fields, _) = fields_of(c);
    let mut parts = Vec::new();
    for f in &fields {
        parts.push(format!(
            "{f}={}",
            interp.repr(&slot(&this, f).unwrap_or(Value::None))?
        ));
    }
    Ok(Value::str(format!("{}({})", c.name, parts.join(", "))))
}

fn rec_cmp(interp: &Interp, a: Args, op: CmpOp) -> Result<Value, Exc> {
    let this = a.pos.first().cloned().unwrap_or(Value::None);
    let other = arg(&a, 1, "comparison")?;
    let theirs = match &other {
        Value::Tuple(t) => t.to_vec(),
        Value::Object(o) if o.class.lookup("_asdict").is_some() => values(&other)?,
        _ => return Ok(not_implemented(interp)),
    };
    interp.compare(op, &Value::tuple(values(&this)?), &Value::tuple(theirs))
}

fn rec_replace(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = this_and(a);
    let c = this_class(&this)?.clone();
    let (fields, _) = fields_of(&c);
    let new = new_object(&c);
    for f in &fields {
        set_slot(&new, f, slot(&this, f).unwrap_or(Value::None));
    }
    let mut unknown = Vec::new();
    for (k, v) in a.kw {
        if fields.contains(&k) {
            set_slot(&new, &k, v);
        } else {
            unknown.push(Value::Str(k));
        }
    }
    if !unknown.is_empty() {
        return Err(Exc::value_error(format!(
            "Got unexpected field names: {}",
            crate::format::repr_plain(&Value::list(unknown))
        )));
    }
    Ok(new)
}

fn rec_make(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (cls, a) = this_and(a);
    let Value::Class(c) = &cls else {
        return Err(Exc::type_error("_make"));
    };
    let it = arg(&a, 0, "_make")?;
    let vals = interp.collect(&it)?;
    let (fields, _) = fields_of(c);
    if vals.len() != fields.len() {
        return Err(Exc::type_error(format!(
            "Expected {} arguments, got {}",
            fields.len(),
            vals.len()
        )));
    }
    let new = new_object(c);
    for (f, v) in fields.iter().zip(vals) {
        set_slot(&new, f, v);
    }
    Ok(new)
}

/// The methods every named tuple class has.
pub(super) fn record_methods() -> Vec<(&'static str, Value)> {
    RECORD_METHODS
        .iter()
        .map(|(n, f)| (*n, method(n, *f)))
        .collect()
}

/// Makes a named tuple class.
fn record_class(name: &str, fields: &[Rc<str>], defaults: Vec<Value>, module: &str) -> Rc<Class> {
    let mut items = record_methods();
    items.push((
        "_fields",
        Value::tuple(fields.iter().map(|f| Value::Str(f.clone())).collect()),
    ));
    items.push((
        "__match_args__",
        Value::tuple(fields.iter().map(|f| Value::Str(f.clone())).collect()),
    ));
    let start = fields.len() - defaults.len().min(fields.len());
    let fd: Dict = fields[start..]
        .iter()
        .map(|f| Key(Value::Str(f.clone())))
        .zip(defaults)
        .collect();
    items.push(("_field_defaults", Value::dict(fd)));
    // A class method, so that the class is its receiver: holding the class
    // in the method would be a cycle, and every named tuple class would leak.
    items.push((
        "_make",
        crate::builtins::classmethod_of(method("_make", rec_make)),
    ));
    new_class(name, module, None, items)
}

/// An instance of a fresh named tuple class (`CacheInfo(hits=0, ...)`).
pub(super) fn record(name: &str, fields: &[&str], values: Vec<Value>) -> Value {
    let fields: Vec<Rc<str>> = fields.iter().map(|f| Rc::from(*f)).collect();
    let c = record_class(name, &fields, Vec::new(), "functools");
    let v = new_object(&c);
    for (f, x) in fields.iter().zip(values) {
        set_slot(&v, f, x);
    }
    v
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

fn namedtuple(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let p = super::params(
        "namedtuple",
        &["typename", "field_names", "rename", "defaults", "module"],
        a,
    )?;
    let typename = match &p[0] {
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => interp.str(other)?,
        None => return Err(Exc::type_error(
            "namedtuple() missing 2 required positional arguments: 'typename' and 'field_names'",
        )),
    };
    let names: Vec<String> = match &p[1] {
        Some(Value::Str(s)) => s
            .replace(',', " ")
            .split_whitespace()
            .map(String::from)
            .collect(),
        Some(v) => interp
            .collect(v)?
            .iter()
            .map(|x| interp.str(x))
            .collect::<Result<_, _>>()?,
        None => {
            return Err(Exc::type_error(
                "namedtuple() missing 1 required positional argument: 'field_names'",
            ))
        }
    };
    let rename = match &p[2] {
        Some(v) => interp.truthy(v)?,
        None => false,
    };
    let mut fields: Vec<Rc<str>> = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let bad = !is_identifier(n)
            || KEYWORDS.contains(&n.as_str())
            || n.starts_with('_')
            || fields.iter().any(|f| **f == **n);
        if rename && bad {
            fields.push(format!("_{i}").into());
        } else {
            fields.push(n.as_str().into());
        }
    }
    for n in std::iter::once(typename.as_str()).chain(fields.iter().map(|f| &**f)) {
        if !is_identifier(n) {
            return Err(Exc::value_error(format!(
                "Type names and field names must be valid identifiers: {}",
                crate::format::str_repr(n)
            )));
        }
        if KEYWORDS.contains(&n) {
            return Err(Exc::value_error(format!(
                "Type names and field names cannot be a keyword: {}",
                crate::format::str_repr(n)
            )));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for f in &fields {
        if f.starts_with('_') && !rename {
            return Err(Exc::value_error(format!(
                "Field names cannot start with an underscore: {}",
                crate::format::str_repr(f)
            )));
        }
        if seen.contains(&&**f) {
            return Err(Exc::value_error(format!(
                "Encountered duplicate field name: {}",
                crate::format::str_repr(f)
            )));
        }
        seen.push(f);
    }
    let defaults = match &p[3] {
        Some(Value::None) | None => Vec::new(),
        Some(v) => interp.collect(v)?,
    };
    if defaults.len() > fields.len() {
        return Err(Exc::type_error("Got more default values than field names"));
    }
    let module = match &p[4] {
        Some(Value::Str(s)) => s.to_string(),
        _ => "__main__".into(),
    };
    Ok(Value::Class(record_class(
        &typename, &fields, defaults, &module,
    )))
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn deque_basics() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from collections import deque\nd = deque([1, 2, 3], maxlen=4)\nd.append(4)\nd.append(5)\nd.appendleft(0)\nprint(d, len(d), d[0], d[-1], 3 in d, d.maxlen)\nprint(d.pop(), d.popleft(), d)\nd.rotate(1)\nprint(d, list(reversed(d)))\nd.extend([7, 8])\nd.extendleft([9])\nprint(d, d.count(7), d.index(7), bool(deque()), deque() == deque([]), d == deque([9, 2, 3, 7]))\ne = deque()\ntry:\n    e.popleft()\nexcept IndexError as ex:\n    print(ex)\nfor x in deque('ab'):\n    print(x)\nd2 = deque(range(5))\nd2.rotate(-2)\nd2.remove(3)\nd2[0] = 10\ndel d2[1]\nprint(d2, deque(), deque([1], maxlen=0))\n";
        assert_eq!(run_py(src), "deque([0, 2, 3, 4], maxlen=4) 4 0 4 True 4\n4 0 deque([2, 3], maxlen=4)\ndeque([3, 2], maxlen=4) [2, 3]\ndeque([9, 3, 2, 7], maxlen=4) 1 3 False True False\npop from an empty deque\na\nb\ndeque([10, 0, 1]) deque([]) deque([], maxlen=0)\n");
    }

    #[test]
    fn defaultdict_and_ordereddict() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from collections import defaultdict, OrderedDict\nd = defaultdict(list)\nd['a'].append(1)\nd['b'].append(2)\nd['a'].append(3)\nprint(d, len(d), 'a' in d, 'z' in d, d.get('z'), d['a'])\nc = defaultdict(int)\nfor w in 'the cat the hat the'.split():\n    c[w] += 1\nprint(c, sorted(c), c == {'the': 3, 'cat': 1, 'hat': 1}, dict(c))\nfor k in c:\n    print(k, c[k])\nprint(list(c.keys()), list(c.values()), list(c.items()))\nn = defaultdict()\ntry:\n    n['x']\nexcept KeyError as e:\n    print('KeyError', e)\nprint(c.pop('cat'), c.setdefault('dog', 5), c)\ndel c['dog']\nprint(c, defaultdict(None, {1: 2}))\nod = OrderedDict()\nod['x'] = 1\nod['y'] = 2\nod['z'] = 3\nod.move_to_end('x')\nprint(od, od.popitem(), od.popitem(last=False), od, OrderedDict())\n";
        assert_eq!(run_py(src), "defaultdict(<class 'list'>, {'a': [1, 3], 'b': [2]}) 2 True False None [1, 3]\ndefaultdict(<class 'int'>, {'the': 3, 'cat': 1, 'hat': 1}) ['cat', 'hat', 'the'] True {'the': 3, 'cat': 1, 'hat': 1}\nthe 3\ncat 1\nhat 1\n['the', 'cat', 'hat'] [3, 1, 1] [('the', 3), ('cat', 1), ('hat', 1)]\nKeyError 'x'\n1 5 defaultdict(<class 'int'>, {'the': 3, 'hat': 1, 'dog': 5})\ndefaultdict(<class 'int'>, {'the': 3, 'hat': 1}) defaultdict(None, {1: 2})\nOrderedDict([('z', 3)]) ('x', 1) ('y', 2) OrderedDict([('z', 3)]) OrderedDict()\n");
    }

    #[test]
    fn counter_ops() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from collections import Counter\nc = Counter('abracadabra')\nprint(c)\nprint(c.most_common(2), c['z'], c['a'], len(c), c.total())\nc.update('zz')\nc.update({'a': -5})\nprint(c, sorted(c.elements()))\nc.subtract(b=2)\nprint(c)\nx, y = Counter(a=3, b=1), Counter(a=1, b=2)\nprint(x + y, x - y, x | y, x & y, Counter(), Counter(a=1) == Counter(a=1, b=0))\nc2 = Counter()\nfor w in ['x', 'y', 'x']:\n    c2[w] += 1\nprint(c2, list(c2), +Counter(a=2, b=-1), -Counter(a=2, b=-1))\n";
        assert_eq!(run_py(src), "Counter({'a': 5, 'b': 2, 'r': 2, 'c': 1, 'd': 1})\n[('a', 5), ('b', 2)] 0 5 5 11\nCounter({'b': 2, 'r': 2, 'z': 2, 'c': 1, 'd': 1, 'a': 0}) ['b', 'b', 'c', 'd', 'r', 'r', 'z', 'z']\nCounter({'r': 2, 'z': 2, 'c': 1, 'd': 1, 'a': 0, 'b': 0})\nCounter({'a': 4, 'b': 3}) Counter({'a': 2}) Counter({'a': 3, 'b': 2}) Counter({'a': 1, 'b': 1}) Counter() True\nCounter({'x': 2, 'y': 1}) ['x', 'y'] Counter({'a': 2}) Counter({'b': 1})\n");
    }

    #[test]
    fn namedtuple_records() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from collections import namedtuple\nP = namedtuple('P', 'x y')\np = P(1, y=2)\nprint(p, p.x, p[1], p[-1], len(p), list(p), p == (1, 2), p == P(1, 2), p < P(1, 3), tuple(p))\na, b = p\nprint(a, b, p._asdict(), p._replace(x=5), P._make([7, 8]), P._fields, 2 in p)\nQ = namedtuple('Q', ['a', 'b', 'c'], defaults=[0, 9])\nprint(Q(1), Q(1, 2), Q._field_defaults, p.count(1), p.index(2))\nfor args, kw in [((), {}), ((1, 2, 3), {}), ((1,), {'z': 1}), ((1,), {'x': 2})]:\n    try:\n        P(*args, **kw)\n    except TypeError as e:\n        print(e)\ntry:\n    p.x = 3\nexcept AttributeError as e:\n    print(e)\nfor bad in ['_a b', 'a a', 'a class', '1a b']:\n    try:\n        namedtuple('T', bad)\n    except ValueError as e:\n        print(e)\nprint(namedtuple('R', 'a _b', rename=True)._fields)\n";
        assert_eq!(run_py(src), "P(x=1, y=2) 1 2 2 2 [1, 2] True True True (1, 2)\n1 2 {'x': 1, 'y': 2} P(x=5, y=2) P(x=7, y=8) ('x', 'y') True\nQ(a=1, b=0, c=9) Q(a=1, b=2, c=9) {'b': 0, 'c': 9} 1 1\nP.__new__() missing 2 required positional arguments: 'x' and 'y'\nP.__new__() takes 3 positional arguments but 4 were given\nP.__new__() got an unexpected keyword argument 'z'\nP.__new__() got multiple values for argument 'x'\ncan't set attribute\nField names cannot start with an underscore: '_a'\nEncountered duplicate field name: 'a'\nType names and field names cannot be a keyword: 'class'\nType names and field names must be valid identifiers: '1a'\n('a', '_1')\n");
    }

    #[test]
    fn chainmap_basics() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from collections import ChainMap\na, b = {'x': 1}, {'x': 2, 'y': 3}\nm = ChainMap(a, b)\nprint(m['x'], m['y'], len(m), sorted(m), 'y' in m, m.get('q', 0))\nm['z'] = 4\nprint(a, m.new_child({'x': 0})['x'])\n";
        assert_eq!(run_py(src), "1 3 2 ['x', 'y'] True 0\n{'x': 1, 'z': 4} 0\n");
    }
}
