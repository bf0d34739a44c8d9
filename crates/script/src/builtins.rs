//! Built-in functions, types and the small native objects they need; and,
//! as `impl Interp` blocks, `Interp::new` (an interpreter with these
//! builtins) and `Interp::build_class` (class creation: `__slots__`,
//! the MRO, `__set_name__`, `__init_subclass__`).

use crate::classes::types;
use crate::exc::Exc;
use crate::interp::Interp;
use crate::ops::PyIter;
use crate::value::*;
use indexmap::IndexMap;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// `isinstance(v, class)` for one class.
pub fn is_instance(v: &Value, class: &Rc<Class>) -> bool {
    if let Some(BuiltinType::Object) = class.builtin {
        return true;
    }
    match class_of(v) {
        Value::Class(ref c) => {
            if c.is_subclass(class) {
                return true;
            }
            if &*class.module == crate::collections_abc::MODULE {
                return crate::collections_abc::instance_check(v, class);
            }
            // `isinstance(True, int)`.
            matches!((v, class.builtin), (Value::Bool(_), Some(BuiltinType::Int)))
        }
        _ => false,
    }
}

/// A built-in function value.
pub(crate) fn builtin(name: &str, func: BuiltinFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: name.into(),
        func,
        data: None,
    }))
}

impl Interp {
    /// A fresh interpreter, with the built-in functions and types of
    /// [`table`] as its built-in names.
    pub fn new(
        filename: &str,
        seed: u64,
        limits: crate::interp::Limits,
        out: crate::interp::OutputSink,
        virtual_clock: bool,
    ) -> Rc<Interp> {
        Interp::with_builtins(filename, seed, limits, out, virtual_clock, table())
    }
}

/// All built-in names.
pub fn table() -> crate::value::Names {
    let mut t: crate::value::Names = IndexMap::default();
    for (name, c) in types().iter() {
        if *name != "NoneType" && *name != "function" {
            t.insert((*name).into(), Value::Class(c.clone()));
        }
    }
    for (name, c) in crate::exc::classes().iter() {
        if crate::exc::class(name).module.as_ref() == "builtins" {
            t.insert((*name).into(), Value::Class(c.clone()));
        }
    }
    let fns: &[(&str, BuiltinFn)] = &[
        ("print", b_print),
        ("len", b_len),
        ("range", b_range),
        ("slice", b_slice),
        ("enumerate", b_enumerate),
        ("zip", b_zip),
        ("map", b_map),
        ("filter", b_filter),
        ("reversed", b_reversed),
        ("iter", b_iter),
        ("next", b_next),
        ("aiter", b_aiter),
        ("anext", b_anext),
        ("min", b_min),
        ("max", b_max),
        ("sum", b_sum),
        ("sorted", b_sorted),
        ("any", b_any),
        ("all", b_all),
        ("isinstance", b_isinstance),
        ("issubclass", b_issubclass),
        ("repr", b_repr),
        ("ascii", b_ascii),
        ("abs", b_abs),
        ("round", b_round),
        ("divmod", b_divmod),
        ("pow", b_pow),
        ("hash", b_hash),
        ("id", b_id),
        ("getattr", b_getattr),
        ("setattr", b_setattr),
        ("hasattr", b_hasattr),
        ("delattr", b_delattr),
        ("callable", b_callable),
        ("chr", b_chr),
        ("ord", b_ord),
        ("bin", b_bin),
        ("hex", b_hex),
        ("oct", b_oct),
        ("format", b_format),
        ("super", b_super),
        ("property", b_property),
        ("staticmethod", b_staticmethod),
        ("classmethod", b_classmethod),
        ("vars", b_vars),
        ("globals", b_globals),
        ("locals", b_globals),
        ("input", b_input),
        ("open", b_open),
        ("exit", b_exit),
        ("quit", b_exit),
    ];
    for (name, f) in fns {
        t.insert((*name).into(), builtin(name, *f));
    }
    t.insert("frozenset".into(), native_class("frozenset"));
    t.insert("bytearray".into(), native_class("bytearray"));
    t.insert("None".into(), Value::None);
    t.insert("Ellipsis".into(), crate::value::ellipsis());
    t.insert("NotImplemented".into(), crate::value::not_implemented());
    t.insert("__name__".into(), Value::str("builtins"));
    t
}

/// `open()`, which the files module implements (`Interp::open_builtin`).
fn b_open(interp: &Interp, a: Args) -> Result<Value, Exc> {
    interp.open_builtin(a)
}

fn arg(a: &Args, i: usize, fname: &str) -> Result<Value, Exc> {
    a.pos.get(i).cloned().ok_or_else(|| {
        Exc::type_error(format!(
            "{fname}() missing required argument (pos {})",
            i + 1
        ))
    })
}

fn b_print(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let sep = match a.take_kw("sep") {
        Some(Value::None) | None => " ".to_string(),
        Some(v) => interp.str(&v)?,
    };
    let end = match a.take_kw("end") {
        Some(Value::None) | None => "\n".to_string(),
        Some(v) => interp.str(&v)?,
    };
    let file = a.take_kw("file");
    let flush = a.take_kw("flush");
    let stream = match interp.print_target(file) {
        PrintTarget::Std(stream) => stream,
        PrintTarget::Object(f) => {
            // As CPython does: one `write` a piece.
            let write = interp.getattr(&f, "write")?;
            for (i, v) in a.pos.iter().enumerate() {
                if i > 0 {
                    interp.call(&write, Args::new(vec![Value::str(sep.as_str())]))?;
                }
                interp.call(&write, Args::new(vec![Value::str(interp.str(v)?)]))?;
            }
            interp.call(&write, Args::new(vec![Value::str(end)]))?;
            if let Some(flush) = flush {
                if interp.truthy(&flush)? {
                    let m = interp.getattr(&f, "flush")?;
                    interp.call(&m, Args::default())?;
                }
            }
            return Ok(Value::None);
        }
    };
    let mut parts = Vec::with_capacity(a.pos.len());
    for v in &a.pos {
        parts.push(interp.str(v)?);
    }
    let text = format!("{}{}", parts.join(&sep), end);
    interp.write(stream, &text);
    Ok(Value::None)
}

/// `len(v)` as a number.
///
/// # Errors
///
/// `TypeError` for values without a length.
pub fn len_of(interp: &Interp, v: &Value) -> Result<usize, Exc> {
    Ok(match v {
        Value::Class(c) if interp.enum_members(c).is_some() => {
            interp.enum_members(c).map_or(0, |m| m.len())
        }
        Value::Str(s) => interp.str_len(s),
        Value::Bytes(b) => b.len(),
        Value::List(l) => l.borrow().len(),
        Value::Tuple(t) => t.len(),
        Value::Dict(d) => d.borrow().len(),
        Value::Set(s) => s.borrow().len(),
        Value::Object(o) => match o.class.lookup("__len__") {
            Some(m) => {
                let r = interp.call(&m, Args::new(vec![v.clone()]))?;
                r.as_int().unwrap_or(0).max(0) as usize
            }
            None if matches!(
                o.inner,
                Some(
                    Value::Str(_)
                        | Value::Bytes(_)
                        | Value::List(_)
                        | Value::Tuple(_)
                        | Value::Dict(_)
                        | Value::Set(_)
                )
            ) =>
            {
                return len_of(interp, o.inner.as_ref().unwrap_or(v))
            }
            None => {
                return Err(Exc::type_error(format!(
                    "object of type '{}' has no len()",
                    v.type_name()
                )))
            }
        },
        Value::Native(n) => {
            if let Some((a, b, c)) = range_of(v) {
                return Ok(range_len(a, b, c));
            }
            match n.get_attr(n, "__len__") {
                Some(m) => interp
                    .call(&m, Args::default())?
                    .as_int()
                    .unwrap_or(0)
                    .max(0) as usize,
                None => {
                    return Err(Exc::type_error(format!(
                        "object of type '{}' has no len()",
                        n.type_name()
                    )))
                }
            }
        }
        other => {
            return Err(Exc::type_error(format!(
                "object of type '{}' has no len()",
                other.type_name()
            )))
        }
    })
}

fn b_len(interp: &Interp, a: Args) -> Result<Value, Exc> {
    Ok(Value::Int(len_of(interp, &arg(&a, 0, "len")?)? as i64))
}

use crate::attr::DescriptorObj;
pub use crate::attr::{
    as_property, classmethod_of, descriptor_kind, property_setter, unwrap_descriptor, Descriptor,
};
pub use crate::classes::{class_of, native_class};
pub(crate) use crate::slices::range_len;
pub use crate::slices::{as_slice, range_of, slice, slice_assign, slice_delete, slice_items};
pub use crate::value::{builtin_with, set_order};

fn int_arg(v: &Value, what: &str) -> Result<i64, Exc> {
    v.as_int().ok_or_else(|| {
        Exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer{what}",
            v.type_name()
        ))
    })
}

fn b_range(_: &Interp, a: Args) -> Result<Value, Exc> {
    let ints: Vec<i64> = a
        .pos
        .iter()
        .map(|v| int_arg(v, ""))
        .collect::<Result<_, _>>()?;
    let (s, e, st) = match ints.as_slice() {
        [e] => (0, *e, 1),
        [s, e] => (*s, *e, 1),
        [s, e, st] => (*s, *e, *st),
        _ => {
            return Err(Exc::type_error(format!(
                "range expected at most 3 arguments, got {}",
                ints.len()
            )))
        }
    };
    if st == 0 {
        return Err(Exc::value_error("range() arg 3 must not be zero"));
    }
    Ok(crate::slices::range(s, e, st))
}

/// A lazy iterator object (`enumerate`, `zip`, `map`, `filter`, `iter()`).
pub struct IterObj {
    kind: &'static str,
    state: RefCell<IterState>,
}

enum IterState {
    Plain(PyIter),
    /// `iter(callable, sentinel)`: calls until the sentinel comes back.
    Callable(Value, Value),
    Enumerate(PyIter, i64),
    Zip(Vec<PyIter>, bool),
    Map(Value, Vec<PyIter>),
    Filter(Value, PyIter),
    /// Steps a container of a library module (a deque's iterator).
    Step(Box<dyn FnMut() -> Result<Option<Value>, Exc>>),
    Done,
}

