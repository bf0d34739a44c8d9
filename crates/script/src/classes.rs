//! The built-in type classes (`object`, `type`, `int`, `str`, …), made once
//! per thread as plain class objects with empty namespaces: their behaviour
//! is elsewhere (`methods` and `builtins` dispatch on each class's
//! [`BuiltinType`]). The exception classes (`exc::classes`) are built on
//! [`object_class`] from here.

use crate::value::{BuiltinType, Class};
use indexmap::IndexMap;
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
        let object = Rc::new(Class {
            name: "object".into(),
            qualname: "object".into(),
            base: None,
            extra_bases: Vec::new(),
            mro: Vec::new(),
            dict: crate::value::ClassDict::new(IndexMap::default()),
            builtin: Some(BuiltinType::Object),
            module: "builtins".into(),
            tp_name: Default::default(),
        });
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
                Rc::new(Class {
                    name: (*name).into(),
                    qualname: (*name).into(),
                    mro: Class::mro_after(&base),
                    extra_bases: Vec::new(),
                    base,
                    dict: crate::value::ClassDict::new(IndexMap::default()),
                    builtin: Some(*b),
                    module: "builtins".into(),
                    tp_name: Default::default(),
                }),
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
