//! `inspect`: what kind of object is this (`isfunction`,
//! `iscoroutinefunction`, `isgeneratorfunction`, `isasyncgenfunction`,
//! `ismethod`, `isbuiltin`, `isroutine`, `isclass`, `ismodule`,
//! `iscoroutine`, `isgenerator`, `isasyncgen`, `isawaitable`),
//! `signature` (a `Signature` that prints as CPython's, with `parameters`
//! and `return_annotation`; each `Parameter` with `name`, `default`,
//! `kind` and `annotation`; `Parameter.empty` and the kinds), `getdoc`,
//! `cleandoc` and `getmembers`. `signature` follows `__wrapped__` (what
//! `functools.wraps` sets) and drops `self` for bound methods and classes.
//!
//! Left out: `Signature.bind`, `replace`, `from_callable`; signatures of
//! built-in functions (CPython reads their text signatures; here a
//! `ValueError`); `parameters` is a `dict`, not a `mappingproxy`;
//! `getsource`, `getfile`, `stack`, `currentframe` and the frame and code
//! object functions.

use super::{func, make_module, method, new_class, new_object, recv, set_slot, slot};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::ir::FuncKind;
use crate::value::*;
use std::rc::Rc;

/// The parameter kinds, in CPython's order and numbering.
const KINDS: [&str; 5] = [
    "POSITIONAL_ONLY",
    "POSITIONAL_OR_KEYWORD",
    "VAR_POSITIONAL",
    "KEYWORD_ONLY",
    "VAR_KEYWORD",
];

const DESCRIPTIONS: [&str; 5] = [
    "positional-only",
    "positional or keyword",
    "variadic positional",
    "keyword-only",
    "variadic keyword",
];

struct Classes {
    empty: Rc<Class>,
    parameter: Rc<Class>,
    signature: Rc<Class>,
    kinds: Vec<Value>,
}

thread_local! {
    static CLASSES: Classes = make_classes();
}

fn make_classes() -> Classes {
    let empty = new_class("_empty", "inspect", None, vec![]);
    let kind_class = new_class(
        "_ParameterKind",
        "inspect",
        None,
        vec![
            (
                "__repr__",
                method("__repr__", |_, a| {
                    let this = recv(&a)?;
                    let name = slot(&this, "name").unwrap_or(Value::None);
                    let value = slot(&this, "value").unwrap_or(Value::None);
                    Ok(Value::str(format!(
                        "<_ParameterKind.{}: {}>",
                        crate::format::str_plain(&name),
                        crate::format::repr_plain(&value)
                    )))
                }),
            ),
            (
                "__str__",
                method("__str__", |_, a| {
                    Ok(slot(&recv(&a)?, "name").unwrap_or(Value::None))
                }),
            ),
        ],
    );
    let kinds: Vec<Value> = KINDS
        .iter()
        .zip(DESCRIPTIONS)
        .enumerate()
        .map(|(i, (name, description))| {
            let k = new_object(&kind_class);
            set_slot(&k, "name", Value::str(*name));
            set_slot(&k, "value", Value::Int(i as i64));
            set_slot(&k, "description", Value::str(description));
            k
        })
        .collect();
    let mut items: Vec<(&str, Value)> = vec![
        ("empty", Value::Class(empty.clone())),
        (
            "__str__",
            method("__str__", |i, a| param_text(i, &recv(&a)?).map(Value::str)),
        ),
        (
            "__repr__",
            method("__repr__", |i, a| {
                Ok(Value::str(format!(
                    "<Parameter \"{}\">",
                    param_text(i, &recv(&a)?)?
                )))
            }),
        ),
    ];
    for (name, k) in KINDS.iter().zip(&kinds) {
        items.push((name, k.clone()));
    }
    let parameter = new_class("Parameter", "inspect", None, items);
    let signature = new_class(
        "Signature",
        "inspect",
        None,
        vec![
            ("empty", Value::Class(empty.clone())),
            (
                "__str__",
                method("__str__", |i, a| sig_text(i, &recv(&a)?).map(Value::str)),
            ),
            (
                "__repr__",
                method("__repr__", |i, a| {
                    Ok(Value::str(format!(
                        "<Signature {}>",
                        sig_text(i, &recv(&a)?)?
                    )))
                }),
            ),
        ],
    );
    Classes {
        empty,
        parameter,
        signature,
        kinds,
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Class(c) => CLASSES.with(|k| Rc::ptr_eq(c, &k.empty)),
        _ => false,
    }
}