impl IterObj {
    /// An iterator that calls `step` for each item until it gives `None`.
    pub fn from_step(
        kind: &'static str,
        step: impl FnMut() -> Result<Option<Value>, Exc> + 'static,
    ) -> Value {
        IterObj::make(kind, IterState::Step(Box::new(step)))
    }

    /// An iterator over a live dict (a dict view's iterator).
    pub fn over_dict(kind: &'static str, it: crate::value::DictIter) -> Value {
        IterObj::make(kind, IterState::Plain(PyIter::Dict(it)))
    }

    fn make(kind: &'static str, state: IterState) -> Value {
        Value::Native(Rc::new(IterObj {
            kind,
            state: RefCell::new(state),
        }))
    }

    /// The next item.
    ///
    /// # Errors
    ///
    /// What the underlying iterables or functions raise.
    pub fn next(&self, interp: &Interp) -> Result<Option<Value>, Exc> {
        // Taken out while it runs: a call it makes that reaches this
        // iterator again finds it exhausted instead of borrowed.
        let mut st = std::mem::replace(&mut *self.state.borrow_mut(), IterState::Done);
        let r = IterObj::advance(&mut st, interp);
        // An error leaves it usable, as in CPython (`map` goes on with the
        // next item; a dict's iterator keeps raising); its end ends it.
        if !matches!(r, Ok(None)) {
            *self.state.borrow_mut() = st;
        }
        r
    }

    fn advance(st: &mut IterState, interp: &Interp) -> Result<Option<Value>, Exc> {
        match st {
            IterState::Plain(it) => it.next(interp),
            IterState::Callable(f, sentinel) => match interp.call(f, Args::default()) {
                Ok(v) if interp.eq(&v, sentinel)? => Ok(None),
                Ok(v) => Ok(Some(v)),
                Err(e) if e.is("StopIteration") => Ok(None),
                Err(e) => Err(e),
            },
            IterState::Enumerate(it, i) => match it.next(interp)? {
                Some(v) => {
                    let r = Value::tuple(vec![Value::Int(*i), v]);
                    *i += 1;
                    Ok(Some(r))
                }
                None => Ok(None),
            },
            IterState::Zip(its, strict) => {
                let mut row = Vec::with_capacity(its.len());
                let mut ended = None;
                for (k, it) in its.iter_mut().enumerate() {
                    match it.next(interp)? {
                        Some(v) => row.push(v),
                        None => {
                            ended = Some(k);
                            break;
                        }
                    }
                }
                match ended {
                    None if !its.is_empty() => Ok(Some(Value::tuple(row))),
                    Some(k)
                        if *strict
                            && (k > 0
                                || its
                                    .iter_mut()
                                    .skip(1)
                                    .any(|it| matches!(it.next(interp), Ok(Some(_))))) =>
                    {
                        Err(Exc::value_error(format!(
                            "zip() argument {} is shorter than argument 1",
                            k + 1
                        )))
                    }
                    _ => Ok(None),
                }
            }
            IterState::Map(f, its) => {
                let mut args = Vec::with_capacity(its.len());
                let mut done = false;
                for it in its.iter_mut() {
                    match it.next(interp)? {
                        Some(v) => args.push(v),
                        None => {
                            done = true;
                            break;
                        }
                    }
                }
                if done || its.is_empty() {
                    Ok(None)
                } else {
                    interp.call(f, Args::new(args)).map(Some)
                }
            }
            IterState::Filter(f, it) => loop {
                match it.next(interp)? {
                    Some(v) => {
                        let keep = if matches!(f, Value::None) {
                            interp.truthy(&v)?
                        } else {
                            interp.truthy(&interp.call(f, Args::new(vec![v.clone()]))?)?
                        };
                        if keep {
                            break Ok(Some(v));
                        }
                    }
                    None => break Ok(None),
                }
            },
            IterState::Step(step) => step(),
            IterState::Done => Ok(None),
        }
    }
}

crate::debug_via_repr!(IterObj);

impl Native for IterObj {
    fn clear_refs(&mut self) {
        drop(std::mem::replace(self.state.get_mut(), IterState::Done));
    }

    fn type_name(&self) -> &'static str {
        self.kind
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "__iter__" => {
                let me = Value::Native(this.clone());
                Some(builtin_with(
                    "__iter__",
                    |_, a| Ok(a.pos.first().cloned().unwrap_or(Value::None)),
                    me,
                ))
            }
            "__next__" => Some(crate::value::bound(this, "__next__", |interp, a| {
                let Some(it) = a.pos.first().and_then(native_ref::<IterObj>) else {
                    return Err(Exc::type_error("iterator"));
                };
                match it.next(interp)? {
                    Some(v) => Ok(v),
                    None => Err(Exc::new(crate::exc::class("StopIteration"), vec![])),
                }
            })),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `iter(v)` as a value.
///
/// # Errors
///
/// `TypeError` if `v` is not iterable.
pub fn iter_value(interp: &Interp, v: Value) -> Result<Value, Exc> {
    if let Value::Native(n) = &v {
        if n.as_any().is::<IterObj>() || interp.generator_kind(n).is_some() {
            return Ok(v);
        }
        if let Some(it) = n.get_attr(n, "__iter__") {
            if range_of(&v).is_none() {
                return interp.call(&it, Args::default());
            }
        }
    }
    if let Value::Object(o) = &v {
        if let Some(it) = o.class.lookup("__iter__") {
            return interp.call(&it, Args::new(vec![v.clone()]));
        }
    }
    Ok(IterObj::make(
        iter_kind(&v),
        IterState::Plain(interp.iter(&v)?),
    ))
}

fn iter_kind(v: &Value) -> &'static str {
    match v {
        Value::List(_) => "list_iterator",
        Value::Tuple(_) => "tuple_iterator",
        Value::Str(_) => "str_ascii_iterator",
        Value::Dict(_) => "dict_keyiterator",
        Value::Set(_) => "set_iterator",
        _ => "iterator",
    }
}

fn b_iter(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let first = arg(&a, 0, "iter")?;
    if let Some(sentinel) = a.pos.get(1) {
        if !is_callable(&first) {
            return Err(Exc::type_error("iter(v, w): v must be callable"));
        }
        return Ok(IterObj::make(
            "callable_iterator",
            IterState::Callable(first, sentinel.clone()),
        ));
    }
    iter_value(interp, first)
}

fn b_next(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let it = arg(&a, 0, "next")?;
    if let (Value::Native(n), None) = (&it, a.pos.get(1)) {
        if interp.generator_kind(n).is_some() {
            // The generator's own StopIteration carries its return value.
            let next = n
                .get_attr(n, "__next__")
                .ok_or_else(|| Exc::type_error("generator"))?;
            return interp.call(&next, Args::default());
        }
    }
    let r = match &it {
        Value::Native(n) if interp.generator_kind(n).is_some() => interp.next_of_generator(&it),
        Value::Native(n) => match n.as_any().downcast_ref::<IterObj>() {
            Some(io) => io.next(interp),
            None => match n.get_attr(n, "__next__") {
                Some(m) => match interp.call(&m, Args::default()) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if e.is("StopIteration") => Ok(None),
                    Err(e) => Err(e),
                },
                None => Err(Exc::type_error(format!(
                    "'{}' object is not an iterator",
                    n.type_name()
                ))),
            },
        },
        Value::Object(o) => match o.class.lookup("__next__") {
            Some(m) => match interp.call(&m, Args::new(vec![it.clone()])) {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.is("StopIteration") => Ok(None),
                Err(e) => Err(e),
            },
            None => Err(Exc::type_error(format!(
                "'{}' object is not an iterator",
                o.class.name
            ))),
        },
        other => Err(Exc::type_error(format!(
            "'{}' object is not an iterator",
            other.type_name()
        ))),
    }?;
    match r {
        Some(v) => Ok(v),
        None => match a.pos.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(Exc::new(crate::exc::class("StopIteration"), vec![])),
        },
    }
}

fn b_aiter(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let v = arg(&a, 0, "aiter")?;
    let m = interp.getattr(&v, "__aiter__")?;
    interp.call(&m, Args::default())
}

fn b_anext(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let v = arg(&a, 0, "anext")?;
    let m = interp.getattr(&v, "__anext__")?;
    let aw = interp.call(&m, Args::default())?;
    let Some(default) = a.pos.get(1).cloned() else {
        return Ok(aw);
    };
    let me = interp.rc();
    Ok(interp.awaitable("anext", async move {
        match me.await_value(aw).await {
            Err(e) if e.is("StopAsyncIteration") => Ok(default),
            other => other,
        }
    }))
}

fn b_enumerate(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let start = match a.take_kw("start").or_else(|| a.pos.get(1).cloned()) {
        Some(v) => int_arg(&v, "")?,
        None => 0,
    };
    let it = interp.iter(&arg(&a, 0, "enumerate")?)?;
    Ok(IterObj::make("enumerate", IterState::Enumerate(it, start)))
}

fn b_zip(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let strict = match a.take_kw("strict") {
        Some(v) => interp.truthy(&v)?,
        None => false,
    };
    let its = a
        .pos
        .iter()
        .map(|v| interp.iter(v))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(IterObj::make("zip", IterState::Zip(its, strict)))
}

fn b_map(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let f = arg(&a, 0, "map")?;
    let its = a.pos[1..]
        .iter()
        .map(|v| interp.iter(v))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(IterObj::make("map", IterState::Map(f, its)))
}

fn b_filter(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let f = arg(&a, 0, "filter")?;
    let it = interp.iter(&arg(&a, 1, "filter")?)?;
    Ok(IterObj::make("filter", IterState::Filter(f, it)))
}

fn b_reversed(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let v = arg(&a, 0, "reversed")?;
    if let Value::Object(o) = &v {
        if let Some(m) = o.class.lookup("__reversed__") {
            return interp.call(&m, Args::new(vec![v.clone()]));
        }
    }
    if let Value::Native(n) = &v {
        if let Some(m) = n.get_attr(n, "__reversed__") {
            return interp.call(&m, Args::default());
        }
    }
    if let Some((s, e, st)) = range_of(&v) {
        let n = range_len(s, e, st) as i64;
        let last = s + (n - 1) * st;
        return Ok(IterObj::make(
            "range_iterator",
            IterState::Plain(PyIter::Range(last, s - st, -st)),
        ));
    }
    if let Value::Dict(d) = &v {
        return Ok(IterObj::over_dict(
            "dict_reversekeyiterator",
            crate::value::DictIter::new(d.clone(), crate::value::DictPart::Keys, true),
        ));
    }
    if matches!(v, Value::Set(_))
        || matches!(&v, Value::Native(n) if interp.generator_kind(n).is_some())
    {
        return Err(Exc::type_error(format!(
            "'{}' object is not reversible",
            v.type_name()
        )));
    }
    let mut items = interp.collect(&v)?;
    items.reverse();
    Ok(IterObj::make(
        "list_reverseiterator",
        IterState::Plain(PyIter::Items(items.into_iter())),
    ))
}

