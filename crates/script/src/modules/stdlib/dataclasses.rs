//! `dataclasses`: `@dataclass` (with `init`, `repr`, `eq`, `order`,
//! `frozen`, `unsafe_hash`, `kw_only`, `match_args`), `field`, `fields`,
//! `asdict`, `astuple`, `replace`, `is_dataclass`, `MISSING`, `KW_ONLY`
//! and `FrozenInstanceError`.
//!
//! Fields come from the class's `__annotations__` (name → annotation, in
//! definition order), as in CPython. The decorator records the field names
//! in `__dataclass_fields__` (a tuple: what the evaluator's fallback
//! `repr` reads) and the full specification in `__dataclass_specs__`.

use super::{
    bind_signature, call_builtin, func, make_module, new_class, not_implemented, params, set_slot,
    split_first, Param,
};
use crate::builtins::builtin_with;
use crate::exc::Exc;
use crate::interp::Interp;
use crate::ir::CmpOp;
use crate::value::*;
use std::any::Any;
use std::rc::{Rc, Weak};

/// The `dataclasses` module.
pub(super) fn module() -> Value {
    make_module(
        "dataclasses",
        vec![
            ("dataclass", func("dataclass", dataclass)),
            ("field", func("field", field)),
            ("fields", func("fields", fields_fn)),
            ("asdict", func("asdict", |i, a| convert(i, a, false))),
            ("astuple", func("astuple", |i, a| convert(i, a, true))),
            ("replace", func("replace", replace)),
            (
                "is_dataclass",
                func("is_dataclass", |_, a| {
                    Ok(Value::Bool(a.pos.first().and_then(specs_of).is_some()))
                }),
            ),
            ("MISSING", missing()),
            ("KW_ONLY", kw_only_marker()),
            ("FrozenInstanceError", Value::Class(frozen_error())),
        ],
    )
}

