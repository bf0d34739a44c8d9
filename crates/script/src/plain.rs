//! `repr` and `str` of a value without calling user code: what error
//! messages, `Debug` and the default reprs show. `format` builds the full
//! `repr`/`str` protocol (user `__repr__`, cycles) on these.

use crate::text::{address, address_at, bytes_repr, float_repr, str_repr};
use crate::value::Value;
use std::rc::Rc;

/// `<module.Class object at 0x…>` (no module for `builtins`).
pub(crate) fn object_repr(o: &Rc<crate::value::Object>) -> String {
    match &*o.class.module {
        "builtins" => format!(
            "<{} object at {}>",
            o.class.qualname,
            address(Rc::as_ptr(o))
        ),
        m => format!(
            "<{m}.{} object at {}>",
            o.class.qualname,
            address(Rc::as_ptr(o))
        ),
    }
}

/// A bound method's repr, `self_repr` giving its receiver's.
pub(crate) fn bound_repr(b: &(Value, Value), self_repr: impl FnOnce(&Value) -> String) -> String {
    match b {
        (this, Value::Builtin(f)) => format!(
            "<built-in method {} of {} object at {}>",
            f.name,
            this.type_name(),
            address_at(this.identity())
        ),
        (this, Value::Function(f)) => {
            format!("<bound method {} of {}>", f.def.qualname, self_repr(this))
        }
        (_, other) => format!("<bound method {}>", repr_plain(other)),
    }
}

/// `repr` without calling user code (for errors and debugging).
pub fn repr_plain(v: &Value) -> String {
    match v {
        Value::None => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::Big(b) => b.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Str(s) => str_repr(s),
        Value::Bytes(b) => bytes_repr(b),
        Value::List(l) => format!("[{}]", join(l.borrow().iter().map(repr_plain))),
        Value::Tuple(t) if t.len() == 1 => format!("({},)", repr_plain(&t[0])),
        Value::Tuple(t) => format!("({})", join(t.iter().map(repr_plain))),
        Value::Dict(d) => format!(
            "{{{}}}",
            join(d.borrow().iter().map(|(k, v)| format!(
                "{}: {}",
                repr_plain(&k.0),
                repr_plain(v)
            )))
        ),
        Value::Set(s) if s.borrow().is_empty() => "set()".into(),
        Value::Set(s) => format!("{{{}}}", join(s.borrow().iter().map(|k| repr_plain(&k.0)))),
        Value::Object(o) => match &o.exc {
            Some(st) => {
                let args = st.args.borrow();
                let inner = if args.len() == 1 {
                    repr_plain(&args[0])
                } else {
                    join(args.iter().map(repr_plain))
                };
                format!("{}({inner})", o.class.name)
            }
            None => match &o.inner {
                Some(inner) => repr_plain(inner),
                None => object_repr(o),
            },
        },
        Value::Class(c) => match &*c.module {
            "builtins" => format!("<class '{}'>", c.name),
            m => format!("<class '{m}.{}'>", c.qualname),
        },
        Value::Function(f) => {
            format!(
                "<function {} at {}>",
                f.def.qualname,
                address(Rc::as_ptr(f))
            )
        }
        Value::Builtin(b) => format!("<built-in function {}>", b.name),
        Value::Bound(b) => bound_repr(b, repr_plain),
        Value::Native(n) => n.repr(),
    }
}

/// `str` without calling user code.
pub fn str_plain(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        Value::Object(o) if o.exc.is_some() => crate::exc::Exc(o.clone()).message(),
        Value::Object(o) if matches!(o.inner, Some(Value::Str(_))) => {
            str_plain(o.inner.as_ref().unwrap_or(&Value::None))
        }
        other => repr_plain(other),
    }
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}