fn key_of(interp: &Interp, key: &Option<Value>, v: &Value) -> Result<Value, Exc> {
    match key {
        Some(k) if !matches!(k, Value::None) => interp.call(k, Args::new(vec![v.clone()])),
        _ => Ok(v.clone()),
    }
}

fn min_max(interp: &Interp, mut a: Args, want_max: bool) -> Result<Value, Exc> {
    let name = if want_max { "max" } else { "min" };
    let key = a.take_kw("key");
    let default = a.take_kw("default");
    let items = if a.pos.len() == 1 {
        interp.collect(&a.pos[0])?
    } else {
        a.pos.clone()
    };
    let mut best: Option<(Value, Value)> = None;
    for v in items {
        let k = key_of(interp, &key, &v)?;
        best = match best {
            None => Some((k, v)),
            Some((bk, bv)) => {
                // As CPython: `item > best` for max, `item < best` for min
                // (which also words a failed comparison the same way).
                let op = if want_max {
                    crate::ir::CmpOp::Gt
                } else {
                    crate::ir::CmpOp::Lt
                };
                let better = interp.truthy(&interp.compare(op, &k, &bk)?)?;
                if better {
                    Some((k, v))
                } else {
                    Some((bk, bv))
                }
            }
        };
    }
    match (best, default) {
        (Some((_, v)), _) => Ok(v),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(Exc::value_error(format!(
            "{name}() iterable argument is empty"
        ))),
    }
}

fn b_min(interp: &Interp, a: Args) -> Result<Value, Exc> {
    min_max(interp, a, false)
}

fn b_max(interp: &Interp, a: Args) -> Result<Value, Exc> {
    min_max(interp, a, true)
}

fn b_sum(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let mut acc = a
        .take_kw("start")
        .or_else(|| a.pos.get(1).cloned())
        .unwrap_or(Value::Int(0));
    if matches!(acc, Value::Str(_)) {
        return Err(Exc::type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    let mut it = interp.iter(&arg(&a, 0, "sum")?)?;
    while let Some(v) = it.next(interp)? {
        acc = interp.binary_op(crate::ir::BinOp::Add, acc, v)?;
    }
    Ok(acc)
}

/// Sorts values (stable), with an optional key function.
///
/// # Errors
///
/// `TypeError` for unorderable items, or what `key` raises.
pub fn sort_values(
    interp: &Interp,
    items: Vec<Value>,
    key: Option<Value>,
    reverse: bool,
) -> Result<Vec<Value>, Exc> {
    let mut keyed: Vec<(Value, Value)> = Vec::with_capacity(items.len());
    for v in items {
        keyed.push((key_of(interp, &key, &v)?, v));
    }
    // CPython reverses, sorts stably, and reverses again: equal items keep
    // their order either way.
    if reverse {
        keyed.reverse();
    }
    let mut err = None;
    let mut lt = |x: &(Value, Value), y: &(Value, Value)| -> bool {
        if err.is_some() {
            return false;
        }
        match interp.lt(&x.0, &y.0) {
            Ok(b) => b,
            Err(e) => {
                err = Some(e);
                false
            }
        }
    };
    let mut sorted = timsort(keyed, &mut lt);
    if let Some(e) = err {
        return Err(e);
    }
    if reverse {
        sorted.reverse();
    }
    Ok(sorted.into_iter().map(|(_, v)| v).collect())
}

/// A stable sort that compares in CPython's order (`Objects/listsort.txt`),
/// so that a list with items that cannot be compared fails on the same
/// pair CPython's does ("'<' not supported between instances of 'NoneType'
/// and 'int'", not the other way round): natural runs found as `count_run`
/// finds them, extended to `minrun` by binary insertion, then merged. The
/// merges do not gallop, so on lists of 64 items or more the first failing
/// pair may still differ. `lt(a, b)` is `a < b`.
fn timsort<T>(mut v: Vec<T>, lt: &mut dyn FnMut(&T, &T) -> bool) -> Vec<T> {
    let n = v.len();
    if n < 2 {
        return v;
    }
    let minrun = {
        let (mut m, mut r) = (n, 0);
        while m >= 64 {
            r |= m & 1;
            m >>= 1;
        }
        m + r
    };
    let mut bounds = Vec::new();
    let mut lo = 0;
    while lo < n {
        let mut run = 1;
        if lo + 1 < n {
            run = 2;
            let descending = lt(&v[lo + 1], &v[lo]);
            while lo + run < n && lt(&v[lo + run], &v[lo + run - 1]) == descending {
                run += 1;
            }
            if descending {
                v[lo..lo + run].reverse();
            }
        }
        if run < minrun {
            let force = minrun.min(n - lo);
            binary_insertion(&mut v[lo..lo + force], run, lt);
            run = force;
        }
        bounds.push(run);
        lo += run;
    }
    // Split into the runs, then merge neighbours until one is left.
    let mut runs: Vec<Vec<T>> = Vec::with_capacity(bounds.len());
    for len in bounds.iter().rev() {
        runs.push(v.split_off(v.len() - len));
    }
    runs.reverse();
    while runs.len() > 1 {
        let mut merged = Vec::with_capacity(runs.len().div_ceil(2));
        let mut it = runs.into_iter();
        while let Some(a) = it.next() {
            match it.next() {
                Some(b) => merged.push(merge(a, b, lt)),
                None => merged.push(a),
            }
        }
        runs = merged;
    }
    runs.pop().unwrap_or_default()
}

/// Sorts `v[sorted..]` into the already sorted `v[..sorted]`, finding each
/// item's place by bisection (CPython's `binarysort`).
fn binary_insertion<T>(v: &mut [T], sorted: usize, lt: &mut dyn FnMut(&T, &T) -> bool) {
    for start in sorted.max(1)..v.len() {
        let (mut l, mut r) = (0, start);
        while l < r {
            let p = l + (r - l) / 2;
            if lt(&v[start], &v[p]) {
                r = p;
            } else {
                l = p + 1;
            }
        }
        v[l..=start].rotate_right(1);
    }
}

/// Merges two sorted runs, `a` first on ties.
fn merge<T>(a: Vec<T>, b: Vec<T>, lt: &mut dyn FnMut(&T, &T) -> bool) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut a = a.into_iter().peekable();
    let mut b = b.into_iter().peekable();
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        let next = if lt(y, x) { b.next() } else { a.next() };
        out.extend(next);
    }
    out.extend(a);
    out.extend(b);
    out
}

fn b_sorted(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let key = a.take_kw("key");
    let reverse = match a.take_kw("reverse") {
        Some(v) => interp.truthy(&v)?,
        None => false,
    };
    let items = interp.collect(&arg(&a, 0, "sorted")?)?;
    Ok(Value::list(sort_values(interp, items, key, reverse)?))
}

