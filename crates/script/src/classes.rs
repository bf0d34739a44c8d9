//! The built-in type classes (`object`, `type`, `int`, `str`, …), made once
//! per thread as plain class objects with empty namespaces: their behaviour
//! is elsewhere (`methods` and `builtins` dispatch on each class's
//! [`BuiltinType`]). The exception classes (`exc::classes`) are built on
//! [`object_class`] from here. Also the class of any value ([`class_of`])
//! and the classes standing for native types ([`native_class`]).

use crate::value::{BuiltinType, Class, Names, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Classes by name.
pub type ClassTable = Rc<HashMap<&'static str, Rc<Class>>>;

thread_local! {
    static TYPES: RefCell<Option<ClassTable>> = const { RefCell::new(None) };
}

const TYPE_NAMES: &[(&str, BuiltinType)] = &[
    ("type", BuiltinType::Type),
    ("NoneType", BuiltinType::NoneType),
    ("int", BuiltinType::Int),
    ("bool", BuiltinType::Bool),
    ("float", BuiltinType::Float),
    ("str", BuiltinType::Str),
    ("bytes", BuiltinType::Bytes),
    ("list", BuiltinType::List),
    ("tuple", BuiltinType::Tuple),
    ("dict", BuiltinType::Dict),
    ("set", BuiltinType::Set),
    ("function", BuiltinType::Function),
];

/// The built-in type classes (`int`, `str`, ...), made once per thread.
pub fn types() -> Rc<HashMap<&'static str, Rc<Class>>> {
    TYPES.with(|t| {
        if let Some(m) = &*t.borrow() {
            return m.clone();
        }
        let object = Class::made(
            "object",
            "builtins",
            None,
            Names::default(),
            Some(BuiltinType::Object),
        );
        let mut m: HashMap<&'static str, Rc<Class>> = HashMap::new();
        m.insert("object", object.clone());
        for (name, b) in TYPE_NAMES {
            let base = if *name == "bool" {
                m.get("int").cloned()
            } else {
                Some(object.clone())
            };
            m.insert(
                name,
                Class::made(name, "builtins", base, Names::default(), Some(*b)),
            );
        }
        let m = Rc::new(m);
        *t.borrow_mut() = Some(m.clone());
        m
    })
}

/// `object`.
///
/// # Panics
///
/// Never: `types()` always holds `object`.
#[allow(clippy::expect_used)]
pub fn object_class() -> Rc<Class> {
    types().get("object").cloned().expect("object class")
}

pub(crate) fn type_class(name: &str) -> Option<Rc<Class>> {
    types().get(name).cloned()
}

/// The class of any value (`type(v)`).
pub fn class_of(v: &Value) -> Value {
    let name: &str = match v {
        Value::Object(o) => return Value::Class(o.class.clone()),
        Value::Class(_) => "type",
        Value::None => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Big(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Bytes(_) => "bytes",
        Value::List(_) => "list",
        Value::Tuple(_) => "tuple",
        Value::Dict(_) => "dict",
        Value::Set(_) => "set",
        Value::Function(_) => "function",
        Value::Builtin(_) => return native_class("builtin_function_or_method"),
        Value::Bound(b) => {
            return if matches!(b.1, Value::Builtin(_)) {
                native_class("builtin_function_or_method")
            } else {
                native_class("method")
            }
        }
        Value::Native(n) => return native_class(n.type_name()),
    };
    type_class(name).map(Value::Class).unwrap_or(Value::None)
}

thread_local! {
    static NATIVE_CLASSES: RefCell<HashMap<&'static str, Rc<Class>>> = RefCell::new(HashMap::new());
}

/// A class standing for a native type (made on first use).
pub fn native_class(name: &'static str) -> Value {
    // asyncio's tasks and gathering futures are Futures, as in CPython.
    let (module, base) = match name {
        "Future" => ("_asyncio", None),
        "Task" => ("_asyncio", Some("Future")),
        "_GatheringFuture" => ("asyncio.tasks", Some("Future")),
        _ => ("builtins", None),
    };
    let base = match base.map(native_class) {
        Some(Value::Class(ref b)) => b.clone(),
        _ => object_class(),
    };
    NATIVE_CLASSES.with(|m| {
        let mut m = m.borrow_mut();
        let c = m
            .entry(name)
            .or_insert_with(|| {
                Class::made(
                    name,
                    module,
                    Some(base),
                    Names::default(),
                    Some(BuiltinType::Native),
                )
            })
            .clone();
        Value::Class(c)
    })
}