/// An annotation as `inspect.formatannotation` writes it: a built-in class
/// by its name, another class as `module.name`, anything else by `repr`
/// (`typing.` dropped).
fn annotation_text(interp: &Interp, v: &Value) -> Result<String, Exc> {
    if let Value::Class(c) = v {
        if &*c.module == "builtins" {
            return Ok(c.qualname.to_string());
        }
        return Ok(format!("{}.{}", c.module, c.qualname));
    }
    Ok(interp.repr(v)?.replace("typing.", ""))
}

/// A parameter as `str(Parameter)` writes it: `*args`, `x: int = 3`, `b=2`.
fn param_text(interp: &Interp, p: &Value) -> Result<String, Exc> {
    let name = crate::format::str_plain(&slot(p, "name").unwrap_or(Value::None));
    let kind = slot(p, "kind")
        .and_then(|k| slot(&k, "value"))
        .and_then(|v| v.as_int())
        .unwrap_or(1);
    let mut out = match kind {
        2 => format!("*{name}"),
        4 => format!("**{name}"),
        _ => name,
    };
    let annotation = slot(p, "annotation").unwrap_or(Value::None);
    let annotated = !is_empty(&annotation);
    if annotated {
        out.push_str(": ");
        out.push_str(&annotation_text(interp, &annotation)?);
    }
    let default = slot(p, "default").unwrap_or(Value::None);
    if !is_empty(&default) {
        out.push_str(if annotated { " = " } else { "=" });
        out.push_str(&interp.repr(&default)?);
    }
    Ok(out)
}

/// `str(Signature)`: `(a, /, b=2, *, c, **kw) -> int`.
fn sig_text(interp: &Interp, s: &Value) -> Result<String, Exc> {
    let params = match slot(s, "parameters") {
        Some(Value::Dict(ref d)) => d.borrow().values().cloned().collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    let mut parts: Vec<String> = Vec::new();
    let mut saw_positional_only = false;
    let mut star_done = false;
    for p in &params {
        let kind = slot(p, "kind")
            .and_then(|k| slot(&k, "value"))
            .and_then(|v| v.as_int())
            .unwrap_or(1);
        if kind != 0 && saw_positional_only {
            parts.push("/".into());
            saw_positional_only = false;
        }
        if kind == 0 {
            saw_positional_only = true;
        }
        if kind == 2 {
            star_done = true;
        }
        if kind == 3 && !star_done {
            parts.push("*".into());
            star_done = true;
        }
        parts.push(param_text(interp, p)?);
    }
    if saw_positional_only {
        parts.push("/".into());
    }
    let mut out = format!("({})", parts.join(", "));
    let ret = slot(s, "return_annotation").unwrap_or(Value::None);
    if !is_empty(&ret) {
        out.push_str(" -> ");
        out.push_str(&annotation_text(interp, &ret)?);
    }
    Ok(out)
}

fn make_param(
    name: &Rc<str>,
    kind: usize,
    default: Option<Value>,
    annotation: Option<Value>,
) -> Value {
    CLASSES.with(|k| {
        let p = new_object(&k.parameter);
        set_slot(&p, "name", Value::Str(name.clone()));
        set_slot(&p, "kind", k.kinds[kind].clone());
        set_slot(
            &p,
            "default",
            default.unwrap_or_else(|| Value::Class(k.empty.clone())),
        );
        set_slot(
            &p,
            "annotation",
            annotation.unwrap_or_else(|| Value::Class(k.empty.clone())),
        );
        p
    })
}

/// The signature of a Python function, without its first `skip`
/// positional parameters.
fn function_signature(
    interp: &Interp,
    fv: &Value,
    f: &Function,
    skip: usize,
) -> Result<Value, Exc> {
    let annotations = match interp.try_getattr(fv, "__annotations__")? {
        Some(Value::Dict(ref d)) => d.borrow().clone(),
        _ => Dict::default(),
    };
    let ann = |name: &Rc<str>| annotations.get(&Key(Value::Str(name.clone()))).cloned();
    let ps = &f.def.params;
    let mut params: Vec<(Rc<str>, Value)> = Vec::new();
    let first_default = ps.positional.len().saturating_sub(ps.defaults);
    for (i, name) in ps.positional.iter().enumerate() {
        if i < skip {
            continue;
        }
        let kind = if i < ps.positional_only { 0 } else { 1 };
        let default = if i >= first_default {
            f.defaults.get(i - first_default).cloned()
        } else {
            None
        };
        params.push((name.clone(), make_param(name, kind, default, ann(name))));
    }
    if let Some(name) = &ps.varargs {
        params.push((name.clone(), make_param(name, 2, None, ann(name))));
    }
    for name in &ps.kwonly {
        let default = f
            .kw_defaults
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone());
        params.push((name.clone(), make_param(name, 3, default, ann(name))));
    }
    if let Some(name) = &ps.varkw {
        params.push((name.clone(), make_param(name, 4, None, ann(name))));
    }
    let ret = annotations.get(&Key(Value::str("return"))).cloned();
    Ok(CLASSES.with(|k| {
        let s = new_object(&k.signature);
        let d: Dict = params
            .into_iter()
            .map(|(n, p)| (Key(Value::Str(n)), p))
            .collect();
        set_slot(&s, "parameters", Value::dict(d));
        set_slot(
            &s,
            "return_annotation",
            ret.unwrap_or_else(|| Value::Class(k.empty.clone())),
        );
        s
    }))
}

