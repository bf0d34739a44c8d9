//! `typing` and `abc`.
//!
//! Type hints have no effect at run time, so `typing`'s special forms
//! (`List`, `Optional`, `Callable`, ...) are permissive objects that can be
//! subscripted (`List[int]` → `typing.List[int]`), called (returning their
//! argument) and used with `isinstance` (always true). `Generic` and
//! `Protocol` are `object`, so classes can derive from them (subscripting
//! a class returns the class). `NamedTuple` and `TypedDict` are real base
//! classes. `abc.ABC` checks `@abstractmethod`s when instantiated (through
//! its `__init__`, so a subclass `__init__` that does not call
//! `super().__init__()` skips the check).

use super::{func, make_module, method, new_class, split_first};
use crate::classes::object_class;
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::bound;
use crate::value::*;
use std::any::Any;
use std::rc::Rc;

/// A special form or alias of `typing`.
struct TypingObj {
    name: Rc<str>,
    repr: String,
}

fn typing_obj(name: &str) -> Value {
    Value::Native(Rc::new(TypingObj {
        name: name.into(),
        repr: format!("typing.{name}"),
    }))
}

/// How a type argument shows inside `X[...]`.
fn arg_repr(v: &Value) -> String {
    match v {
        Value::Class(c) => match &*c.module {
            "builtins" => c.name.to_string(),
            m => format!("{m}.{}", c.qualname),
        },
        Value::List(l) => format!(
            "[{}]",
            l.borrow()
                .iter()
                .map(arg_repr)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Tuple(t) if t.is_empty() => "()".into(),
        Value::None => "None".into(),
        Value::Str(s) => s.to_string(),
        Value::Native(n) if n.type_name() == "ellipsis" => "...".into(),
        other => crate::format::repr_plain(other),
    }
}

impl Native for TypingObj {
    fn type_name(&self) -> &'static str {
        "typing"
    }
    fn repr(&self) -> String {
        self.repr.clone()
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "__name__" | "__qualname__" => {
                Some(Value::Str(self.name.split('[').next().unwrap_or("").into()))
            }
            "__module__" => Some(Value::str("typing")),
            "__getitem__" => Some(bound(this, "__getitem__", |_, a| {
                let Some(me) = a.pos.first().and_then(native_ref::<TypingObj>) else {
                    return Err(Exc::type_error("typing"));
                };
                let args: Vec<Value> = match a.pos.get(1) {
                    Some(Value::Tuple(t)) => t.to_vec(),
                    Some(v) => vec![v.clone()],
                    None => Vec::new(),
                };
                let base = me.name.split('[').next().unwrap_or("");
                // `Literal`'s arguments are values, `Annotated`'s after the
                // first are metadata: both show as reprs. Elsewhere a string
                // is a forward reference to a type.
                let inner = args
                    .iter()
                    .enumerate()
                    .map(|(i, v)| match (base, i, v) {
                        ("Literal", ..) | ("Annotated", 1.., _) => crate::format::repr_plain(v),
                        (_, _, Value::Str(_)) => {
                            format!("ForwardRef({})", crate::format::repr_plain(v))
                        }
                        _ => arg_repr(v),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let name = format!("{base}[{inner}]");
                Ok(Value::Native(Rc::new(TypingObj {
                    repr: format!("typing.{name}"),
                    name: name.into(),
                })))
            })),
            "__call__" => Some(bound(this, "__call__", |_, a| {
                Ok(a.pos.get(1).cloned().unwrap_or(Value::None))
            })),
            "__args__" => Some(Value::tuple(Vec::new())),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

const FORMS: &[&str] = &[
    "Any",
    "Union",
    "Optional",
    "List",
    "Dict",
    "Set",
    "FrozenSet",
    "Tuple",
    "Type",
    "Callable",
    "Awaitable",
    "Coroutine",
    "AsyncIterator",
    "AsyncIterable",
    "AsyncGenerator",
    "Iterator",
    "Iterable",
    "Generator",
    "Sequence",
    "MutableSequence",
    "Mapping",
    "MutableMapping",
    "MutableSet",
    "AbstractSet",
    "Literal",
    "Final",
    "ClassVar",
    "Annotated",
    "Deque",
    "DefaultDict",
    "OrderedDict",
    "Counter",
    "ChainMap",
    "NoReturn",
    "Never",
    "Self",
    "LiteralString",
    "TypeAlias",
    "Hashable",
    "Sized",
    "Collection",
    "Container",
    "Reversible",
    "SupportsInt",
    "SupportsFloat",
    "SupportsAbs",
    "SupportsIndex",
    "SupportsRound",
    "IO",
    "TextIO",
    "BinaryIO",
    "Pattern",
    "Match",
    "AnyStr",
    "Concatenate",
    "TypeGuard",
    "Required",
    "NotRequired",
    "Unpack",
    "KeysView",
    "ValuesView",
    "ItemsView",
    "ContextManager",
    "AsyncContextManager",
    "ByteString",
];

/// The `typing` module.
pub(super) fn module() -> Value {
    let mut items: Vec<(&str, Value)> = FORMS.iter().map(|n| (*n, typing_obj(n))).collect();
    items.extend([
        ("TYPE_CHECKING", Value::Bool(false)),
        ("Generic", Value::Class(object_class())),
        ("Protocol", Value::Class(object_class())),
        ("Text", crate::builtins::class_of(&Value::str(""))),
        ("NamedTuple", Value::Class(named_tuple_base())),
        (
            "TypedDict",
            Value::Class(super::collections::typed_dict_base()),
        ),
        ("TypeVar", func("TypeVar", type_var)),
        ("ParamSpec", func("ParamSpec", type_var)),
        ("TypeVarTuple", func("TypeVarTuple", type_var)),
        ("NewType", func("NewType", new_type)),
        (
            "cast",
            func("cast", |_, a| {
                Ok(a.pos.get(1).cloned().unwrap_or(Value::None))
            }),
        ),
        (
            "assert_type",
            func("assert_type", |_, a| {
                Ok(a.pos.first().cloned().unwrap_or(Value::None))
            }),
        ),
        (
            "reveal_type",
            func("reveal_type", |_, a| {
                Ok(a.pos.first().cloned().unwrap_or(Value::None))
            }),
        ),
        (
            "get_type_hints",
            func("get_type_hints", |i, a| {
                let obj = a.pos.first().cloned().unwrap_or(Value::None);
                Ok(i.try_getattr(&obj, "__annotations__")?
                    .unwrap_or_else(|| Value::dict(Dict::default())))
            }),
        ),
        ("overload", identity("overload")),
        ("final", identity("final")),
        ("runtime_checkable", identity("runtime_checkable")),
        ("no_type_check", identity("no_type_check")),
        (
            "dataclass_transform",
            func("dataclass_transform", |_, _| Ok(identity("decorator"))),
        ),
    ]);
    make_module("typing", items)
}

fn identity(name: &str) -> Value {
    func(name, |_, a| {
        Ok(a.pos.first().cloned().unwrap_or(Value::None))
    })
}

fn type_var(_: &Interp, a: Args) -> Result<Value, Exc> {
    let name: Rc<str> = match a.pos.first() {
        Some(Value::Str(s)) => s.clone(),
        _ => {
            return Err(Exc::type_error(
                "TypeVar() missing required argument 'name'",
            ))
        }
    };
    Ok(Value::Native(Rc::new(TypingObj {
        repr: format!("~{name}"),
        name,
    })))
}

fn new_type(_: &Interp, a: Args) -> Result<Value, Exc> {
    let name: Rc<str> = match a.pos.first() {
        Some(Value::Str(s)) => s.clone(),
        _ => {
            return Err(Exc::type_error(
                "NewType() missing required argument 'name'",
            ))
        }
    };
    Ok(Value::Builtin(Rc::new(Builtin {
        name,
        func: |_, a| Ok(a.pos.first().cloned().unwrap_or(Value::None)),
        data: None,
    })))
}

/// `typing.NamedTuple`: a base class whose subclasses' annotated fields
/// become named-tuple fields.
fn named_tuple_base() -> Rc<Class> {
    let mut items = super::collections::record_methods();
    items.push((
        "__init_subclass__",
        method("__init_subclass__", named_tuple_subclass),
    ));
    new_class("NamedTuple", "typing", None, items)
}

/// Fixes a `NamedTuple` subclass's `_fields` (when the evaluator calls
/// `__init_subclass__`; otherwise the fields are read from the
/// annotations on each use).
fn named_tuple_subclass(_: &Interp, a: Args) -> Result<Value, Exc> {
    if let Some(Value::Class(c)) = a.pos.first() {
        let (fields, defaults) = super::collections::fields_of(c);
        let names = Value::tuple(fields.iter().map(|f| Value::Str(f.clone())).collect());
        let fd: Dict = fields
            .iter()
            .zip(defaults)
            .filter_map(|(f, d)| d.map(|d| (Key(Value::Str(f.clone())), d)))
            .collect();
        let mut d = c.dict.borrow_mut();
        d.insert("_fields".into(), names.clone());
        d.insert("__match_args__".into(), names);
        d.insert("_field_defaults".into(), Value::dict(fd));
    }
    Ok(Value::None)
}

// ------------------------------------------------------------------- abc

/// The `abc` module.
pub(super) fn abc_module() -> Value {
    let abc = new_class(
        "ABC",
        "abc",
        None,
        vec![("__init__", method("__init__", abc_init))],
    );
    make_module(
        "abc",
        vec![
            ("ABC", Value::Class(abc.clone())),
            ("ABCMeta", Value::Class(abc)),
            ("abstractmethod", func("abstractmethod", abstractmethod)),
            (
                "abstractproperty",
                func("abstractproperty", |i, a| {
                    super::call_builtin(i, "property", a)
                }),
            ),
            (
                "abstractclassmethod",
                func("abstractclassmethod", |i, a| {
                    super::call_builtin(i, "classmethod", a)
                }),
            ),
            (
                "abstractstaticmethod",
                func("abstractstaticmethod", |i, a| {
                    super::call_builtin(i, "staticmethod", a)
                }),
            ),
        ],
    )
}

fn abstractmethod(_: &Interp, a: Args) -> Result<Value, Exc> {
    let f = a.pos.first().cloned().ok_or_else(|| {
        Exc::type_error("abstractmethod() missing 1 required positional argument: 'funcobj'")
    })?;
    if let Value::Function(ref func) = crate::builtins::unwrap_descriptor(&f) {
        func.attrs
            .borrow_mut()
            .insert("__isabstractmethod__".into(), Value::Bool(true));
    }
    Ok(f)
}

fn abc_init(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let Value::Object(o) = &this else {
        return Ok(Value::None);
    };
    if let Some(e) = crate::builtins::abstract_error(&o.class) {
        return Err(e);
    }
    if !a.pos.is_empty() || !a.kw.is_empty() {
        return Err(Exc::type_error(format!(
            "{}() takes no arguments",
            o.class.name
        )));
    }
    Ok(Value::None)
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn typing_forms() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from typing import Any, Callable, Dict, List, Optional, Tuple, Union, Awaitable, TypeVar, Generic, Protocol, NamedTuple, TypedDict, cast, NewType, TYPE_CHECKING\nimport typing\nT = TypeVar('T')\nHandler = Callable[[int], Awaitable[str]]\nprint(Optional[str], List[int], Dict[str, Any], Any, T, Union[int, str], Callable[[int], str], List.__name__, TYPE_CHECKING)\nclass Box(Generic[T]):\n    def __init__(self, v: T) -> None:\n        self.v = v\nclass Greeter(Protocol):\n    def greet(self) -> str: ...\nprint(Box(3).v, cast(int, '7'), NewType('UserId', int)(5), isinstance(3, int))\nclass Movie(TypedDict):\n    title: str\nm = Movie(title='x', year=1)\nprint(m, m['title'], m == {'title': 'x', 'year': 1}, len(m))\n";
        assert_eq!(run_py(src), "typing.Optional[str] typing.List[int] typing.Dict[str, typing.Any] typing.Any ~T typing.Union[int, str] typing.Callable[[int], str] List False\n3 7 5 True\n{'title': 'x', 'year': 1} x True 2\n");
    }

    #[test]
    fn named_tuple_class() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from typing import NamedTuple\nclass P(NamedTuple):\n    __annotations__ = {'x': int, 'y': int}\n    y = 0\np = P(1)\nprint(p, P(1, 2) == (1, 2), p.x, p[1], list(P(3, 4)), p._replace(y=9), p._asdict())\n";
        assert_eq!(
            run_py(src),
            "P(x=1, y=0) True 1 0 [3, 4] P(x=1, y=9) {'x': 1, 'y': 0}\n"
        );
    }

    #[test]
    fn abc_abstract_methods() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from abc import ABC, abstractmethod\nclass S(ABC):\n    @abstractmethod\n    def area(self): ...\n    @abstractmethod\n    def per(self): ...\nclass T(S):\n    def area(self): return 1\nfor c in (S, T):\n    try: c()\n    except TypeError as e: print(e)\nclass U(T):\n    def per(self): return 2\nprint(U().area(), U().per(), S.area.__isabstractmethod__)\nclass V(ABC): pass\ntry: V(1)\nexcept TypeError as e: print(e)\nprint(type(V()).__name__)\n";
        assert_eq!(run_py(src), "Can't instantiate abstract class S with abstract methods area, per\nCan't instantiate abstract class T with abstract method per\n1 2 True\nV() takes no arguments\nV\n");
    }
}