fn b_any(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let mut it = interp.iter(&arg(&a, 0, "any")?)?;
    while let Some(v) = it.next(interp)? {
        if interp.truthy(&v)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn b_all(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let mut it = interp.iter(&arg(&a, 0, "all")?)?;
    while let Some(v) = it.next(interp)? {
        if !interp.truthy(&v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// `int | None`: a `types.UnionType`, for annotations and `isinstance`.
pub struct UnionType(pub Vec<Value>);

crate::debug_via_repr!(UnionType);

impl Native for UnionType {
    fn type_name(&self) -> &'static str {
        "UnionType"
    }
    fn repr(&self) -> String {
        self.0.iter().map(type_repr).collect::<Vec<_>>().join(" | ")
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `list[int]`, `dict[str, int]`, …: a built-in container type with
/// arguments (`types.GenericAlias`). Calling it calls the type; other
/// attributes are the type's.
pub struct GenericAlias {
    origin: Rc<Class>,
    args: Vec<Value>,
}

crate::debug_via_repr!(GenericAlias);

/// How a type shows inside `list[...]` or a union.
fn type_repr(v: &Value) -> String {
    match v {
        Value::Class(c) if matches!(&*c.module, "builtins") => c.name.to_string(),
        Value::Class(c) => format!("{}.{}", c.module, c.qualname),
        Value::None => "None".to_string(),
        Value::Native(n) if n.type_name() == "ellipsis" => "...".to_string(),
        other => crate::format::repr_plain(other),
    }
}

impl Native for GenericAlias {
    fn type_name(&self) -> &'static str {
        "GenericAlias"
    }
    fn full_type_name(&self) -> &'static str {
        "types.GenericAlias"
    }
    fn repr(&self) -> String {
        let inner = if self.args.is_empty() {
            "()".to_string()
        } else {
            self.args
                .iter()
                .map(type_repr)
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!("{}[{inner}]", self.origin.name)
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "__origin__" => Some(Value::Class(self.origin.clone())),
            "__name__" | "__qualname__" => Some(Value::Str(self.origin.name.clone())),
            "__args__" => Some(Value::tuple(self.args.clone())),
            "__call__" => Some(crate::value::bound(this, "__call__", |i, mut a| {
                let me = a.pos.remove(0);
                let Some(g) = native_ref::<GenericAlias>(&me) else {
                    return Err(Exc::type_error("expected a GenericAlias"));
                };
                instantiate(i, &g.origin, a)
            })),
            "__eq__" => Some(crate::value::bound(this, "__eq__", |i, a| {
                let (Some(x), Some(y)) = (
                    a.pos.first().and_then(native_ref::<GenericAlias>),
                    a.pos.get(1).and_then(native_ref::<GenericAlias>),
                ) else {
                    return Ok(Value::Bool(false));
                };
                if !Rc::ptr_eq(&x.origin, &y.origin) || x.args.len() != y.args.len() {
                    return Ok(Value::Bool(false));
                }
                for (p, q) in x.args.iter().zip(y.args.iter()) {
                    if !i.eq(p, q)? {
                        return Ok(Value::Bool(false));
                    }
                }
                Ok(Value::Bool(true))
            })),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn clear_refs(&mut self) {
        drop(std::mem::take(&mut self.args));
    }
}

impl Interp {
    /// [`generic_alias`] (`list[int]`), for `ops`' subscription of a class.
    pub(crate) fn generic_alias(&self, origin: &Rc<Class>, key: &Value) -> Option<Value> {
        generic_alias(origin, key)
    }

    /// [`union_of`] (`int | None`), for `ops`' `|` of two types.
    pub(crate) fn union_of(&self, a: &Value, b: &Value) -> Option<Value> {
        union_of(a, b)
    }
}

/// `origin[key]` for a built-in container type: its generic alias.
pub fn generic_alias(origin: &Rc<Class>, key: &Value) -> Option<Value> {
    let container = matches!(
        origin.builtin,
        Some(
            BuiltinType::List
                | BuiltinType::Dict
                | BuiltinType::Tuple
                | BuiltinType::Set
                | BuiltinType::Type
        )
    ) || (origin.builtin == Some(BuiltinType::Native)
        && &*origin.name == "frozenset");
    if !container {
        return None;
    }
    let args = match key {
        Value::Tuple(t) => t.to_vec(),
        other => vec![other.clone()],
    };
    Some(Value::Native(Rc::new(GenericAlias {
        origin: origin.clone(),
        args,
    })))
}

/// `a | b` for types: a union, or `None` when the operands are not types.
pub fn union_of(a: &Value, b: &Value) -> Option<Value> {
    fn members(v: &Value) -> Option<Vec<Value>> {
        match v {
            Value::Class(_) | Value::None => Some(vec![v.clone()]),
            Value::Native(n) if n.as_any().is::<GenericAlias>() => Some(vec![v.clone()]),
            Value::Native(n) => n.as_any().downcast_ref::<UnionType>().map(|u| u.0.clone()),
            _ => None,
        }
    }
    if matches!((a, b), (Value::None, Value::None)) {
        return None;
    }
    let mut all = members(a)?;
    for m in members(b)? {
        if !all.iter().any(|x| x.is(&m)) {
            all.push(m);
        }
    }
    Some(Value::Native(Rc::new(UnionType(all))))
}

fn class_matches(v: &Value, c: &Value) -> Result<bool, Exc> {
    match c {
        Value::Native(n) if n.as_any().is::<GenericAlias>() => Err(Exc::type_error(
            "isinstance() argument 2 cannot be a parameterized generic",
        )),
        Value::Class(k) => Ok(is_instance(v, k)),
        Value::None => Ok(matches!(v, Value::None)),
        Value::Native(n) if n.as_any().is::<UnionType>() => {
            let Some(u) = n.as_any().downcast_ref::<UnionType>() else {
                return Ok(false);
            };
            for m in &u.0 {
                if class_matches(v, m)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Tuple(t) => {
            for x in t.iter() {
                if class_matches(v, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Native(n) if n.type_name() == "typing" => Ok(true),
        // asyncio's classes are constructor functions here: match by name.
        Value::Builtin(b) => Ok(match v {
            Value::Native(n) => {
                n.type_name() == &*b.name
                    || (n.type_name() == "BoundedSemaphore" && &*b.name == "Semaphore")
            }
            _ => false,
        }),
        _ => Err(Exc::type_error(
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        )),
    }
}

fn b_isinstance(_: &Interp, a: Args) -> Result<Value, Exc> {
    Ok(Value::Bool(class_matches(
        &arg(&a, 0, "isinstance")?,
        &arg(&a, 1, "isinstance")?,
    )?))
}

fn b_issubclass(_: &Interp, a: Args) -> Result<Value, Exc> {
    let Value::Class(ref c) = arg(&a, 0, "issubclass")? else {
        return Err(Exc::type_error("issubclass() arg 1 must be a class"));
    };
    fn check(c: &Rc<Class>, k: &Value) -> Result<bool, Exc> {
        match k {
            Value::Class(k) => Ok(c.is_subclass(k)
                || matches!(k.builtin, Some(BuiltinType::Object))
                || (&*k.module == crate::collections_abc::MODULE
                    && crate::collections_abc::subclass_check(c, k))),
            Value::Tuple(t) => {
                for x in t.iter() {
                    if check(c, x)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(Exc::type_error(
                "issubclass() arg 2 must be a class, a tuple of classes, or a union",
            )),
        }
    }
    Ok(Value::Bool(check(c, &arg(&a, 1, "issubclass")?)?))
}

/// `ascii(v)`: `repr(v)` with every non-ASCII character escaped.
fn b_ascii(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let r = interp.repr(&arg(&a, 0, "ascii")?)?;
    Ok(Value::str(ascii_escaped(&r)))
}

/// `r` with every non-ASCII character escaped, as `ascii()` and `!a` give it.
pub(crate) fn ascii_escaped(r: &str) -> String {
    let mut out = String::with_capacity(r.len());
    for c in r.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            n @ 0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
            n @ 0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}

fn b_repr(interp: &Interp, a: Args) -> Result<Value, Exc> {
    Ok(Value::str(interp.repr(&arg(&a, 0, "repr")?)?))
}

fn b_abs(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let v = arg(&a, 0, "abs")?;
    if let Value::Big(b) = &v {
        return crate::bigint::abs(b);
    }
    match v.as_number() {
        Some(Number::Int(i)) => match i.checked_abs() {
            Some(n) => Ok(Value::Int(n)),
            None => crate::bigint::abs(&i.into()),
        },
        Some(Number::Float(f)) => Ok(Value::Float(f.abs())),
        None => match &v {
            Value::Object(o) if o.class.lookup("__abs__").is_some() => {
                let m = o.class.lookup("__abs__").unwrap_or(Value::None);
                interp.call(&m, Args::new(vec![v.clone()]))
            }
            Value::Object(o) if o.inner.is_some() => {
                b_abs(interp, Args::new(o.inner.iter().cloned().collect()))
            }
            _ => Err(Exc::type_error(format!(
                "bad operand type for abs(): '{}'",
                v.type_name()
            ))),
        },
    }
}

/// Python's correctly rounded `round(f, ndigits)`: Rust formats the exact
/// binary value to `nd` decimals with ties to even, as CPython does.
fn round_float(f: f64, nd: i32) -> f64 {
    if nd >= 0 {
        return format!("{:.*}", nd as usize, f).parse().unwrap_or(f);
    }
    let m = 10f64.powi(-nd);
    let x = f / m;
    let r = if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        x.round()
    };
    r * m
}

/// `round(i, nd)` for an int and a negative `nd`: to a multiple of
/// `10**-nd`, ties to even.
fn round_int(i: i64, nd: i64) -> i64 {
    if !(-18..0).contains(&nd) {
        return if nd < -18 { 0 } else { i };
    }
    let m = 10i64.pow((-nd) as u32);
    let q = i.div_euclid(m);
    let r = i.rem_euclid(m);
    let q = match (2 * r).cmp(&m) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q & 1),
    };
    q.saturating_mul(m)
}

fn b_round(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let v = arg(&a, 0, "round")?;
    if let Value::Object(o) = &v {
        if let Some(m) = o.class.lookup("__round__") {
            // `ndigits` as given (None means no argument), as CPython passes it.
            let mut args = vec![v.clone()];
            if let Some(nd) = a.pos.get(1).filter(|v| !matches!(v, Value::None)) {
                args.push(nd.clone());
            }
            return interp.call(&m, Args::new(args));
        }
    }
    let v = v.inner().cloned().unwrap_or(v);
    let nd = a
        .pos
        .get(1)
        .filter(|v| !matches!(v, Value::None))
        .map(|v| int_arg(v, ""))
        .transpose()?;
    if let Value::Big(b) = &v {
        return crate::bigint::round(b, nd.unwrap_or(0));
    }
    match (v.as_number(), nd) {
        (Some(Number::Int(i)), Some(n)) if n < -18 => crate::bigint::round(&i.into(), n),
        (Some(Number::Int(i)), Some(n)) => Ok(Value::Int(round_int(i, n))),
        (Some(Number::Int(i)), None) => Ok(Value::Int(i)),
        (Some(Number::Float(f)), None) => {
            if !f.is_finite() {
                return Err(Exc::value_error(
                    "cannot convert float infinity or NaN to integer",
                ));
            }
            Ok(Value::Int(round_float(f, 0) as i64))
        }
        (Some(Number::Float(f)), Some(n)) => Ok(Value::Float(round_float(f, n as i32))),
        (None, _) => Err(Exc::type_error(format!(
            "type {} doesn't define __round__ method",
            v.type_name()
        ))),
    }
}

fn b_divmod(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (x, y) = (arg(&a, 0, "divmod")?, arg(&a, 1, "divmod")?);
    if matches!(x, Value::Object(_)) || matches!(y, Value::Object(_)) {
        if let Some(r) = interp.user_binop(&x, &y, "__divmod__")? {
            return Ok(r);
        }
        if let Some(r) = interp.user_binop(&y, &x, "__rdivmod__")? {
            return Ok(r);
        }
        return Err(Exc::type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            x.type_name(),
            y.type_name()
        )));
    }
    if let (Some(a), Some(b)) = (x.as_number(), y.as_number()) {
        if matches!(a, Number::Float(_)) || matches!(b, Number::Float(_)) {
            let (a, b) = (a.as_f64(), b.as_f64());
            if b == 0.0 {
                return Err(Exc::of("ZeroDivisionError", "float divmod()"));
            }
            let (q, r) = crate::ops::float_divmod(a, b);
            return Ok(Value::tuple(vec![Value::Float(q), Value::Float(r)]));
        }
    }
    let q = interp.binary_op(crate::ir::BinOp::FloorDiv, x.clone(), y.clone())?;
    let r = interp.binary_op(crate::ir::BinOp::Mod, x, y)?;
    Ok(Value::tuple(vec![q, r]))
}

fn b_pow(interp: &Interp, a: Args) -> Result<Value, Exc> {
    if let (Some(x), Some(y), Some(m)) = (
        a.pos.first().and_then(crate::bigint::to_big),
        a.pos.get(1).and_then(crate::bigint::to_big),
        a.pos.get(2).and_then(crate::bigint::to_big),
    ) {
        return crate::bigint::pow_mod(&x, &y, &m);
    }
    // Three-argument pow of an object: its `__pow__(y, z)` (never
    // `__rpow__`, as in CPython).
    if let (Some(x @ Value::Object(o)), Some(y), Some(z)) =
        (a.pos.first(), a.pos.get(1), a.pos.get(2))
    {
        if !matches!(z, Value::None) {
            if let Some(m) = o.class.lookup("__pow__") {
                let r = interp.call(&m, Args::new(vec![x.clone(), y.clone(), z.clone()]))?;
                if !crate::ops::is_not_implemented(&r) {
                    return Ok(r);
                }
            }
            return Err(Exc::type_error(format!(
                "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
                x.type_name(),
                y.type_name(),
                z.type_name()
            )));
        }
    }
    let r = interp.binary_op(
        crate::ir::BinOp::Pow,
        arg(&a, 0, "pow")?,
        arg(&a, 1, "pow")?,
    )?;
    match a.pos.get(2) {
        Some(m) if !matches!(m, Value::None) => {
            interp.binary_op(crate::ir::BinOp::Mod, r, m.clone())
        }
        _ => Ok(r),
    }
}

fn b_hash(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let v = arg(&a, 0, "hash")?;
    // A class's own `__hash__` is called here, so that what it raises or
    // returns reaches the program; everything else hashes as a dict key
    // does (numbers as in CPython, a built-in subclass by its value).
    if let Value::Object(o) = &v {
        if let Some(m) = o.class.lookup("__hash__") {
            return interp.call(&m, Args::new(vec![v.clone()]));
        }
    }
    let k = Key::new(v)?;
    Ok(Value::Int(crate::value::py_hash(&k.0)))
}

/// `id(x)`: the address default reprs show (`crate::format::address_at`).
fn b_id(_: &Interp, a: Args) -> Result<Value, Exc> {
    let id = arg(&a, 0, "id")?.identity() as u64;
    Ok(Value::Int((0x7f << 40 | (id & 0xff_ffff_ffff)) as i64))
}

fn attr_name(v: &Value) -> Result<Rc<str>, Exc> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(Exc::type_error(format!(
            "attribute name must be string, not '{}'",
            other.type_name()
        ))),
    }
}

fn b_getattr(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let obj = arg(&a, 0, "getattr")?;
    let name = attr_name(&arg(&a, 1, "getattr")?)?;
    match (interp.getattr(&obj, &name), a.pos.get(2)) {
        (Ok(v), _) => Ok(v),
        (Err(e), Some(d)) if e.is("AttributeError") => Ok(d.clone()),
        (Err(e), _) => Err(e),
    }
}

fn b_setattr(interp: &Interp, a: Args) -> Result<Value, Exc> {
    interp.setattr(
        &arg(&a, 0, "setattr")?,
        &attr_name(&arg(&a, 1, "setattr")?)?,
        arg(&a, 2, "setattr")?,
    )?;
    Ok(Value::None)
}

fn b_hasattr(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let obj = arg(&a, 0, "hasattr")?;
    match interp.getattr(&obj, &attr_name(&arg(&a, 1, "hasattr")?)?) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.is("AttributeError") => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn b_delattr(interp: &Interp, a: Args) -> Result<Value, Exc> {
    interp.delattr(
        &arg(&a, 0, "delattr")?,
        &attr_name(&arg(&a, 1, "delattr")?)?,
    )?;
    Ok(Value::None)
}

fn b_callable(_: &Interp, a: Args) -> Result<Value, Exc> {
    Ok(Value::Bool(is_callable(&arg(&a, 0, "callable")?)))
}

/// `callable(v)`.
fn is_callable(v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Builtin(_) | Value::Bound(_) | Value::Class(_) => true,
        Value::Object(o) => o.class.lookup("__call__").is_some(),
        Value::Native(n) => n.get_attr(n, "__call__").is_some(),
        _ => false,
    }
}

fn b_chr(_: &Interp, a: Args) -> Result<Value, Exc> {
    let i = int_arg(&arg(&a, 0, "chr")?, "")?;
    let c = u32::try_from(i)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| Exc::value_error("chr() arg not in range(0x110000)"))?;
    Ok(Value::str(c.to_string()))
}

fn b_ord(_: &Interp, a: Args) -> Result<Value, Exc> {
    match arg(&a, 0, "ord")? {
        Value::Str(ref s) if s.chars().count() == 1 => {
            Ok(Value::Int(s.chars().next().map(|c| c as i64).unwrap_or(0)))
        }
        Value::Str(ref s) => Err(Exc::type_error(format!(
            "ord() expected a character, but string of length {} found",
            s.chars().count()
        ))),
        other => Err(Exc::type_error(format!(
            "ord() expected string of length 1, but {} found",
            other.type_name()
        ))),
    }
}

fn radix(a: &Args, name: &str, spec: &str) -> Result<Value, Exc> {
    let v = arg(a, 0, name)?;
    let r = match spec {
        "b" => 2,
        "x" => 16,
        _ => 8,
    };
    let (neg, body) = match &v {
        Value::Big(b) => (
            crate::bigint::is_negative(b),
            crate::bigint::digits_in(b, r),
        ),
        _ => {
            let i = int_arg(&v, "")?;
            let m = i.unsigned_abs();
            (
                i < 0,
                match r {
                    2 => format!("{m:b}"),
                    16 => format!("{m:x}"),
                    _ => format!("{m:o}"),
                },
            )
        }
    };
    let prefix = match spec {
        "b" => "0b",
        "x" => "0x",
        _ => "0o",
    };
    Ok(Value::str(format!(
        "{}{prefix}{body}",
        if neg { "-" } else { "" }
    )))
}

fn b_bin(_: &Interp, a: Args) -> Result<Value, Exc> {
    radix(&a, "bin", "b")
}

fn b_hex(_: &Interp, a: Args) -> Result<Value, Exc> {
    radix(&a, "hex", "x")
}

fn b_oct(_: &Interp, a: Args) -> Result<Value, Exc> {
    radix(&a, "oct", "o")
}

fn b_format(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let spec = match a.pos.get(1) {
        Some(Value::Str(s)) => s.to_string(),
        _ => String::new(),
    };
    Ok(Value::str(
        interp.format_value(&arg(&a, 0, "format")?, &spec)?,
    ))
}

fn b_vars(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let v = arg(&a, 0, "vars")?;
    if let Value::Object(ref o) = v {
        if !crate::attr::has_instance_dict(&o.class) {
            return Err(Exc::type_error(
                "vars() argument must have __dict__ attribute",
            ));
        }
    }
    interp.getattr(&v, "__dict__")
}

fn b_globals(interp: &Interp, _: Args) -> Result<Value, Exc> {
    let d: Dict = interp
        .globals
        .borrow()
        .iter()
        .map(|(k, v)| (Key(Value::Str(k.clone())), v.clone()))
        .collect();
    Ok(Value::dict(d))
}

fn b_input(_: &Interp, _: Args) -> Result<Value, Exc> {
    Err(Exc::unsupported("input()"))
}

fn b_exit(_: &Interp, a: Args) -> Result<Value, Exc> {
    Err(Exc::new(crate::exc::class("SystemExit"), a.pos))
}

// ------------------------------------------------------------ descriptors

fn b_property(_: &Interp, a: Args) -> Result<Value, Exc> {
    Ok(Value::Native(Rc::new(DescriptorObj::new(
        Descriptor::Property(a.pos.first().cloned(), a.pos.get(1).cloned()),
    ))))
}

fn b_staticmethod(_: &Interp, a: Args) -> Result<Value, Exc> {
    Ok(Value::Native(Rc::new(DescriptorObj::new(
        Descriptor::Static(arg(&a, 0, "staticmethod")?),
    ))))
}

fn b_classmethod(_: &Interp, a: Args) -> Result<Value, Exc> {
    Ok(classmethod_of(arg(&a, 0, "classmethod")?))
}

// ------------------------------------------------------------------ super

struct Super {
    class: Rc<Class>,
    this: Value,
}

impl Native for Super {
    fn clear_refs(&mut self) {
        drop(std::mem::replace(&mut self.this, Value::None));
    }

    fn type_name(&self) -> &'static str {
        "super"
    }
    /// Looks `name` up in the classes that follow the defining class in
    /// the method resolution order of the instance's type (of the class
    /// itself, in a class method): with multiple inheritance that may be a
    /// sibling of the defining class rather than its base.
    fn get_attr(&self, _this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let after: Vec<Rc<Class>> = match &class_value_of(&self.this) {
            Value::Class(start) if start.ancestry().any(|k| Rc::ptr_eq(k, &self.class)) => start
                .ancestry()
                .skip_while(|k| !Rc::ptr_eq(k, &self.class))
                .skip(1)
                .cloned()
                .collect(),
            _ => self.class.mro.clone(),
        };
        let found = after
            .iter()
            .find_map(|k| k.dict.borrow().get(name).cloned());
        let exceptional = after
            .iter()
            .any(|k| k.builtin == Some(BuiltinType::Exception));
        match found {
            Some(found) => Some(match descriptor_kind(&found) {
                Some(Descriptor::Static(f)) => f,
                Some(Descriptor::ClassMethod(f)) => {
                    Value::Bound(Rc::new((class_value_of(&self.this), f)))
                }
                _ => match found {
                    Value::Function(_) | Value::Builtin(_) => {
                        Value::Bound(Rc::new((self.this.clone(), found)))
                    }
                    other => other,
                },
            }),
            None if name == "__init__" && exceptional => Some(Value::Bound(Rc::new((
                self.this.clone(),
                builtin("__init__", exception_init),
            )))),
            None if name == "__new__" => Some(builtin("__new__", builtin_new)),
            None => match self.this.inner() {
                Some(Value::List(_) | Value::Dict(_) | Value::Set(_)) if name == "__init__" => {
                    Some(builtin_with("__init__", builtin_init, self.this.clone()))
                }
                Some(_) if name == "__init__" => None,
                Some(inner) => value_method(inner, name),
                None => None,
            }
            .or_else(|| object_method(&self.this, name)),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn class_value_of(v: &Value) -> Value {
    match v {
        Value::Class(_) => v.clone(),
        other => class_of(other),
    }
}

fn b_super(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (Some(Value::Class(ref class)), Some(this)) =
        (a.pos.first().cloned(), a.pos.get(1).cloned())
    else {
        return Err(Exc::runtime_error("super(): no arguments"));
    };
    Ok(Value::Native(Rc::new(Super {
        class: class.clone(),
        this,
    })))
}

/// Methods every object has (`object.__init__`, `__eq__`, ...).
pub fn object_method(obj: &Value, name: &str) -> Option<Value> {
    let f: BuiltinFn = match name {
        "__init__" => |_, a| {
            if a.pos.len() > 1 || !a.kw.is_empty() {
                return Err(Exc::type_error(
                    "object.__init__() takes exactly one argument (the instance to initialize)",
                ));
            }
            Ok(Value::None)
        },
        "__init_subclass__" => |_, a| {
            if !a.kw.is_empty() || a.pos.len() > 1 {
                let name = match a.pos.first() {
                    Some(Value::Class(c)) => c.name.clone(),
                    _ => "object".into(),
                };
                return Err(Exc::type_error(format!(
                    "{name}.__init_subclass__() takes no keyword arguments"
                )));
            }
            Ok(Value::None)
        },
        "__eq__" => |_, a| Ok(Value::Bool(a.pos.len() == 2 && a.pos[0].is(&a.pos[1]))),
        "__ne__" => |_, a| Ok(Value::Bool(!(a.pos.len() == 2 && a.pos[0].is(&a.pos[1])))),
        "__repr__" | "__str__" => |_, a| {
            let v = a.pos.first().cloned().unwrap_or(Value::None);
            Ok(Value::str(crate::format::repr_plain(&v)))
        },
        "__hash__" => |_, a| {
            Ok(Value::Int(
                a.pos.first().map(|v| v.identity() as i64 >> 4).unwrap_or(0),
            ))
        },
        "__setattr__" => |i, a| {
            if let (Some(o @ Value::Object(_)), Some(Value::Str(n)), Some(v)) =
                (a.pos.first(), a.pos.get(1), a.pos.get(2))
            {
                i.generic_setattr(o, n, v.clone())?;
            }
            Ok(Value::None)
        },
        "__delattr__" => |i, a| {
            if let (Some(o @ Value::Object(_)), Some(Value::Str(n))) = (a.pos.first(), a.pos.get(1))
            {
                i.generic_delattr(o, n)?;
            }
            Ok(Value::None)
        },
        _ => return None,
    };
    Some(Value::Bound(Rc::new((obj.clone(), builtin(name, f)))))
}

/// Methods of built-in values (`"a".upper`, `[].append`, ...).
pub fn value_method(v: &Value, name: &str) -> Option<Value> {
    crate::methods::lookup(v, name).map(|f| Value::Bound(Rc::new((v.clone(), builtin(name, f)))))
}

/// Attributes of built-in classes (`dict.fromkeys`, `int.from_bytes`...).
pub fn class_attr(_interp: &Interp, c: &Rc<Class>, name: &str) -> Option<Value> {
    if c.builtin_root() == Some(BuiltinType::Exception) && name == "__init__" {
        return Some(builtin("__init__", exception_init));
    }
    if name == "__new__" {
        return Some(builtin(name, builtin_new));
    }
    if name == "__init__" {
        return Some(builtin(name, builtin_init));
    }
    // An unbound method (`str.upper`, `dict.__setitem__`) takes an
    // instance of a subclass as its built-in value.
    crate::methods::class_method(c, name).map(|f| builtin_with(name, through_inner, f))
}

/// Calls the built-in method that is its first argument with the receiver
/// after it replaced by the built-in value it carries, if it carries one.
fn through_inner(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let f = a.pos.remove(0);
    if let Some(inner) = a.pos.first().and_then(Value::inner).cloned() {
        a.pos[0] = inner;
    }
    interp.call(&f, a)
}

/// `object.__new__(cls)`, `int.__new__(cls, 5)`, `super().__new__(cls, ...)`:
/// a new instance of `cls`, not yet initialised; for a subclass of a
/// built-in type, carrying the built-in value the arguments make.
fn builtin_new(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let c = match a.pos.first() {
        Some(Value::Class(c)) => c.clone(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "object.__new__(X): X is not a type object ({})",
                other.type_name()
            )))
        }
        None => return Err(Exc::type_error("object.__new__(): not enough arguments")),
    };
    a.pos.remove(0);
    if c.builtin.is_some() {
        return instantiate(interp, &c, a);
    }
    bare_instance(interp, &c, a, true)
}

/// A new instance of the user class `c` before `__init__`. `strict`: extra
/// arguments are an error for a plain object (as `object.__new__` says
/// when the class overrides `__new__`).
fn bare_instance(interp: &Interp, c: &Rc<Class>, a: Args, strict: bool) -> Result<Value, Exc> {
    use BuiltinType as B;
    let root = c.builtin_root();
    let inner = match root {
        Some(B::Exception) => return Ok(Exc::new(c.clone(), a.pos).value()),
        Some(B::List) => Value::list(Vec::new()),
        Some(B::Dict) => Value::dict(Dict::default()),
        Some(B::Set) => Value::Set(Rc::new(RefCell::new(Set::default()))),
        Some(b @ (B::Int | B::Float | B::Str | B::Tuple | B::Bytes)) => {
            let name = match b {
                B::Int => "int",
                B::Float => "float",
                B::Str => "str",
                B::Tuple => "tuple",
                _ => "bytes",
            };
            crate::methods::construct(interp, name, a)?
        }
        _ => {
            if strict && (!a.pos.is_empty() || !a.kw.is_empty()) {
                return Err(Exc::type_error(
                    "object.__new__() takes exactly one argument (the type to instantiate)",
                ));
            }
            return Ok(Value::Object(Rc::new(Object {
                class: c.clone(),
                dict: RefCell::new(IndexMap::default()),
                exc: None,
                inner: None,
            })));
        }
    };
    Ok(Value::Object(Rc::new(Object {
        class: c.clone(),
        dict: RefCell::new(IndexMap::default()),
        exc: None,
        inner: Some(inner),
    })))
}

/// `list.__init__(self, iterable)`, `dict.__init__(self, ...)`,
/// `set.__init__(self, iterable)`: fills the container (for a subclass,
/// the one it carries) from the arguments; nothing for other types.
fn builtin_init(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let Some(this) = a.pos.first().cloned() else {
        return Ok(Value::None);
    };
    let target = this.inner().cloned().unwrap_or(this);
    let rest = Args {
        pos: a.pos[1..].to_vec(),
        kw: a.kw,
    };
    match &target {
        Value::List(l) => {
            let made = crate::methods::construct(interp, "list", rest)?;
            let Value::List(ref new) = made else {
                return Ok(Value::None);
            };
            let items = std::mem::take(&mut *new.borrow_mut());
            *l.borrow_mut() = items;
        }
        Value::Set(s) => {
            let made = crate::methods::construct(interp, "set", rest)?;
            let Value::Set(ref new) = made else {
                return Ok(Value::None);
            };
            let items = std::mem::take(&mut *new.borrow_mut());
            *s.borrow_mut() = items;
        }
        Value::Dict(d) => {
            let made = crate::methods::construct(interp, "dict", rest)?;
            let Value::Dict(ref new) = made else {
                return Ok(Value::None);
            };
            let items = std::mem::take(&mut *new.borrow_mut());
            d.borrow_mut().extend(items);
        }
        _ => {}
    }
    Ok(Value::None)
}

// --------------------------------------------------------- instantiation

/// Calls a class: built-in constructors, exceptions, user classes.
///
/// `type(name, bases, dict, **kw)`: a class made as a class statement
/// would make it.
fn type_new(interp: &Interp, a: Args) -> Result<Value, Exc> {
    if a.pos.len() != 3 {
        return Err(Exc::type_error("type() takes 1 or 3 arguments"));
    }
    let wrong = |n: usize, want: &str, v: &Value| {
        Exc::type_error(format!(
            "type.__new__() argument {n} must be {want}, not {}",
            v.type_name()
        ))
    };
    let Value::Str(ref name) = a.pos[0] else {
        return Err(wrong(1, "str", &a.pos[0]));
    };
    let Value::Tuple(ref bases) = a.pos[1] else {
        return Err(wrong(2, "tuple", &a.pos[1]));
    };
    let Value::Dict(ref ns) = a.pos[2] else {
        return Err(wrong(3, "dict", &a.pos[2]));
    };
    if bases.iter().any(|b| !matches!(b, Value::Class(_))) {
        return Err(Exc::type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
        ));
    }
    let dict: crate::value::Names = ns
        .borrow()
        .iter()
        .filter_map(|(k, v)| match &k.0 {
            Value::Str(s) => Some((s.clone(), v.clone())),
            _ => None,
        })
        .collect();
    let module: Rc<str> = match dict.get("__module__") {
        Some(Value::Str(m)) => m.clone(),
        _ => "__main__".into(),
    };
    let qualname: Rc<str> = match dict.get("__qualname__") {
        Some(Value::Str(q)) => q.clone(),
        _ => name.clone(),
    };
    let mut dict = dict;
    dict.entry("__module__".into())
        .or_insert_with(|| Value::Str(module.clone()));
    interp.build_class(name, qualname, module, bases, dict, a.kw, None)
}

impl Interp {
    /// Makes a class from its parts (a class statement once its body ran,
    /// or `type(name, bases, dict)`): checks the bases, computes the method
    /// resolution order, fills the body's `super()` cell, calls
    /// `__set_name__` on the attributes that have it and the bases'
    /// `__init_subclass__` with the keywords, as `type.__new__` does.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn build_class(
        &self,
        name: &Rc<str>,
        qualname: Rc<str>,
        module: Rc<str>,
        bases: &[Value],
        mut dict: crate::value::Names,
        kw: Vec<(Rc<str>, Value)>,
        cell: Option<crate::value::ClassCell>,
    ) -> Result<Value, Exc> {
        if let Some(slots) = dict.get("__slots__").cloned() {
            let names = crate::attr::slot_names(self, &slots)?;
            crate::attr::add_members(name, &names, &mut dict)?;
        }
        let mut classes: Vec<Rc<Class>> = Vec::with_capacity(bases.len());
        for b in bases {
            match b {
                Value::Class(c) => {
                    if classes.iter().any(|k| Rc::ptr_eq(k, c)) {
                        return Err(Exc::type_error(format!("duplicate base class {}", c.name)));
                    }
                    classes.push(c.clone());
                }
                other => {
                    return Err(Exc::type_error(format!(
                        "bases must be types, not {}",
                        other.type_name()
                    )))
                }
            }
        }
        if classes.is_empty() {
            classes.push(crate::classes::object_class());
        }
        // At most one built-in layout among the bases (an exception, an
        // `int`, a `list`, ...): an instance carries one built-in value.
        let mut layout: Option<BuiltinType> = None;
        for base in &classes {
            use BuiltinType as B;
            let Some(root) = base.builtin_root() else {
                continue;
            };
            match root {
                B::Object => continue,
                B::Bool | B::NoneType | B::Function => {
                    return Err(Exc::type_error(format!(
                        "type '{}' is not an acceptable base type",
                        base.name
                    )))
                }
                B::Type | B::Native => {
                    return Err(Exc::unsupported(format!(
                        "subclassing the built-in type '{}'",
                        base.name
                    )))
                }
                _ => {}
            }
            if layout.is_some_and(|l| l != root) {
                return Err(Exc::type_error(
                    "multiple bases have instance lay-out conflict",
                ));
            }
            layout = Some(root);
        }
        let mro = crate::value::c3_merge(&classes).map_err(|heads| {
            Exc::type_error(format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                heads.join(", ")
            ))
        })?;
        let mut classes = classes.into_iter();
        let base = classes.next();
        let extra_bases: Vec<Rc<Class>> = classes.collect();
        let class = Rc::new(Class {
            name: name.clone(),
            qualname,
            base,
            extra_bases,
            mro,
            dict: crate::value::ClassDict::new(dict),
            builtin: None,
            module,
            tp_name: Default::default(),
        });
        // The body's functions find the class for `super()` in their cell.
        if let Some(cell) = cell {
            *cell.borrow_mut() = Rc::downgrade(&class);
        }
        let cv = Value::Class(class.clone());
        // Then each attribute's `__set_name__` (descriptors learning their
        // name), before `__init_subclass__`.
        let named: Vec<(Rc<str>, Value, Value)> = class
            .dict
            .borrow()
            .iter()
            .filter_map(|(k, v)| {
                crate::attr::descriptor_hook(v, "__set_name__").map(|h| (k.clone(), v.clone(), h))
            })
            .collect();
        for (k, v, hook) in named {
            let owner = v.type_name();
            if let Err(e) = self.call(&hook, Args::new(vec![v, cv.clone(), Value::Str(k.clone())]))
            {
                // 3.11 wraps the error (3.12 lets it through).
                let wrapped = Exc::runtime_error(format!(
                    "Error calling __set_name__ on '{owner}' instance '{k}' in '{name}'"
                ));
                *wrapped.state().cause.borrow_mut() = Some(e);
                wrapped.state().suppress_context.set(true);
                return Err(wrapped);
            }
        }
        // `type.__new__` calls the base's `__init_subclass__` (an implicit
        // class method) with the new class.
        if let Some(hook) = class
            .mro
            .iter()
            .find_map(|b| b.dict.borrow().get("__init_subclass__").cloned())
        {
            let f = unwrap_descriptor(&hook);
            self.call(
                &f,
                Args {
                    pos: vec![cv.clone()],
                    kw,
                },
            )?;
        } else if !kw.is_empty() {
            return Err(Exc::type_error(format!(
                "{name}.__init_subclass__() takes no keyword arguments"
            )));
        }
        Ok(cv)
    }
}

/// Whether `v` is a function marked `@abstractmethod`.
fn is_abstract(v: &Value) -> bool {
    match unwrap_descriptor(v) {
        Value::Function(ref f) => matches!(
            f.attrs.borrow().get("__isabstractmethod__"),
            Some(Value::Bool(true))
        ),
        _ => false,
    }
}

/// The `TypeError` for instantiating `class` when it derives from
/// `abc.ABC` and leaves abstract methods unimplemented (checked when the
/// instance is made, so a class with its own `__init__` is checked too).
pub(crate) fn abstract_error(class: &Rc<Class>) -> Option<Exc> {
    let mut chain = Vec::new();
    let mut is_abc = false;
    for c in class.ancestry() {
        // `abc.ABC` or a class made with `metaclass=ABCMeta`.
        is_abc |=
            (&*c.name == "ABC" && &*c.module == "abc") || c.dict.borrow().contains_key("_abc_impl");
        chain.push(c.clone());
    }
    if !is_abc {
        return None;
    }
    let mut abstract_names: Vec<Rc<str>> = Vec::new();
    for c in chain.iter().rev() {
        for (name, v) in c.dict.borrow().iter() {
            if is_abstract(v) {
                if !abstract_names.contains(name) {
                    abstract_names.push(name.clone());
                }
            } else {
                abstract_names.retain(|n| n != name);
            }
        }
    }
    if abstract_names.is_empty() {
        return None;
    }
    abstract_names.sort();
    Some(Exc::type_error(format!(
        "Can't instantiate abstract class {} with abstract method{} {}",
        class.name,
        if abstract_names.len() == 1 { "" } else { "s" },
        abstract_names.join(", ")
    )))
}

/// Where `print()` sends its text.
pub(crate) enum PrintTarget {
    /// The program's own standard output or error.
    Std(looplab_core::trace::Stream),
    /// An object whose `write` method takes the text (`io.StringIO`, an
    /// open file, a class of the program's own).
    Object(Value),
}

/// # Errors
///
/// What the constructor or `__init__` raises.
pub fn instantiate(interp: &Interp, c: &Rc<Class>, args: Args) -> Result<Value, Exc> {
    if let Some(b) = c.builtin {
        return match b {
            BuiltinType::Exception => {
                if c.is_subclass(&crate::exc::class("BaseExceptionGroup"))
                    || c.is_subclass(&crate::exc::class("ExceptionGroup"))
                {
                    return make_group(interp, c, args);
                }
                Ok(Exc::new(c.clone(), args.pos).value())
            }
            BuiltinType::Object => Ok(Value::Object(Rc::new(Object {
                class: c.clone(),
                dict: RefCell::new(IndexMap::default()),
                exc: None,
                inner: None,
            }))),
            // `asyncio.Future()`: the one native class programs build.
            BuiltinType::Native if &*c.name == "frozenset" => {
                crate::frozenset::b_frozenset(interp, args)
            }
            BuiltinType::Native if &*c.name == "bytearray" => {
                crate::bytearray::b_bytearray(interp, args)
            }
            BuiltinType::Native if &*c.name == "Future" => interp.new_asyncio_future(args),
            BuiltinType::Native => Err(Exc::type_error(format!(
                "cannot create '{}' instances",
                c.name
            ))),
            BuiltinType::Type if args.pos.len() == 1 && args.kw.is_empty() => {
                Ok(class_of(&args.pos[0]))
            }
            BuiltinType::Type => type_new(interp, args),
            _ => crate::methods::construct(interp, &c.name, args),
        };
    }
    // A user class.
    let root = c.builtin_root();
    let is_exc = root == Some(BuiltinType::Exception);
    let user_new = if is_exc { None } else { c.lookup("__new__") };
    let container = matches!(
        root,
        Some(BuiltinType::List | BuiltinType::Dict | BuiltinType::Set)
    );
    let copy = |a: &Args| Args {
        pos: a.pos.clone(),
        kw: a.kw.clone(),
    };
    let inst = if let Some(new) = &user_new {
        let mut a = copy(&args);
        a.pos.insert(0, Value::Class(c.clone()));
        let inst = interp.call(&unwrap_descriptor(new), a)?;
        // `__init__` runs only on an instance of the class.
        if !is_instance(&inst, c) {
            return Ok(inst);
        }
        inst
    } else if is_exc {
        let e = Exc::new(c.clone(), args.pos.clone());
        e.value()
    } else if root == Some(BuiltinType::Object) {
        Value::Object(Rc::new(Object {
            class: c.clone(),
            dict: RefCell::new(IndexMap::default()),
            exc: None,
            inner: None,
        }))
    } else if container {
        bare_instance(interp, c, Args::default(), false)?
    } else {
        bare_instance(interp, c, copy(&args), false)?
    };
    if let Some(e) = abstract_error(c) {
        return Err(e);
    }
    if container && c.lookup("__init__").is_none() {
        let mut a = args;
        a.pos.insert(0, inst.clone());
        builtin_init(interp, a)?;
        return Ok(inst);
    }
    if let Some(init) = c.lookup("__init__") {
        let mut a = args;
        a.pos.insert(0, inst.clone());
        let r = interp.call(&init, a)?;
        if !matches!(r, Value::None) {
            return Err(Exc::type_error(format!(
                "__init__() should return None, not '{}'",
                r.type_name()
            )));
        }
    } else if !is_exc
        && user_new.is_none()
        && root == Some(BuiltinType::Object)
        && (!args.pos.is_empty() || !args.kw.is_empty())
    {
        return Err(Exc::type_error(format!("{}() takes no arguments", c.name)));
    }
    Ok(inst)
}

fn exception_init(_: &Interp, a: Args) -> Result<Value, Exc> {
    if let Some(Value::Object(o)) = a.pos.first() {
        if let Some(st) = &o.exc {
            *st.args.borrow_mut() = a.pos[1..].to_vec();
        }
    }
    Ok(Value::None)
}

fn make_group(interp: &Interp, c: &Rc<Class>, args: Args) -> Result<Value, Exc> {
    let msg = match args.pos.first() {
        Some(Value::Str(s)) => s.clone(),
        _ => {
            return Err(Exc::type_error(
                "BaseExceptionGroup() argument 1 must be str",
            ))
        }
    };
    let items = interp.collect(&arg(&args, 1, "ExceptionGroup")?)?;
    if items.is_empty() {
        return Err(Exc::value_error(
            "second argument (exceptions) must be a non-empty sequence",
        ));
    }
    let mut excs = Vec::with_capacity(items.len());
    for (i, v) in items.into_iter().enumerate() {
        match &v {
            Value::Object(o) if o.exc.is_some() => excs.push(Exc(o.clone())),
            _ => {
                return Err(Exc::value_error(format!(
                    "Item {i} of second argument (exceptions) is not an exception"
                )))
            }
        }
    }
    let e = Exc::new(c.clone(), args.pos.clone());
    *e.state().group.borrow_mut() = Some((msg, excs));
    Ok(e.value())
}

/// An `ExceptionGroup` (or `BaseExceptionGroup` if any member is not an
/// `Exception`).
pub fn exception_group(msg: Rc<str>, excs: Vec<Exc>) -> Exc {
    let all_exceptions = excs.iter().all(|e| e.is("Exception"));
    let class = crate::exc::class(if all_exceptions {
        "ExceptionGroup"
    } else {
        "BaseExceptionGroup"
    });
    let list = Value::list(excs.iter().map(|e| e.value()).collect());
    let e = Exc::new(class, vec![Value::Str(msg.clone()), list]);
    *e.state().group.borrow_mut() = Some((msg, excs));
    e
}

/// Splits an exception (group) by `pred`, keeping the nesting and messages
/// of groups: `(matching part, the rest)`, as `BaseExceptionGroup.split`.
pub fn split_group(e: &Exc, pred: &mut dyn FnMut(&Exc) -> bool) -> (Option<Exc>, Option<Exc>) {
    let group = e.state().group.borrow().clone();
    let Some((msg, subs)) = group else {
        return if pred(e) {
            (Some(e.clone()), None)
        } else {
            (None, Some(e.clone()))
        };
    };
    if pred(e) {
        return (Some(e.clone()), None);
    }
    let (mut yes, mut no) = (Vec::new(), Vec::new());
    for s in &subs {
        let (m, r) = split_group(s, pred);
        yes.extend(m);
        no.extend(r);
    }
    let rebuild = |items: Vec<Exc>| -> Option<Exc> {
        if items.is_empty() {
            None
        } else if items.len() == subs.len()
            && items
                .iter()
                .zip(subs.iter())
                .all(|(a, b)| Rc::ptr_eq(&a.0, &b.0))
        {
            Some(e.clone())
        } else {
            Some(group_like(e, msg.clone(), items))
        }
    };
    (rebuild(yes), rebuild(no))
}

/// A new group of the same class as `model`, with `items`.
fn group_like(model: &Exc, msg: Rc<str>, items: Vec<Exc>) -> Exc {
    let list = Value::list(items.iter().map(|e| e.value()).collect());
    let g = Exc::new(model.class().clone(), vec![Value::Str(msg.clone()), list]);
    *g.state().group.borrow_mut() = Some((msg, items));
    g
}

/// `ExceptionGroup('', (e,))`: a naked exception caught by `except*`.
pub fn wrap_naked(e: Exc) -> Exc {
    let all_exceptions = e.is("Exception");
    let class = crate::exc::class(if all_exceptions {
        "ExceptionGroup"
    } else {
        "BaseExceptionGroup"
    });
    let g = Exc::new(class, vec![Value::str(""), Value::tuple(vec![e.value()])]);
    *g.state().group.borrow_mut() = Some(("".into(), vec![e]));
    g
}

fn group_split(interp: &Interp, a: Args, which: u8) -> Result<Value, Exc> {
    let this = a.pos.first().cloned().unwrap_or(Value::None);
    let cond = a.pos.get(1).cloned().unwrap_or(Value::None);
    let Value::Object(o) = &this else {
        return Err(Exc::type_error("expected an exception group"));
    };
    let e = Exc(o.clone());
    let mut failure = None;
    let mut pred = |x: &Exc| -> bool {
        let r = match &cond {
            Value::Class(_) | Value::Tuple(_) => class_matches(&x.value(), &cond),
            f => interp
                .call(f, Args::new(vec![x.value()]))
                .and_then(|v| interp.truthy(&v)),
        };
        match r {
            Ok(b) => b,
            Err(err) => {
                failure = Some(err);
                false
            }
        }
    };
    let (m, r) = split_group(&e, &mut pred);
    if let Some(err) = failure {
        return Err(err);
    }
    let v = |x: Option<Exc>| x.map(|e| e.value()).unwrap_or(Value::None);
    Ok(if which == 0 {
        Value::tuple(vec![v(m), v(r)])
    } else {
        v(m)
    })
}

/// What attribute lookup (`attr`, below this module) asks of the built-in
/// types: their methods and attributes.
impl Interp {
    /// [`exception_attr`]: an exception's built-in attribute.
    pub(crate) fn exception_attr(&self, obj: &Value, name: &str) -> Result<Option<Value>, Exc> {
        exception_attr(self, obj, name)
    }

    /// [`set_exception_attr`]: sets an exception's built-in attribute.
    pub(crate) fn set_exception_attr(&self, obj: &Value, name: &str, value: &Value) -> bool {
        set_exception_attr(obj, name, value)
    }

    /// [`value_method`]: a built-in value's method, bound.
    #[inline]
    pub(crate) fn value_method(&self, v: &Value, name: &str) -> Option<Value> {
        value_method(v, name)
    }

    /// [`object_method`]: `object`'s own methods on an instance.
    #[inline]
    pub(crate) fn object_method(&self, obj: &Value, name: &str) -> Option<Value> {
        object_method(obj, name)
    }

    /// [`class_attr`]: a built-in attribute of a class.
    pub(crate) fn class_attr(&self, c: &Rc<Class>, name: &str) -> Option<Value> {
        class_attr(self, c, name)
    }
}

/// Attributes of exception instances.
///
/// # Errors
///
/// None today; kept fallible for future attributes.
pub fn exception_attr(_interp: &Interp, obj: &Value, name: &str) -> Result<Option<Value>, Exc> {
    let Value::Object(o) = obj else {
        return Ok(None);
    };
    let Some(st) = &o.exc else { return Ok(None) };
    Ok(match name {
        "args" => Some(Value::tuple(st.args.borrow().clone())),
        "__cause__" => Some(
            st.cause
                .borrow()
                .as_ref()
                .map(|e| e.value())
                .unwrap_or(Value::None),
        ),
        "__context__" => Some(
            st.context
                .borrow()
                .as_ref()
                .map(|e| e.value())
                .unwrap_or(Value::None),
        ),
        "__suppress_context__" => Some(Value::Bool(st.suppress_context.get())),
        "__traceback__" => Some(Value::None),
        "exceptions" => st
            .group
            .borrow()
            .as_ref()
            .map(|(_, subs)| Value::tuple(subs.iter().map(|e| e.value()).collect())),
        "message" => st
            .group
            .borrow()
            .as_ref()
            .map(|(m, _)| Value::Str(m.clone())),
        "value" if Exc(o.clone()).is("StopIteration") => {
            Some(st.args.borrow().first().cloned().unwrap_or(Value::None))
        }
        "code" if Exc(o.clone()).is("SystemExit") => {
            Some(st.args.borrow().first().cloned().unwrap_or(Value::None))
        }
        "split" if st.group.borrow().is_some() => Some(Value::Bound(Rc::new((
            obj.clone(),
            builtin("split", |i, a| group_split(i, a, 0)),
        )))),
        "subgroup" if st.group.borrow().is_some() => Some(Value::Bound(Rc::new((
            obj.clone(),
            builtin("subgroup", |i, a| group_split(i, a, 1)),
        )))),
        "add_note" => Some(Value::Bound(Rc::new((
            obj.clone(),
            builtin(name, |_, a| {
                let (Some(Value::Object(o)), Some(note)) = (a.pos.first(), a.pos.get(1)) else {
                    return Err(Exc::type_error(
                        "BaseException.add_note() takes exactly one argument",
                    ));
                };
                let Value::Str(_) = note else {
                    return Err(Exc::type_error(format!(
                        "note must be a str, not '{}'",
                        note.type_name()
                    )));
                };
                let mut d = o.dict.borrow_mut();
                match d.get("__notes__") {
                    Some(Value::List(l)) => l.borrow_mut().push(note.clone()),
                    _ => {
                        d.insert("__notes__".into(), Value::list(vec![note.clone()]));
                    }
                }
                Ok(Value::None)
            }),
        )))),
        "with_traceback" => Some(Value::Bound(Rc::new((
            obj.clone(),
            builtin(name, |_, a| {
                Ok(a.pos.first().cloned().unwrap_or(Value::None))
            }),
        )))),
        _ => None,
    })
}

/// Sets the special attributes of exceptions; false for ordinary ones.
pub fn set_exception_attr(obj: &Value, name: &str, value: &Value) -> bool {
    let Value::Object(o) = obj else { return false };
    let Some(st) = &o.exc else { return false };
    let as_exc = |v: &Value| match v {
        Value::Object(x) if x.exc.is_some() => Some(Exc(x.clone())),
        _ => None,
    };
    match name {
        "__cause__" => {
            *st.cause.borrow_mut() = as_exc(value);
            st.suppress_context.set(true);
            true
        }
        "__context__" => {
            *st.context.borrow_mut() = as_exc(value);
            true
        }
        "args" => {
            if let Value::Tuple(t) = value {
                *st.args.borrow_mut() = t.to_vec();
            }
            true
        }
        _ => false,
    }
}

impl Interp {
    /// [`dataclass_repr`], for `repr()` (in `format`, below this module).
    pub(crate) fn dataclass_repr(&self, v: &Value) -> Result<Option<String>, Exc> {
        dataclass_repr(self, v)
    }
}

/// `repr` of a dataclass instance, if it is one.
///
/// # Errors
///
/// What field reprs raise.
pub fn dataclass_repr(interp: &Interp, v: &Value) -> Result<Option<String>, Exc> {
    let Value::Object(o) = v else { return Ok(None) };
    let Some(Value::Tuple(ref fields)) = o.class.lookup("__dataclass_fields__") else {
        return Ok(None);
    };
    let mut parts = Vec::new();
    for f in fields.iter() {
        let name = crate::format::str_plain(f);
        let val = interp.getattr(v, &name)?;
        parts.push(format!("{name}={}", interp.repr(&val)?));
    }
    Ok(Some(format!("{}({})", o.class.qualname, parts.join(", "))))
}

/// `slice(stop)`, `slice(start, stop[, step])`.
fn b_slice(_: &Interp, a: Args) -> Result<Value, Exc> {
    if !a.kw.is_empty() {
        return Err(Exc::type_error("slice() takes no keyword arguments"));
    }
    let mut p = a.pos.into_iter();
    match p.len() {
        0 => Err(Exc::type_error("slice expected at least 1 argument, got 0")),
        1 => Ok(slice(
            Value::None,
            p.next().unwrap_or(Value::None),
            Value::None,
        )),
        2 | 3 => {
            let start = p.next().unwrap_or(Value::None);
            let stop = p.next().unwrap_or(Value::None);
            Ok(slice(start, stop, p.next().unwrap_or(Value::None)))
        }
        n => Err(Exc::type_error(format!(
            "slice expected at most 3 arguments, got {n}"
        ))),
    }
}