fn signature_of(interp: &Interp, v: &Value, skip: usize, depth: u32) -> Result<Value, Exc> {
    if depth > 50 {
        return Err(Exc::value_error("wrapper loop when unwrapping"));
    }
    if let Value::Function(f) = v {
        if let Some(w) = f.attrs.borrow().get("__wrapped__").cloned() {
            return signature_of(interp, &w, skip, depth + 1);
        }
        return function_signature(interp, v, f, skip);
    }
    match v {
        Value::Bound(b) => signature_of(interp, &b.1, skip + 1, depth + 1),
        Value::Class(c) if c.builtin.is_none() => match c.lookup("__init__") {
            Some(init @ Value::Function(_)) => signature_of(interp, &init, skip + 1, depth + 1),
            _ => function_like_empty(),
        },
        Value::Builtin(_) | Value::Class(_) => Err(Exc::value_error(format!(
            "no signature found for builtin {}",
            interp.repr(v)?
        ))),
        Value::Object(o) => match o.class.lookup("__call__") {
            Some(call @ Value::Function(_)) => signature_of(interp, &call, skip + 1, depth + 1),
            _ => Err(Exc::type_error(format!(
                "{} is not a callable object",
                interp.repr(v)?
            ))),
        },
        _ => match interp.try_getattr(v, "__wrapped__")? {
            Some(w) => signature_of(interp, &w, skip, depth + 1),
            None => Err(Exc::type_error(format!(
                "{} is not a callable object",
                interp.repr(v)?
            ))),
        },
    }
}

fn function_like_empty() -> Result<Value, Exc> {
    Ok(CLASSES.with(|k| {
        let s = new_object(&k.signature);
        set_slot(&s, "parameters", Value::dict(Dict::default()));
        set_slot(&s, "return_annotation", Value::Class(k.empty.clone()));
        s
    }))
}

/// `inspect.cleandoc`: tabs expanded, the first line's leading blanks and
/// the others' common indentation removed, blank lines at either end
/// dropped.
fn cleandoc(doc: &str) -> String {
    let expanded = doc.replace('\t', "        ");
    let lines: Vec<&str> = expanded.lines().collect();
    let margin = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim_start().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            out.push(l.trim_start().to_string());
        } else {
            out.push(l.get(margin..).unwrap_or("").to_string());
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out.join("\n")
}

/// The attribute names `getmembers` lists, sorted: the instance's own,
/// then its class chain's (a module's namespace for a module).
fn member_names(v: &Value) -> Vec<Rc<str>> {
    let mut names: Vec<Rc<str>> = Vec::new();
    let class = match v {
        Value::Class(c) => Some(c.clone()),
        Value::Object(o) => {
            names.extend(o.dict.borrow().keys().cloned());
            Some(o.class.clone())
        }
        Value::Native(_) => {
            if let Some(m) = native_ref::<crate::modules::Module>(v) {
                names.extend(m.dict.borrow().keys().cloned());
            }
            None
        }
        _ => None,
    };
    for c in class.iter().flat_map(|c| c.ancestry()) {
        names.extend(c.dict.borrow().keys().cloned());
    }
    names.sort();
    names.dedup();
    names
}

fn function_kind(v: Option<&Value>) -> Option<FuncKind> {
    match v? {
        Value::Function(f) => Some(f.def.kind),
        Value::Bound(b) => function_kind(Some(&b.1)),
        _ => None,
    }
}

fn native_named(v: Option<&Value>, names: &[&str]) -> bool {
    matches!(v, Some(Value::Native(n)) if names.contains(&n.type_name()))
}

