//! Methods of built-in values (`str`, `list`, `dict`, `set`, `tuple`,
//! `bytes`, `int`, `float`) and the built-in type constructors.

use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::rc::Rc;

/// The method `name` of a built-in value, as a function taking the receiver
/// as its first positional argument.
pub fn lookup(v: &Value, name: &str) -> Option<BuiltinFn> {
    let f: BuiltinFn = match (v, name) {
        (Value::List(_), "append") => |_, a| {
            if let (Some(Value::List(l)), Some(x)) = (a.pos.first(), a.pos.get(1)) {
                l.borrow_mut().push(x.clone());
            }
            Ok(Value::None)
        },
        (Value::Set(_), "add") => |_, a| {
            if let (Some(Value::Set(s)), Some(x)) = (a.pos.first(), a.pos.get(1)) {
                s.borrow_mut().insert(Key::new(x.clone())?);
            }
            Ok(Value::None)
        },
        (Value::Dict(_), "__setitem__") => |interp, a| {
            if let (Some(d), Some(k), Some(x)) = (a.pos.first(), a.pos.get(1), a.pos.get(2)) {
                interp.setitem(d, k.clone(), x.clone())?;
            }
            Ok(Value::None)
        },
        _ => return None,
    };
    Some(f)
}

/// Attributes of built-in classes (`dict.fromkeys`, ...).
pub fn class_method(_c: &Rc<Class>, _name: &str) -> Option<Value> {
    None
}

/// Calls a built-in type: `int("3")`, `list(x)`, `str(v)`, ...
///
/// # Errors
///
/// `TypeError`/`ValueError` as Python raises them.
pub fn construct(interp: &Interp, type_name: &str, a: Args) -> Result<Value, Exc> {
    let first = a.pos.first().cloned();
    Ok(match type_name {
        "str" => Value::str(match first {
            Some(v) => interp.str(&v)?,
            None => String::new(),
        }),
        "list" => Value::list(match first {
            Some(v) => interp.collect(&v)?,
            None => Vec::new(),
        }),
        "tuple" => Value::tuple(match first {
            Some(v) => interp.collect(&v)?,
            None => Vec::new(),
        }),
        "bool" => Value::Bool(match first {
            Some(v) => interp.truthy(&v)?,
            None => false,
        }),
        other => return Err(Exc::unsupported(format!("calling '{other}'"))),
    })
}
