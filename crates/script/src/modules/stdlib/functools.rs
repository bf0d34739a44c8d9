//! `functools`: `partial`, `reduce`, `wraps`/`update_wrapper`,
//! `lru_cache`/`cache`, `cached_property`, `total_ordering` and
//! `cmp_to_key`. `singledispatch` is Python (`functools_dispatch.py`),
//! added by `stdlib.rs` when the module is loaded.

use super::{
    call_builtin, func, int_of, make_module, method, new_class, new_object, not_implemented,
    params, required, slot, split_first,
};
use crate::builtins::builtin_with;
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use indexmap::IndexMap;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

const ASSIGNED: &[&str] = &[
    "__module__",
    "__name__",
    "__qualname__",
    "__doc__",
    "__annotations__",
];

/// The `functools` module.
pub(super) fn module() -> Value {
    make_module(
        "functools",
        vec![
            ("partial", func("partial", partial_new)),
            ("reduce", func("reduce", reduce)),
            ("wraps", func("wraps", wraps)),
            ("update_wrapper", func("update_wrapper", update_wrapper_fn)),
            ("lru_cache", func("lru_cache", lru_cache)),
            ("cache", func("cache", cache)),
            ("cached_property", func("cached_property", cached_property)),
            ("total_ordering", func("total_ordering", total_ordering)),
            ("cmp_to_key", func("cmp_to_key", cmp_to_key)),
            (
                "WRAPPER_ASSIGNMENTS",
                Value::tuple(ASSIGNED.iter().map(|s| Value::str(*s)).collect()),
            ),
            (
                "WRAPPER_UPDATES",
                Value::tuple(vec![Value::str("__dict__")]),
            ),
        ],
    )
}

fn is_callable(v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Builtin(_) | Value::Bound(_) | Value::Class(_) => true,
        Value::Object(o) => o.class.lookup("__call__").is_some(),
        Value::Native(n) => n.get_attr(n, "__call__").is_some(),
        _ => false,
    }
}

// ---------------------------------------------------------------- partial

/// A `functools.partial` object.
struct Partial {
    func: Value,
    args: Vec<Value>,
    kw: Vec<(Rc<str>, Value)>,
}

impl Native for Partial {
    fn clear_refs(&mut self) {
        drop(std::mem::replace(&mut self.func, Value::None));
        drop(std::mem::take(&mut self.args));
        drop(std::mem::take(&mut self.kw));
    }