/// A sentinel value (`MISSING`, `KW_ONLY`).
struct Sentinel(&'static str);

impl Native for Sentinel {
    fn type_name(&self) -> &'static str {
        self.0
    }
    fn repr(&self) -> String {
        format!(
            "<dataclasses.{} object at {}>",
            self.0,
            crate::format::address(self as *const Self)
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

thread_local! {
    static MISSING: Value = Value::Native(Rc::new(Sentinel("_MISSING_TYPE")));
    static KW_ONLY: Value = Value::Native(Rc::new(Sentinel("_KW_ONLY_TYPE")));
    static FROZEN: Rc<Class> = new_class("FrozenInstanceError", "dataclasses", Some(crate::exc::class("AttributeError")), vec![]);
}

fn missing() -> Value {
    MISSING.with(|m| m.clone())
}

fn kw_only_marker() -> Value {
    KW_ONLY.with(|m| m.clone())
}

fn frozen_error() -> Rc<Class> {
    FROZEN.with(|c| c.clone())
}

fn is_missing(v: &Value) -> bool {
    v.is(&missing())
}

/// One field's specification (a `Field` object).
#[derive(Clone)]
struct Spec {
    name: Rc<str>,
    ty: Value,
    default: Option<Value>,
    factory: Option<Value>,
    init: bool,
    repr: bool,
    compare: bool,
    hash: Value,
    kw_only: Option<bool>,
    metadata: Value,
}

impl Native for Spec {
    fn type_name(&self) -> &'static str {
        "Field"
    }
    fn repr(&self) -> String {
        let show = |v: &Option<Value>| {
            v.as_ref()
                .map(crate::format::repr_plain)
                .unwrap_or_else(|| "<dataclasses._MISSING_TYPE object>".into())
        };
        format!(
            "Field(name={},type={},default={},default_factory={},init={},repr={},hash={},compare={},metadata={},kw_only={})",
            crate::format::str_repr(&self.name),
            crate::format::repr_plain(&self.ty),
            show(&self.default),
            show(&self.factory),
            py_bool(self.init),
            py_bool(self.repr),
            crate::format::repr_plain(&self.hash),
            py_bool(self.compare),
            crate::format::repr_plain(&self.metadata),
            self.kw_only.map(py_bool).unwrap_or("<dataclasses._MISSING_TYPE object>"),
        )
    }
    fn get_attr(&self, _this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        Some(match name {
            "name" => Value::Str(self.name.clone()),
            "type" => self.ty.clone(),
            "default" => self.default.clone().unwrap_or_else(missing),
            "default_factory" => self.factory.clone().unwrap_or_else(missing),
            "init" => Value::Bool(self.init),
            "repr" => Value::Bool(self.repr),
            "compare" => Value::Bool(self.compare),
            "hash" => self.hash.clone(),
            "kw_only" => self.kw_only.map(Value::Bool).unwrap_or_else(missing),
            "metadata" => self.metadata.clone(),
            _ => return None,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// What the decorator recorded about a class.
struct Info {
    class: Weak<Class>,
    qualname: Rc<str>,
    fields: Vec<Spec>,
}

impl Native for Info {
    fn type_name(&self) -> &'static str {
        "_DataclassSpecs"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn field(interp: &Interp, a: Args) -> Result<Value, Exc> {
    if !a.pos.is_empty() {
        return Err(Exc::type_error(format!(
            "field() takes 0 positional arguments but {} were given",
            a.pos.len()
        )));
    }
    let p = params(
        "field",
        &[
            "default",
            "default_factory",
            "init",
            "repr",
            "hash",
            "compare",
            "metadata",
            "kw_only",
        ],
        a,
    )?;
    let opt = |v: &Option<Value>| v.clone().filter(|x| !is_missing(x));
    let flag = |v: &Option<Value>, d: bool| -> Result<bool, Exc> {
        match v {
            Some(x) => interp.truthy(x),
            None => Ok(d),
        }
    };
    let default = opt(&p[0]);
    let factory = opt(&p[1]);
    if default.is_some() && factory.is_some() {
        return Err(Exc::value_error(
            "cannot specify both default and default_factory",
        ));
    }
    let kw_only = match opt(&p[7]) {
        Some(v) => Some(interp.truthy(&v)?),
        None => None,
    };
    Ok(Value::Native(Rc::new(Spec {
        name: "".into(),
        ty: Value::None,
        default,
        factory,
        init: flag(&p[2], true)?,
        repr: flag(&p[3], true)?,
        hash: p[4].clone().unwrap_or(Value::None),
        compare: flag(&p[5], true)?,
        metadata: p[6]
            .clone()
            .filter(|v| !matches!(v, Value::None))
            .unwrap_or_else(|| Value::dict(Dict::default())),
        kw_only,
    })))
}

/// Decorator options.
#[derive(Clone, Copy)]
struct Opts {
    init: bool,
    repr: bool,
    eq: bool,
    order: bool,
    unsafe_hash: bool,
    frozen: bool,
    match_args: bool,
    kw_only: bool,
}

const OPT_NAMES: [&str; 10] = [
    "cls",
    "init",
    "repr",
    "eq",
    "order",
    "unsafe_hash",
    "frozen",
    "match_args",
    "kw_only",
    "slots",
];

fn dataclass(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let p = params("dataclass", &OPT_NAMES, a)?;
    let flag = |i: usize, d: bool| -> Result<bool, Exc> {
        match &p[i] {
            Some(v) => interp.truthy(v),
            None => Ok(d),
        }
    };
    let opts = Opts {
        init: flag(1, true)?,
        repr: flag(2, true)?,
        eq: flag(3, true)?,
        order: flag(4, false)?,
        unsafe_hash: flag(5, false)?,
        frozen: flag(6, false)?,
        match_args: flag(7, true)?,
        kw_only: flag(8, false)?,
    };
    match &p[0] {
        Some(Value::Class(c)) => process(interp, c, opts),
        Some(Value::None) | None => {
            let data = Value::tuple(
                [
                    opts.init,
                    opts.repr,
                    opts.eq,
                    opts.order,
                    opts.unsafe_hash,
                    opts.frozen,
                    opts.match_args,
                    opts.kw_only,
                ]
                .into_iter()
                .map(Value::Bool)
                .collect(),
            );
            Ok(builtin_with("dataclass", wrap, data))
        }
        Some(other) => Err(Exc::type_error(format!(
            "dataclass() should be called on a class, not '{}'",
            other.type_name()
        ))),
    }
}

fn wrap(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (data, a) = split_first(a);
    let Value::Tuple(ref t) = data else {
        return Err(Exc::type_error("dataclass"));
    };
    let b = |i: usize| matches!(t.get(i), Some(Value::Bool(true)));
    let opts = Opts {
        init: b(0),
        repr: b(1),
        eq: b(2),
        order: b(3),
        unsafe_hash: b(4),
        frozen: b(5),
        match_args: b(6),
        kw_only: b(7),
    };
    match a.pos.first() {
        Some(Value::Class(c)) => process(interp, c, opts),
        Some(other) => Err(Exc::type_error(format!(
            "dataclass() should be called on a class, not '{}'",
            other.type_name()
        ))),
        None => Err(Exc::type_error("dataclass() missing the class to decorate")),
    }
}

/// The specifications recorded on a dataclass (or its instance).
fn specs_of(v: &Value) -> Option<Vec<Spec>> {
    let c = match v {
        Value::Class(c) => c.clone(),
        Value::Object(o) => o.class.clone(),
        _ => return None,
    };
    let info = c.lookup("__dataclass_specs__")?;
    native_ref::<Info>(&info).map(|i| i.fields.clone())
}

/// `_: KW_ONLY`: the annotation is the sentinel, or (class annotations are
/// kept as their source text) its name.
fn is_kw_only_marker(ty: &Value) -> bool {
    match ty {
        Value::Str(s) => &**s == "KW_ONLY" || &**s == "dataclasses.KW_ONLY",
        other => other.is(&kw_only_marker()),
    }
}

fn is_classvar(ty: &Value) -> bool {
    match ty {
        Value::Native(n) if n.type_name() == "typing" => n.repr().starts_with("typing.ClassVar"),
        Value::Str(s) => s.starts_with("ClassVar") || s.starts_with("typing.ClassVar"),
        _ => false,
    }
}

fn is_mutable_default(v: &Value) -> bool {
    matches!(v, Value::List(_) | Value::Dict(_) | Value::Set(_))
}

fn process(interp: &Interp, cls: &Rc<Class>, opts: Opts) -> Result<Value, Exc> {
    if opts.order && !opts.eq {
        return Err(Exc::value_error("eq must be true if order is true"));
    }
    // Fields of dataclass bases, outermost first.
    let chain: Vec<Rc<Class>> = cls.mro.clone();
    let mut fields: Vec<Spec> = Vec::new();
    for b in chain.iter().rev() {
        if let Some(info) = b.dict.borrow().get("__dataclass_specs__") {
            if let Some(info) = native_ref::<Info>(info) {
                for f in &info.fields {
                    match fields.iter_mut().find(|x| x.name == f.name) {
                        Some(slot) => *slot = f.clone(),
                        None => fields.push(f.clone()),
                    }
                }
            }
        }
    }
    let annotations: Vec<(Value, Value)> = match cls.dict.borrow().get("__annotations__") {
        Some(Value::Dict(d)) => d
            .borrow()
            .iter()
            .map(|(k, v)| (k.0.clone(), v.clone()))
            .collect(),
        _ => Vec::new(),
    };
    let mut kw_only = opts.kw_only;
    for (name, ty) in annotations {
        let name: Rc<str> = match name {
            Value::Str(ref s) => s.clone(),
            ref other => crate::format::str_plain(other).into(),
        };
        if is_kw_only_marker(&ty) {
            kw_only = true;
            continue;
        }
        if is_classvar(&ty) {
            continue;
        }
        let attr = cls.dict.borrow().get(&name).cloned();
        let mut spec = match attr.as_ref().and_then(native_ref::<Spec>) {
            Some(s) => {
                let s = s.clone();
                match &s.default {
                    Some(d) => {
                        cls.dict.borrow_mut().insert(name.clone(), d.clone());
                    }
                    None => {
                        cls.dict.borrow_mut().shift_remove(&name);
                    }
                }
                s
            }
            None => Spec {
                name: name.clone(),
                ty: Value::None,
                default: attr.clone(),
                factory: None,
                init: true,
                repr: true,
                compare: true,
                hash: Value::None,
                kw_only: None,
                metadata: Value::dict(Dict::default()),
            },
        };
        spec.name = name.clone();
        spec.ty = ty;
        if spec.kw_only.is_none() {
            spec.kw_only = Some(kw_only);
        }
        if let Some(d) = &spec.default {
            if is_mutable_default(d) {
                return Err(Exc::value_error(format!(
                    "mutable default {} for field {name} is not allowed: use default_factory",
                    super::type_repr(d)
                )));
            }
        }
        match fields.iter_mut().find(|x| x.name == name) {
            Some(slot) => *slot = spec,
            None => fields.push(spec),
        }
    }
    // Required positional parameters cannot follow ones with defaults.
    let mut seen_default = false;
    for f in fields.iter().filter(|f| f.init && f.kw_only != Some(true)) {
        let has_default = f.default.is_some() || f.factory.is_some();
        if has_default {
            seen_default = true;
        } else if seen_default {
            return Err(Exc::type_error(format!(
                "non-default argument '{}' follows default argument",
                f.name
            )));
        }
    }
    let info = Value::Native(Rc::new(Info {
        class: Rc::downgrade(cls),
        qualname: cls.qualname.clone(),
        fields: fields.clone(),
    }));
    let own = |name: &str| cls.dict.borrow().contains_key(name);
    let set = |name: &str, v: Value| {
        cls.dict.borrow_mut().insert(name.into(), v);
    };
    set("__dataclass_specs__", info.clone());
    set(
        "__dataclass_fields__",
        Value::tuple(fields.iter().map(|f| Value::Str(f.name.clone())).collect()),
    );
    if opts.init && !own("__init__") {
        set("__init__", builtin_with("__init__", dc_init, info.clone()));
    }
    if opts.repr && !own("__repr__") {
        set("__repr__", builtin_with("__repr__", dc_repr, info.clone()));
    }
    if opts.eq && !own("__eq__") {
        set(
            "__eq__",
            builtin_with("__eq__", |i, a| dc_compare(i, a, CmpOp::Eq), info.clone()),
        );
    }
    if opts.order {
        let ops: [(&str, BuiltinFn); 4] = [
            ("__lt__", |i, a| dc_compare(i, a, CmpOp::Lt)),
            ("__le__", |i, a| dc_compare(i, a, CmpOp::LtE)),
            ("__gt__", |i, a| dc_compare(i, a, CmpOp::Gt)),
            ("__ge__", |i, a| dc_compare(i, a, CmpOp::GtE)),
        ];
        for (name, f) in ops {
            if own(name) {
                return Err(Exc::type_error(format!(
                    "Cannot overwrite attribute {name} in class {}. Consider using functools.total_ordering",
                    cls.name
                )));
            }
            set(name, builtin_with(name, f, info.clone()));
        }
    }
    if opts.frozen {
        for name in ["__setattr__", "__delattr__"] {
            if own(name) {
                return Err(Exc::type_error(format!(
                    "Cannot overwrite attribute {name} in class {}",
                    cls.name
                )));
            }
        }
        set(
            "__setattr__",
            builtin_with("__setattr__", dc_frozen_set, info.clone()),
        );
        set(
            "__delattr__",
            builtin_with("__delattr__", dc_frozen_del, info.clone()),
        );
    }
    if (opts.unsafe_hash || (opts.eq && opts.frozen)) && !own("__hash__") {
        set("__hash__", builtin_with("__hash__", dc_hash, info.clone()));
    }
    if opts.match_args && !own("__match_args__") {
        let names = fields
            .iter()
            .filter(|f| f.init && f.kw_only != Some(true))
            .map(|f| Value::Str(f.name.clone()))
            .collect();
        set("__match_args__", Value::tuple(names));
    }
    let _ = interp;
    Ok(Value::Class(cls.clone()))
}

fn info_of(v: &Value) -> Result<&Info, Exc> {
    native_ref::<Info>(v)
        .ok_or_else(|| Exc::type_error("dataclass method without its specification"))
}

fn dc_init(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (info_v, a) = split_first(a);
    let (inst, a) = split_first(a);
    let info = info_of(&info_v)?;
    let init: Vec<&Spec> = info.fields.iter().filter(|f| f.init).collect();
    let ps: Vec<Param> = init
        .iter()
        .map(|f| Param {
            name: f.name.clone(),
            has_default: f.default.is_some() || f.factory.is_some(),
            kw_only: f.kw_only == Some(true),
        })
        .collect();
    // Keyword-only parameters come after all the positional ones.
    let bound = bind_signature(&format!("{}.__init__", info.qualname), &ps, a)?;
    for (f, v) in init.iter().zip(bound) {
        let v = match (v, &f.default, &f.factory) {
            (Some(v), _, _) => v,
            (None, Some(d), _) => d.clone(),
            (None, None, Some(fac)) => interp.call(fac, Args::default())?,
            (None, None, None) => continue,
        };
        set_slot(&inst, &f.name, v);
    }
    for f in info.fields.iter().filter(|f| !f.init) {
        if let Some(fac) = &f.factory {
            let v = interp.call(fac, Args::default())?;
            set_slot(&inst, &f.name, v);
        } else if let Some(d) = &f.default {
            set_slot(&inst, &f.name, d.clone());
        }
    }
    if let Value::Object(o) = &inst {
        if let Some(post) = o.class.lookup("__post_init__") {
            interp.call(&post, Args::new(vec![inst.clone()]))?;
        }
    }
    Ok(Value::None)
}

fn dc_repr(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (info_v, a) = split_first(a);
    let info = info_of(&info_v)?;
    let inst = a.pos.first().cloned().unwrap_or(Value::None);
    let mut parts = Vec::new();
    for f in info.fields.iter().filter(|f| f.repr) {
        let v = interp.getattr(&inst, &f.name)?;
        parts.push(format!("{}={}", f.name, interp.repr(&v)?));
    }
    let qualname = match &inst {
        Value::Object(o) => o.class.qualname.clone(),
        _ => info.qualname.clone(),
    };
    Ok(Value::str(format!("{qualname}({})", parts.join(", "))))
}

fn compare_tuple(interp: &Interp, info: &Info, v: &Value) -> Result<Value, Exc> {
    let mut out = Vec::new();
    for f in info.fields.iter().filter(|f| f.compare) {
        out.push(interp.getattr(v, &f.name)?);
    }
    Ok(Value::tuple(out))
}

fn dc_compare(interp: &Interp, a: Args, op: CmpOp) -> Result<Value, Exc> {
    let (info_v, a) = split_first(a);
    let info = info_of(&info_v)?;
    let (Some(x), Some(y)) = (a.pos.first(), a.pos.get(1)) else {
        return Err(Exc::type_error("comparison needs two operands"));
    };
    let same_class =
        matches!((x, y), (Value::Object(p), Value::Object(q)) if Rc::ptr_eq(&p.class, &q.class));
    if !same_class {
        return Ok(not_implemented(interp));
    }
    let (tx, ty) = (
        compare_tuple(interp, info, x)?,
        compare_tuple(interp, info, y)?,
    );
    interp.compare(op, &tx, &ty)
}

fn dc_hash(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (info_v, a) = split_first(a);
    let info = info_of(&info_v)?;
    let inst = a.pos.first().cloned().unwrap_or(Value::None);
    let t = compare_tuple(interp, info, &inst)?;
    call_builtin(interp, "hash", Args::new(vec![t]))
}

fn frozen_applies(info: &Info, inst: &Value, name: &str) -> bool {
    let exact = matches!((inst, info.class.upgrade()), (Value::Object(o), Some(c)) if Rc::ptr_eq(&o.class, &c));
    exact || info.fields.iter().any(|f| &*f.name == name)
}

fn dc_frozen_set(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (info_v, a) = split_first(a);
    let info = info_of(&info_v)?;
    let (Some(inst), Some(Value::Str(name)), Some(v)) = (a.pos.first(), a.pos.get(1), a.pos.get(2))
    else {
        return Err(Exc::type_error("__setattr__ expected 2 arguments"));
    };
    if frozen_applies(info, inst, name) {
        return Err(Exc::new(
            frozen_error(),
            vec![Value::str(format!(
                "cannot assign to field {}",
                crate::format::str_repr(name)
            ))],
        ));
    }
    set_slot(inst, name, v.clone());
    Ok(Value::None)
}

fn dc_frozen_del(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (info_v, a) = split_first(a);
    let info = info_of(&info_v)?;
    let (Some(inst), Some(Value::Str(name))) = (a.pos.first(), a.pos.get(1)) else {
        return Err(Exc::type_error("__delattr__ expected 1 argument"));
    };
    if frozen_applies(info, inst, name) {
        return Err(Exc::new(
            frozen_error(),
            vec![Value::str(format!(
                "cannot delete field {}",
                crate::format::str_repr(name)
            ))],
        ));
    }
    if let Value::Object(o) = inst {
        o.dict.borrow_mut().shift_remove(&**name);
    }
    Ok(Value::None)
}

fn fields_fn(_: &Interp, a: Args) -> Result<Value, Exc> {
    let v = a.pos.first().cloned().unwrap_or(Value::None);
    let specs = specs_of(&v)
        .ok_or_else(|| Exc::type_error("must be called with a dataclass type or instance"))?;
    Ok(Value::tuple(
        specs
            .into_iter()
            .map(|s| Value::Native(Rc::new(s)))
            .collect(),
    ))
}

fn convert_inner(interp: &Interp, v: &Value, as_tuple: bool, depth: u32) -> Result<Value, Exc> {
    if depth > 200 {
        return Err(Exc::of(
            "RecursionError",
            "maximum recursion depth exceeded",
        ));
    }
    if let Some(specs) = specs_of(v).filter(|_| matches!(v, Value::Object(_))) {
        let mut pairs = Vec::new();
        for f in &specs {
            let x = interp.getattr(v, &f.name)?;
            pairs.push((
                Value::Str(f.name.clone()),
                convert_inner(interp, &x, as_tuple, depth + 1)?,
            ));
        }
        return Ok(if as_tuple {
            Value::tuple(pairs.into_iter().map(|(_, x)| x).collect())
        } else {
            let mut d = Dict::default();
            for (k, x) in pairs {
                d.insert(Key(k), x);
            }
            Value::dict(d)
        });
    }
    Ok(match v {
        Value::List(l) => {
            let items = l.borrow().clone();
            Value::list(
                items
                    .iter()
                    .map(|x| convert_inner(interp, x, as_tuple, depth + 1))
                    .collect::<Result<_, _>>()?,
            )
        }
        Value::Tuple(t) => Value::tuple(
            t.iter()
                .map(|x| convert_inner(interp, x, as_tuple, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Dict(d) => {
            let items: Vec<(Value, Value)> = d
                .borrow()
                .iter()
                .map(|(k, x)| (k.0.clone(), x.clone()))
                .collect();
            let mut out = Dict::default();
            for (k, x) in items {
                out.insert(
                    Key::new(convert_inner(interp, &k, as_tuple, depth + 1)?)?,
                    convert_inner(interp, &x, as_tuple, depth + 1)?,
                );
            }
            Value::dict(out)
        }
        other => other.clone(),
    })
}

fn convert(interp: &Interp, a: Args, as_tuple: bool) -> Result<Value, Exc> {
    let v = a.pos.first().cloned().unwrap_or(Value::None);
    if specs_of(&v).is_none() || !matches!(v, Value::Object(_)) {
        return Err(Exc::type_error(format!(
            "{}() should be called on dataclass instances",
            if as_tuple { "astuple" } else { "asdict" }
        )));
    }
    let out = convert_inner(interp, &v, as_tuple, 0)?;
    if !as_tuple {
        if let Some(f) =
            a.kw.iter()
                .find(|(k, _)| &**k == "dict_factory")
                .map(|(_, f)| f.clone())
        {
            let pairs: Vec<Value> = match &out {
                Value::Dict(d) => d
                    .borrow()
                    .iter()
                    .map(|(k, x)| Value::tuple(vec![k.0.clone(), x.clone()]))
                    .collect(),
                _ => Vec::new(),
            };
            return interp.call(&f, Args::new(vec![Value::list(pairs)]));
        }
    }
    Ok(out)
}

fn replace(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (obj, a) = split_first(a);
    let Some(specs) = specs_of(&obj).filter(|_| matches!(obj, Value::Object(_))) else {
        return Err(Exc::type_error(
            "replace() should be called on dataclass instances",
        ));
    };
    let mut kw = a.kw;
    for f in &specs {
        let given = kw.iter().any(|(k, _)| *k == f.name);
        if !f.init {
            if given {
                return Err(Exc::value_error(format!(
                    "field {} is declared with init=False, it cannot be specified with replace()",
                    f.name
                )));
            }
            continue;
        }
        if !given {
            kw.push((f.name.clone(), interp.getattr(&obj, &f.name)?));
        }
    }
    let cls = crate::builtins::class_of(&obj);
    interp.call(
        &cls,
        Args {
            pos: Vec::new(),
            kw,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn dataclass_basics() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from dataclasses import dataclass, field, asdict, astuple, fields, replace, is_dataclass, FrozenInstanceError\n@dataclass\nclass Job:\n    __annotations__ = {'name': str, 'priority': int, 'tags': list, 'owner': 'Optional[str]'}\n    priority = 0\n    tags = field(default_factory=list)\n    owner = None\n@dataclass(order=True, frozen=True)\nclass Point:\n    __annotations__ = {'x': int, 'y': int}\n    y = 0\n@dataclass\nclass Result:\n    __annotations__ = {'job': Job, 'elapsed': float}\na = Job('build')\nb = Job('test', priority=2, tags=['ci'])\nprint(a)\nprint(b, a == Job('build'), a == b, a.tags is not Job('x').tags, a != b)\na.tags.append('fast')\nprint(repr(a), asdict(b), astuple(b), Result(a, 0.5))\npts = [Point(2, 1), Point(1, 5), Point(1, 2)]\nprint(sorted(pts), Point(1) < Point(1, 1), Point(3, 4) == Point(3, 4), Point(1) >= Point(0, 9))\ntry:\n    pts[0].x = 10\nexcept AttributeError as e:\n    print(type(e).__name__, e, isinstance(e, FrozenInstanceError))\nprint(hash(Point(1, 2)) == hash(Point(1, 2)), [f.name for f in fields(Job)], is_dataclass(a), is_dataclass(3))\nprint(replace(b, name='deploy'), Job.priority, Point.__match_args__)\nfor args, kw in [((), {}), (('a', 1, [], None, 5), {}), (('a',), {'z': 1}), (('a',), {'name': 'b'})]:\n    try:\n        Job(*args, **kw)\n    except TypeError as e:\n        print(e)\n";
        assert_eq!(run_py(src), "Job(name='build', priority=0, tags=[], owner=None)\nJob(name='test', priority=2, tags=['ci'], owner=None) True False True True\nJob(name='build', priority=0, tags=['fast'], owner=None) {'name': 'test', 'priority': 2, 'tags': ['ci'], 'owner': None} ('test', 2, ['ci'], None) Result(job=Job(name='build', priority=0, tags=['fast'], owner=None), elapsed=0.5)\n[Point(x=1, y=2), Point(x=1, y=5), Point(x=2, y=1)] True True True\nFrozenInstanceError cannot assign to field 'x' True\nTrue ['name', 'priority', 'tags', 'owner'] True False\nJob(name='deploy', priority=2, tags=['ci'], owner=None) 0 ('x', 'y')\nJob.__init__() missing 1 required positional argument: 'name'\nJob.__init__() takes from 2 to 5 positional arguments but 6 were given\nJob.__init__() got an unexpected keyword argument 'z'\nJob.__init__() got multiple values for argument 'name'\n");
    }

    #[test]
    fn dataclass_options() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from dataclasses import dataclass, field, KW_ONLY\n@dataclass\nclass Base:\n    __annotations__ = {'a': int}\n@dataclass\nclass Child(Base):\n    __annotations__ = {'b': int, 'c': list, 'hidden': int}\n    b = 2\n    c = field(default_factory=lambda: [1])\n    hidden = field(default=7, repr=False, compare=False)\n    def __post_init__(self):\n        self.total = self.a + self.b\nc = Child(1)\nprint(c, c.total, c.hidden, Child(1, 3) == Child(1, 3, [1], 99))\n@dataclass(eq=False)\nclass Plain:\n    __annotations__ = {'v': int}\nprint(Plain(1) == Plain(1))\n@dataclass(kw_only=True)\nclass K:\n    __annotations__ = {'x': int, 'y': int}\n    y = 5\nprint(K(x=1))\ntry:\n    K(1)\nexcept TypeError as e:\n    print(e)\ntry:\n    K()\nexcept TypeError as e:\n    print(e)\n@dataclass\nclass M:\n    __annotations__ = {'x': int, '_': KW_ONLY, 'y': int}\nprint(M(1, y=2))\ntry:\n    @dataclass\n    class Bad:\n        __annotations__ = {'x': int, 'y': int}\n        x = 0\nexcept TypeError as e:\n    print(e)\ntry:\n    @dataclass\n    class Bad2:\n        __annotations__ = {'x': list}\n        x = []\nexcept ValueError as e:\n    print(e)\ntry:\n    @dataclass(order=True)\n    class Bad3:\n        __annotations__ = {'x': int}\n        def __lt__(self, o):\n            return True\nexcept TypeError as e:\n    print(e)\n@dataclass\nclass WithInit:\n    __annotations__ = {'x': int}\n    def __init__(self):\n        self.x = 42\nprint(WithInit())\n";
        assert_eq!(run_py(src), "Child(a=1, b=2, c=[1]) 3 7 True\nFalse\nK(x=1, y=5)\nK.__init__() takes 1 positional argument but 2 were given\nK.__init__() missing 1 required keyword-only argument: 'x'\nM(x=1, y=2)\nnon-default argument 'y' follows default argument\nmutable default <class 'list'> for field x is not allowed: use default_factory\nCannot overwrite attribute __lt__ in class Bad3. Consider using functools.total_ordering\nWithInit(x=42)\n");
    }
}
