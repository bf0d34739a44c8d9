//! `collections.abc`: the module itself is Python
//! (`modules/stdlib/collections_abc.py`, the ABCs with their mixin
//! methods); this file, with the built-in types (layer L6, as `isinstance`
//! and `issubclass` need it), answers `isinstance` and
//! `issubclass` against those classes as CPython's `ABCMeta` does: a
//! subclass is one; a built-in type is one of the ABCs CPython registers
//! it with (`list` a `MutableSequence`, `dict` a `MutableMapping`,
//! `range` a `Sequence`, ...); and for the one-method ABCs (`Iterable`,
//! `Sized`, `Callable`, `Hashable`, ...) a class is one when it defines
//! the methods (CPython's `__subclasshook__`), a method set to `None` not
//! counting.
//!
//! Left out: classes a program registers with `ABC.register`.

use crate::value::*;
use std::rc::Rc;

/// The module the ABCs live in (their `__module__`).
pub(crate) const MODULE: &str = "collections.abc";

/// The ABCs a built-in type is registered with, by type name.
fn registered(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "list" | "deque" => &[
            "Iterable",
            "Reversible",
            "Sized",
            "Container",
            "Collection",
            "Sequence",
            "MutableSequence",
        ],
        "tuple" | "str" | "range" => &[
            "Iterable",
            "Reversible",
            "Sized",
            "Container",
            "Collection",
            "Sequence",
            "Hashable",
        ],
        "bytes" => &[
            "Iterable",
            "Reversible",
            "Sized",
            "Container",
            "Collection",
            "Sequence",
            "ByteString",
            "Hashable",
        ],
        "dict" | "OrderedDict" | "defaultdict" | "Counter" => &[
            "Iterable",
            "Reversible",
            "Sized",
            "Container",
            "Collection",
            "Mapping",
            "MutableMapping",
        ],
        "set" => &[
            "Iterable",
            "Sized",
            "Container",
            "Collection",
            "Set",
            "MutableSet",
        ],
        "frozenset" => &[
            "Iterable",
            "Sized",
            "Container",
            "Collection",
            "Set",
            "Hashable",
        ],
        "dict_keys" => &[
            "Iterable",
            "Reversible",
            "Sized",
            "Container",
            "Collection",
            "MappingView",
            "KeysView",
            "Set",
        ],
        "dict_items" => &[
            "Iterable",
            "Reversible",
            "Sized",
            "Container",
            "Collection",
            "MappingView",
            "ItemsView",
            "Set",
        ],
        "dict_values" => &[
            "Iterable",
            "Reversible",
            "Sized",
            "Container",
            "Collection",
            "MappingView",
            "ValuesView",
            "Hashable",
        ],
        "generator" => &["Iterable", "Iterator", "Generator", "Hashable"],
        "coroutine" => &["Awaitable", "Coroutine", "Hashable"],
        "async_generator" => &[
            "AsyncIterable",
            "AsyncIterator",
            "AsyncGenerator",
            "Hashable",
        ],
        "function" | "builtin_function_or_method" | "method" | "type" => &["Callable", "Hashable"],
        "int" | "float" | "bool" | "NoneType" | "complex" => &["Hashable"],
        "enumerate" | "zip" | "map" | "filter" | "reversed" => {
            &["Iterable", "Iterator", "Hashable"]
        }
        t if t.ends_with("iterator") => &["Iterable", "Iterator", "Hashable"],
        _ => &[],
    }
}

/// The methods a class must define to be one of the one-method ABCs.
fn required(abc: &str) -> Option<&'static [&'static str]> {
    Some(match abc {
        "Iterable" => &["__iter__"],
        "Iterator" => &["__iter__", "__next__"],
        "Reversible" => &["__reversed__", "__iter__"],
        "Generator" => &["__iter__", "__next__", "send", "throw", "close"],
        "Sized" => &["__len__"],
        "Container" => &["__contains__"],
        "Collection" => &["__len__", "__iter__", "__contains__"],
        "Callable" => &["__call__"],
        "Awaitable" => &["__await__"],
        "Coroutine" => &["__await__", "send", "throw", "close"],
        "AsyncIterable" => &["__aiter__"],
        "AsyncIterator" => &["__aiter__", "__anext__"],
        "AsyncGenerator" => &["__aiter__", "__anext__", "asend", "athrow", "aclose"],
        _ => return None,
    })
}

/// Whether instances of `c` hash: the first class up the chain that
/// defines `__hash__` or `__eq__` decides (`__eq__` alone makes a class
/// unhashable, as CPython sets its `__hash__` to `None`).
fn class_hashable(c: &Rc<Class>) -> bool {
    for cls in c.ancestry() {
        if cls.builtin.is_some() {
            return registered(&cls.name).contains(&"Hashable")
                || matches!(
                    cls.builtin,
                    Some(BuiltinType::Object | BuiltinType::Exception)
                );
        }
        let d = cls.dict.borrow();
        if let Some(h) = d.get("__hash__") {
            return !matches!(h, Value::None);
        }
        if d.contains_key("__eq__") {
            return false;
        }
        drop(d);
    }
    true
}

/// The built-in type a class stands for or derives from, by name
/// (`collections`' classes and named tuples count as the types they are
/// in CPython).
fn builtin_kind(c: &Rc<Class>) -> Option<Rc<str>> {
    for cls in c.ancestry() {
        if cls.builtin.is_some() {
            return match cls.builtin {
                Some(BuiltinType::Object | BuiltinType::Exception) => None,
                _ => Some(cls.name.clone()),
            };
        }
        if &*cls.module == "collections"
            && matches!(
                &*cls.name,
                "deque" | "OrderedDict" | "defaultdict" | "Counter"
            )
        {
            return Some(cls.name.clone());
        }
        if cls.dict.borrow().contains_key("_fields") && cls.lookup("_make").is_some() {
            return Some("tuple".into());
        }
    }
    None
}

/// `issubclass(c, abc)` for an ABC of `collections.abc`, when `c` does not
/// derive from it.
pub(crate) fn subclass_check(c: &Rc<Class>, abc: &Rc<Class>) -> bool {
    let name = &*abc.name;
    if let Some(kind) = builtin_kind(c) {
        if registered(&kind).contains(&name) {
            return true;
        }
        if c.builtin.is_some() {
            return false;
        }
    }
    if name == "Hashable" {
        return class_hashable(c);
    }
    match required(name) {
        Some(methods) => methods
            .iter()
            .all(|m| c.lookup(m).is_some_and(|v| !matches!(v, Value::None))),
        None => false,
    }
}

/// `isinstance(v, abc)` for an ABC of `collections.abc`, when `v`'s class
/// does not derive from it.
pub(crate) fn instance_check(v: &Value, abc: &Rc<Class>) -> bool {
    let name = &*abc.name;
    match v {
        Value::Object(o) => subclass_check(&o.class, abc),
        Value::Native(n) => {
            let t = n.type_name();
            if registered(t).contains(&name) {
                return true;
            }
            if name == "Hashable" {
                return !matches!(t, "dict_keys" | "dict_items" | "deque");
            }
            match required(name) {
                Some(methods) => methods.iter().all(|m| n.get_attr(n, m).is_some()),
                None => false,
            }
        }
        other => registered(&other.type_name()).contains(&name),
    }
}