    fn type_name(&self) -> &'static str {
        "partial"
    }
    fn repr(&self) -> String {
        let mut parts = vec![crate::format::repr_plain(&self.func)];
        parts.extend(self.args.iter().map(crate::format::repr_plain));
        parts.extend(
            self.kw
                .iter()
                .map(|(k, v)| format!("{k}={}", crate::format::repr_plain(v))),
        );
        format!("functools.partial({})", parts.join(", "))
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "func" => Some(self.func.clone()),
            "args" => Some(Value::tuple(self.args.clone())),
            "keywords" => Some(Value::dict(
                self.kw
                    .iter()
                    .map(|(k, v)| (Key(Value::Str(k.clone())), v.clone()))
                    .collect(),
            )),
            "__call__" => Some(crate::value::bound(this, "__call__", partial_call)),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn partial_new(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (f, a) = split_first(a);
    if a.pos.is_empty() && matches!(f, Value::None) && a.kw.is_empty() {
        return Err(Exc::type_error(
            "type 'partial' takes at least one argument",
        ));
    }
    if !is_callable(&f) {
        return Err(Exc::type_error("the first argument must be callable"));
    }
    // Nested partials flatten, as CPython's do.
    let (func, mut args, mut kw) = match native_ref::<Partial>(&f) {
        Some(p) => (p.func.clone(), p.args.clone(), p.kw.clone()),
        None => (f, Vec::new(), Vec::new()),
    };
    args.extend(a.pos);
    for (k, v) in a.kw {
        match kw.iter_mut().find(|(n, _)| *n == k) {
            Some(slot) => slot.1 = v,
            None => kw.push((k, v)),
        }
    }
    Ok(Value::Native(Rc::new(Partial { func, args, kw })))
}

fn partial_call(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = native_ref::<Partial>(&this).ok_or_else(|| Exc::type_error("expected a partial"))?;
    let mut pos = p.args.clone();
    pos.extend(a.pos);
    let mut kw = p.kw.clone();
    for (k, v) in a.kw {
        match kw.iter_mut().find(|(n, _)| *n == k) {
            Some(slot) => slot.1 = v,
            None => kw.push((k, v)),
        }
    }
    let f = p.func.clone();
    interp.call(&f, Args { pos, kw })
}

// ----------------------------------------------------------------- reduce

fn reduce(interp: &Interp, a: Args) -> Result<Value, Exc> {
    if a.pos.len() < 2 {
        return Err(Exc::type_error(format!(
            "reduce expected at least 2 arguments, got {}",
            a.pos.len()
        )));
    }
    let f = a.pos[0].clone();
    let mut it = interp.iter(&a.pos[1])?;
    let mut acc = match a.pos.get(2) {
        Some(init) => init.clone(),
        None => match it.next(interp)? {
            Some(v) => v,
            None => {
                return Err(Exc::type_error(
                    "reduce() of empty iterable with no initial value",
                ))
            }
        },
    };
    while let Some(v) = it.next(interp)? {
        acc = interp.call(&f, Args::new(vec![acc, v]))?;
    }
    Ok(acc)
}

// ------------------------------------------------------------------ wraps

/// `update_wrapper(wrapper, wrapped, assigned, updated)`.
fn update_wrapper(
    interp: &Interp,
    wrapper: &Value,
    wrapped: &Value,
    assigned: &[Value],
    updated: &[Value],
) -> Result<(), Exc> {
    let lenient = matches!(
        wrapper,
        Value::Native(_) | Value::Builtin(_) | Value::Bound(_)
    );
    for name in assigned {
        let name = crate::format::str_plain(name);
        if let Some(v) = interp.try_getattr(wrapped, &name)? {
            match interp.setattr(wrapper, &name, v) {
                Err(_) if lenient => {}
                other => other?,
            }
        }
    }
    if updated
        .iter()
        .any(|u| matches!(u, Value::Str(s) if &**s == "__dict__"))
    {
        let items: Vec<(Rc<str>, Value)> = match wrapped {
            Value::Function(f) => f
                .attrs
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            Value::Object(o) => o
                .dict
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            _ => Vec::new(),
        };
        for (k, v) in items {
            match wrapper {
                Value::Function(f) => {
                    f.attrs.borrow_mut().insert(k, v);
                }
                Value::Object(o) => {
                    o.dict.borrow_mut().insert(k, v);
                }
                _ => {}
            }
        }
    }
    match interp.setattr(wrapper, "__wrapped__", wrapped.clone()) {
        Err(_) if lenient => Ok(()),
        other => other,
    }
}

fn default_assigned() -> Vec<Value> {
    ASSIGNED.iter().map(|s| Value::str(*s)).collect()
}

fn update_wrapper_fn(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let p = params(
        "update_wrapper",
        &["wrapper", "wrapped", "assigned", "updated"],
        a,
    )?;
    let wrapper = required(p[0].clone(), "update_wrapper", "wrapper", 1)?;
    let wrapped = required(p[1].clone(), "update_wrapper", "wrapped", 2)?;
    let assigned = match &p[2] {
        Some(v) => interp.collect(v)?,
        None => default_assigned(),
    };
    let updated = match &p[3] {
        Some(v) => interp.collect(v)?,
        None => vec![Value::str("__dict__")],
    };
    update_wrapper(interp, &wrapper, &wrapped, &assigned, &updated)?;
    Ok(wrapper)
}

fn wraps(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let p = params("wraps", &["wrapped", "assigned", "updated"], a)?;
    let wrapped = required(p[0].clone(), "wraps", "wrapped", 1)?;
    let assigned = match &p[1] {
        Some(v) => Value::tuple(interp.collect(v)?),
        None => Value::tuple(default_assigned()),
    };
    let updated = match &p[2] {
        Some(v) => Value::tuple(interp.collect(v)?),
        None => Value::tuple(vec![Value::str("__dict__")]),
    };
    Ok(builtin_with(
        "update_wrapper",
        wraps_apply,
        Value::tuple(vec![wrapped, assigned, updated]),
    ))
}

fn wraps_apply(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (data, a) = split_first(a);
    let Value::Tuple(ref t) = data else {
        return Err(Exc::type_error("wraps"));
    };
    let wrapper = a.pos.first().cloned().ok_or_else(|| {
        Exc::type_error("update_wrapper() missing 1 required positional argument: 'wrapper'")
    })?;
    let assigned = match &t[1] {
        Value::Tuple(x) => x.to_vec(),
        _ => Vec::new(),
    };
    let updated = match &t[2] {
        Value::Tuple(x) => x.to_vec(),
        _ => Vec::new(),
    };
    update_wrapper(interp, &wrapper, &t[0], &assigned, &updated)?;
    Ok(wrapper)
}

// -------------------------------------------------------------- lru_cache

/// The wrapper `lru_cache` returns.
struct LruCache {
    func: Value,
    name: Value,
    qualname: Value,
    doc: Value,
    maxsize: Option<usize>,
    typed: bool,
    cache: RefCell<Dict>,
    hits: Cell<i64>,
    misses: Cell<i64>,
    attrs: RefCell<crate::value::Names>,
}

impl Native for LruCache {
    fn clear_refs(&mut self) {
        drop(std::mem::replace(&mut self.func, Value::None));
        drop(std::mem::take(self.cache.get_mut()));
        drop(std::mem::take(self.attrs.get_mut()));
    }

    fn type_name(&self) -> &'static str {
        "functools._lru_cache_wrapper"
    }
    fn repr(&self) -> String {
        format!(
            "<functools._lru_cache_wrapper object wrapping {}>",
            crate::format::repr_plain(&self.func)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "__call__" => Some(crate::value::bound(this, "__call__", lru_call)),
            "cache_info" => Some(crate::value::bound(this, "cache_info", lru_info)),
            "cache_clear" => Some(crate::value::bound(this, "cache_clear", |_, a| {
                if let Some(c) = a.pos.first().and_then(native_ref::<LruCache>) {
                    c.cache.borrow_mut().clear();
                    c.hits.set(0);
                    c.misses.set(0);
                }
                Ok(Value::None)
            })),
            "cache_parameters" => Some(crate::value::bound(this, "cache_parameters", |_, a| {
                let Some(c) = a.pos.first().and_then(native_ref::<LruCache>) else {
                    return Ok(Value::None);
                };
                let mut d = Dict::default();
                d.insert(
                    Key(Value::str("maxsize")),
                    c.maxsize
                        .map(|m| Value::Int(m as i64))
                        .unwrap_or(Value::None),
                );
                d.insert(Key(Value::str("typed")), Value::Bool(c.typed));
                Ok(Value::dict(d))
            })),
            "__wrapped__" => Some(self.func.clone()),
            "__name__" => Some(self.name.clone()),
            "__qualname__" => Some(self.qualname.clone()),
            "__doc__" => Some(self.doc.clone()),
            "__setattr__" => Some(crate::value::bound(this, "__setattr__", |_, a| {
                if let (Some(c), Some(Value::Str(k)), Some(v)) = (
                    a.pos.first().and_then(native_ref::<LruCache>),
                    a.pos.get(1),
                    a.pos.get(2),
                ) {
                    c.attrs.borrow_mut().insert(k.clone(), v.clone());
                }
                Ok(Value::None)
            })),
            other => self.attrs.borrow().get(other).cloned(),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn make_lru(interp: &Interp, f: Value, maxsize: Option<usize>, typed: bool) -> Result<Value, Exc> {
    if !is_callable(&f) {
        return Err(Exc::type_error(
            "Expected first argument to be an integer, a callable, or None",
        ));
    }
    let get =
        |n: &str| -> Result<Value, Exc> { Ok(interp.try_getattr(&f, n)?.unwrap_or(Value::None)) };
    Ok(Value::Native(Rc::new(LruCache {
        name: get("__name__")?,
        qualname: get("__qualname__")?,
        doc: get("__doc__")?,
        func: f,
        maxsize,
        typed,
        cache: RefCell::new(Dict::new()),
        hits: Cell::new(0),
        misses: Cell::new(0),
        attrs: RefCell::new(IndexMap::default()),
    })))
}

fn lru_cache(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let p = params("lru_cache", &["maxsize", "typed"], a)?;
    let typed = match &p[1] {
        Some(v) => interp.truthy(v)?,
        None => false,
    };
    match p[0].clone() {
        Some(Value::None) => Ok(builtin_with(
            "lru_cache",
            lru_decorate,
            Value::tuple(vec![Value::None, Value::Bool(typed)]),
        )),
        Some(v) if v.as_int().is_some() && !matches!(v, Value::Bool(_)) => {
            let n = int_of(&v, "")?.max(0);
            Ok(builtin_with(
                "lru_cache",
                lru_decorate,
                Value::tuple(vec![Value::Int(n), Value::Bool(typed)]),
            ))
        }
        Some(f) if is_callable(&f) => make_lru(interp, f, Some(128), typed),
        None => Ok(builtin_with(
            "lru_cache",
            lru_decorate,
            Value::tuple(vec![Value::Int(128), Value::Bool(typed)]),
        )),
        Some(_) => Err(Exc::type_error(
            "Expected first argument to be an integer, a callable, or None",
        )),
    }
}

fn lru_decorate(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (data, a) = split_first(a);
    let Value::Tuple(ref t) = data else {
        return Err(Exc::type_error("lru_cache"));
    };
    let maxsize = t[0].as_int().map(|n| n as usize);
    let typed = matches!(t[1], Value::Bool(true));
    let f = a
        .pos
        .first()
        .cloned()
        .ok_or_else(|| Exc::type_error("lru_cache() missing the function to wrap"))?;
    make_lru(interp, f, maxsize, typed)
}

fn cache(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let f = a.pos.first().cloned().ok_or_else(|| {
        Exc::type_error("cache() missing 1 required positional argument: 'user_function'")
    })?;
    make_lru(interp, f, None, false)
}

fn lru_call(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let c = native_ref::<LruCache>(&this)
        .ok_or_else(|| Exc::type_error("expected an lru_cache wrapper"))?;
    let mut parts = vec![Value::tuple(a.pos.clone())];
    if !a.kw.is_empty() {
        parts.push(Value::tuple(
            a.kw.iter()
                .flat_map(|(k, v)| [Value::Str(k.clone()), v.clone()])
                .collect(),
        ));
    }
    if c.typed {
        parts.push(Value::tuple(
            a.pos.iter().map(|v| Value::Str(v.type_name())).collect(),
        ));
    }
    let key = Key::new(Value::tuple(parts))?;
    if c.maxsize != Some(0) {
        let found = {
            let mut cache = c.cache.borrow_mut();
            if cache.move_to_end(&key) {
                cache.last().map(|(_, v)| v.clone())
            } else {
                None
            }
        };
        if let Some(v) = found {
            c.hits.set(c.hits.get() + 1);
            return Ok(v);
        }
    }
    c.misses.set(c.misses.get() + 1);
    let f = c.func.clone();
    let v = interp.call(&f, a)?;
    if c.maxsize != Some(0) {
        let mut cache = c.cache.borrow_mut();
        cache.insert(key, v.clone());
        if let Some(m) = c.maxsize {
            while cache.len() > m {
                cache.pop_first();
            }
        }
    }
    Ok(v)
}

fn lru_info(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = split_first(a);
    let c = native_ref::<LruCache>(&this)
        .ok_or_else(|| Exc::type_error("expected an lru_cache wrapper"))?;
    let values = vec![
        Value::Int(c.hits.get()),
        Value::Int(c.misses.get()),
        c.maxsize
            .map(|m| Value::Int(m as i64))
            .unwrap_or(Value::None),
        Value::Int(c.cache.borrow().len() as i64),
    ];
    Ok(super::collections::record(
        "CacheInfo",
        &["hits", "misses", "maxsize", "currsize"],
        values,
    ))
}

// -------------------------------------------------------- cached_property

fn cached_property(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let f = a.pos.first().cloned().ok_or_else(|| {
        Exc::type_error("cached_property() missing 1 required positional argument: 'func'")
    })?;
    let name = match interp.try_getattr(&f, "__name__")? {
        Some(Value::Str(ref s)) => s.clone(),
        _ => {
            return Err(Exc::type_error(
                "cached_property needs a function with a __name__",
            ))
        }
    };
    let data = Value::tuple(vec![f, Value::Str(name)]);
    let getter = builtin_with("cached_property", cached_get, data.clone());
    let setter = builtin_with("cached_property", cached_set, data);
    call_builtin(interp, "property", Args::new(vec![getter, setter]))
}

fn cached_get(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (data, a) = split_first(a);
    let (Value::Tuple(ref t), Some(inst)) = (data, a.pos.first()) else {
        return Err(Exc::type_error("cached_property"));
    };
    let Value::Str(name) = &t[1] else {
        return Err(Exc::type_error("cached_property"));
    };
    if let Some(v) = slot(inst, name) {
        return Ok(v);
    }
    let v = interp.call(&t[0], Args::new(vec![inst.clone()]))?;
    super::set_slot(inst, name, v.clone());
    Ok(v)
}

fn cached_set(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (data, a) = split_first(a);
    let (Value::Tuple(ref t), Some(inst), Some(v)) = (data, a.pos.first(), a.pos.get(1)) else {
        return Err(Exc::type_error("cached_property"));
    };
    if let Value::Str(name) = &t[1] {
        super::set_slot(inst, name, v.clone());
    }
    Ok(Value::None)
}

// --------------------------------------------------------- total_ordering

const ORDER_OPS: [&str; 4] = ["__lt__", "__le__", "__gt__", "__ge__"];

fn total_ordering(_: &Interp, a: Args) -> Result<Value, Exc> {
    let Some(Value::Class(ref cls)) = a.pos.first().cloned() else {
        return Err(Exc::type_error("total_ordering() expects a class"));
    };
    let defines = |op: &str| -> bool {
        for k in cls.ancestry() {
            if k.builtin.is_some() {
                return false;
            }
            if k.dict.borrow().contains_key(op) {
                return true;
            }
        }
        false
    };
    let roots: Vec<&str> = ORDER_OPS.iter().copied().filter(|op| defines(op)).collect();
    let Some(root) = roots.iter().max().copied() else {
        return Err(Exc::value_error(
            "must define at least one ordering operation: < > <= >=",
        ));
    };
    for op in ORDER_OPS {
        if op != root && !roots.contains(&op) {
            let data = Value::tuple(vec![Value::str(root), Value::str(op)]);
            cls.dict
                .borrow_mut()
                .insert(op.into(), builtin_with(op, derived_order, data));
        }
    }
    Ok(Value::Class(cls.clone()))
}

fn derived_order(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (data, a) = split_first(a);
    let (Value::Tuple(ref t), Some(x), Some(y)) = (data, a.pos.first(), a.pos.get(1)) else {
        return Err(Exc::type_error("total_ordering"));
    };
    let (root, op) = (
        crate::format::str_plain(&t[0]),
        crate::format::str_plain(&t[1]),
    );
    let m = interp.getattr(x, &root)?;
    let r = interp.call(&m, Args::new(vec![y.clone()]))?;
    if crate::ops::is_not_implemented(&r) {
        return Ok(r);
    }
    let r = interp.truthy(&r)?;
    let eq = |interp: &Interp| interp.eq(x, y);
    let out = match (root.as_str(), op.as_str()) {
        ("__lt__", "__gt__") => !r && !eq(interp)?,
        ("__lt__", "__le__") => r || eq(interp)?,
        ("__lt__", "__ge__") => !r,
        ("__le__", "__ge__") => !r || eq(interp)?,
        ("__le__", "__lt__") => r && !eq(interp)?,
        ("__le__", "__gt__") => !r,
        ("__gt__", "__lt__") => !r && !eq(interp)?,
        ("__gt__", "__ge__") => r || eq(interp)?,
        ("__gt__", "__le__") => !r,
        ("__ge__", "__le__") => !r || eq(interp)?,
        ("__ge__", "__gt__") => r && !eq(interp)?,
        ("__ge__", "__lt__") => !r,
        _ => return Ok(not_implemented(interp)),
    };
    Ok(Value::Bool(out))
}

// ------------------------------------------------------------- cmp_to_key

thread_local! {
    static KEY_CLASS: Rc<Class> = new_class(
        "K",
        "functools",
        None,
        vec![
            ("__lt__", method("__lt__", |i, a| key_cmp(i, a, |c| c < 0))),
            ("__gt__", method("__gt__", |i, a| key_cmp(i, a, |c| c > 0))),
            ("__le__", method("__le__", |i, a| key_cmp(i, a, |c| c <= 0))),
            ("__ge__", method("__ge__", |i, a| key_cmp(i, a, |c| c >= 0))),
            ("__eq__", method("__eq__", |i, a| key_cmp(i, a, |c| c == 0))),
        ],
    );
}

fn cmp_to_key(_: &Interp, a: Args) -> Result<Value, Exc> {
    let f =
        a.pos.first().cloned().ok_or_else(|| {
            Exc::type_error("cmp_to_key() missing required argument 'mycmp' (pos 1)")
        })?;
    Ok(builtin_with(
        "K",
        |_, a| {
            let (cmp, a) = split_first(a);
            let obj = a.pos.first().cloned().ok_or_else(|| {
                Exc::type_error("K() missing 1 required positional argument: 'obj'")
            })?;
            let k = KEY_CLASS.with(new_object);
            super::set_slot(&k, "obj", obj);
            super::set_slot(&k, "__cmp__", cmp);
            Ok(k)
        },
        f,
    ))
}

fn key_cmp(interp: &Interp, a: Args, test: fn(i64) -> bool) -> Result<Value, Exc> {
    let (Some(x), Some(y)) = (a.pos.first(), a.pos.get(1)) else {
        return Err(Exc::type_error("comparison needs two operands"));
    };
    let (Some(cmp), Some(xo)) = (slot(x, "__cmp__"), slot(x, "obj")) else {
        return Ok(not_implemented(interp));
    };
    let Some(yo) = slot(y, "obj") else {
        return Ok(not_implemented(interp));
    };
    let r = interp.call(&cmp, Args::new(vec![xo, yo]))?;
    let c = match r.as_number() {
        Some(Number::Int(i)) => i.signum(),
        Some(Number::Float(f)) => {
            if f < 0.0 {
                -1
            } else if f > 0.0 {
                1
            } else {
                0
            }
        }
        None => {
            return Err(Exc::type_error(format!(
                "'<' not supported between instances of '{}' and 'int'",
                r.type_name()
            )))
        }
    };
    Ok(Value::Bool(test(c)))
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn partial_and_reduce() {
        // python3 -c "from functools import partial, reduce
        // def f(a, b, c=0, *, d=1): return (a, b, c, d)
        // p = partial(f, 1, d=5); q = partial(p, 2)
        // print(p(2), p(2, 3, d=7), q(), q.args, q.keywords, reduce(lambda a, b: a * b, range(1, 6)), reduce(lambda a, b: a + b, [], 10))"
        let src = "from functools import partial, reduce\ndef f(a, b, c=0, *, d=1): return (a, b, c, d)\np = partial(f, 1, d=5)\nq = partial(p, 2)\nprint(p(2), p(2, 3, d=7), q(), q.args, q.keywords, reduce(lambda a, b: a * b, range(1, 6)), reduce(lambda a, b: a + b, [], 10))\ntry:\n    reduce(max, [])\nexcept TypeError as e:\n    print(e)\n";
        assert_eq!(run_py(src), "(1, 2, 0, 5) (1, 2, 3, 7) (1, 2, 0, 5) (1, 2) {'d': 5} 120 10\nreduce() of empty iterable with no initial value\n");
    }

    #[test]
    fn wraps_copies_metadata() {
        let src = "import functools\ndef deco(fn):\n    @functools.wraps(fn)\n    def wrapper(*a):\n        return fn(*a)\n    wrapper.extra = 1\n    return wrapper\n@deco\ndef double(x):\n    return 2 * x\n@deco\ndef again(x):\n    return x\nprint(double.__name__, double.__qualname__, double(4), double.__wrapped__.__name__)\nclass C:\n    def __init__(self, fn):\n        functools.update_wrapper(self, fn)\nc = C(double)\nprint(c.__name__, c.extra, c.__wrapped__ is double)\n";
        // python3 prints the same for this program.
        assert_eq!(run_py(src), "double double 8 double\ndouble 1 True\n");
    }

    #[test]
    fn lru_cache_memoizes() {
        // python3: same program.
        let src = "import functools\n@functools.lru_cache(maxsize=2)\ndef sq(x):\n    print('compute', x)\n    return x * x\nprint(sq(2), sq(2), sq(3), sq(4), sq(2))\nprint(sq.cache_info())\n@functools.cache\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint(fib(25), fib.cache_info().currsize, fib.__name__)\n@functools.lru_cache\ndef one(a, b=1):\n    return a + b\nprint(one(1), one(1, b=1), one.cache_info().misses)\n";
        assert_eq!(
            run_py(src),
            "compute 2\ncompute 3\ncompute 4\ncompute 2\n4 4 9 16 4\nCacheInfo(hits=1, misses=4, maxsize=2, currsize=2)\n75025 26 fib\n2 2 2\n"
        );
    }

    #[test]
    fn cached_property_total_ordering_cmp_to_key() {
        // python3: same program.
        let src = "import functools\nclass A:\n    def __init__(self, n):\n        self.n = n\n    @functools.cached_property\n    def big(self):\n        print('computing')\n        return self.n * 100\na = A(2)\nprint(a.big, a.big)\n@functools.total_ordering\nclass V:\n    def __init__(self, v):\n        self.v = v\n    def __eq__(self, o):\n        return self.v == o.v\n    def __lt__(self, o):\n        return self.v < o.v\nprint(V(1) <= V(2), V(3) >= V(2), V(1) > V(1), V(2) <= V(2))\nprint(sorted([3, 1, 2], key=functools.cmp_to_key(lambda x, y: y - x)))\n";
        assert_eq!(
            run_py(src),
            "computing\n200 200\nTrue True False True\n[3, 2, 1]\n"
        );
    }
}