pub(super) fn module() -> Value {
    let checks: &[(&str, BuiltinFn)] = &[
        ("isfunction", |_, a| {
            Ok(Value::Bool(matches!(
                a.pos.first(),
                Some(Value::Function(_))
            )))
        }),
        ("iscoroutinefunction", |i, a| {
            Ok(Value::Bool(a.pos.first().is_some_and(|v| {
                crate::modules::asyncio::is_coroutine_function(i, v)
            })))
        }),
        ("isgeneratorfunction", |_, a| {
            Ok(Value::Bool(
                function_kind(a.pos.first()) == Some(FuncKind::Generator),
            ))
        }),
        ("isasyncgenfunction", |_, a| {
            Ok(Value::Bool(
                function_kind(a.pos.first()) == Some(FuncKind::AsyncGenerator),
            ))
        }),
        ("ismethod", |_, a| {
            Ok(Value::Bool(
                matches!(a.pos.first(), Some(Value::Bound(b)) if matches!(b.1, Value::Function(_))),
            ))
        }),
        ("isbuiltin", |_, a| {
            Ok(Value::Bool(match a.pos.first() {
                Some(Value::Builtin(_)) => true,
                Some(Value::Bound(b)) => matches!(b.1, Value::Builtin(_)),
                _ => false,
            }))
        }),
        ("isroutine", |_, a| {
            Ok(Value::Bool(matches!(
                a.pos.first(),
                Some(Value::Function(_) | Value::Builtin(_) | Value::Bound(_))
            )))
        }),
        ("isclass", |_, a| {
            Ok(Value::Bool(matches!(a.pos.first(), Some(Value::Class(_)))))
        }),
        ("ismodule", |_, a| {
            Ok(Value::Bool(native_named(a.pos.first(), &["module"])))
        }),
        ("iscoroutine", |_, a| {
            Ok(Value::Bool(native_named(a.pos.first(), &["coroutine"])))
        }),
        ("isgenerator", |_, a| {
            Ok(Value::Bool(native_named(a.pos.first(), &["generator"])))
        }),
        ("isasyncgen", |_, a| {
            Ok(Value::Bool(native_named(
                a.pos.first(),
                &["async_generator"],
            )))
        }),
        ("isawaitable", |_, a| {
            let v = a.pos.first();
            if native_named(v, &["coroutine", "Task", "Future", "_GatheringFuture"]) {
                return Ok(Value::Bool(true));
            }
            Ok(Value::Bool(match v {
                Some(Value::Object(o)) => o.class.lookup("__await__").is_some(),
                Some(Value::Native(n)) => n.get_attr(n, "__await__").is_some(),
                _ => false,
            }))
        }),
        ("signature", |i, a| {
            let v = a.pos.first().ok_or_else(|| {
                Exc::type_error("signature() missing 1 required positional argument: 'obj'")
            })?;
            signature_of(i, v, 0, 0)
        }),
        ("getdoc", |i, a| {
            let v = a.pos.first().cloned().unwrap_or(Value::None);
            match i.try_getattr(&v, "__doc__")? {
                Some(Value::Str(ref s)) => Ok(Value::str(cleandoc(s))),
                _ => Ok(Value::None),
            }
        }),
        ("cleandoc", |_, a| match a.pos.first() {
            Some(Value::Str(ref s)) => Ok(Value::str(cleandoc(s))),
            _ => Err(Exc::type_error("cleandoc() argument must be str")),
        }),
        ("getmembers", |i, a| {
            let v = a.pos.first().cloned().unwrap_or(Value::None);
            let pred = a.pos.get(1).cloned();
            let mut out = Vec::new();
            for name in member_names(&v) {
                let Some(x) = i.try_getattr(&v, &name)? else {
                    continue;
                };
                let n = Value::Str(name);
                if let Some(p) = &pred {
                    if !i.truthy(&i.call(p, Args::new(vec![x.clone()]))?)? {
                        continue;
                    }
                }
                out.push(Value::tuple(vec![n.clone(), x]));
            }
            Ok(Value::list(out))
        }),
    ];
    let mut items: Vec<(&str, Value)> = checks.iter().map(|(n, f)| (*n, func(n, *f))).collect();
    CLASSES.with(|k| {
        items.push(("Parameter", Value::Class(k.parameter.clone())));
        items.push(("Signature", Value::Class(k.signature.clone())));
        items.push(("_empty", Value::Class(k.empty.clone())));
    });
    make_module("inspect", items)
}
