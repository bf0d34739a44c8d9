//! `types`: `SimpleNamespace` and the names of the built-in types.
//!
//! `SimpleNamespace` takes keyword arguments only (as in 3.11), prints as
//! `namespace(...)` (`namespace(...)` again for itself inside itself),
//! compares by its attributes, is unhashable and names itself
//! `types.SimpleNamespace` in attribute errors, as CPython's C type does.
//! The type names are the classes `type()` gives for a function,
//! coroutine, generator, module, built-in function, bound method and
//! `None`.
//!
//! Left out: `new_class`, `prepare_class`, `MappingProxyType`, `CodeType`,
//! `FrameType`, `TracebackType`, `DynamicClassAttribute`, `coroutine`.

use super::{make_module, method, new_class, recv};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    static NAMESPACE: Rc<Class> = namespace_class();
    /// The namespaces whose `repr` is being made (for `namespace(...)`).
    static IN_REPR: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

fn namespace_class() -> Rc<Class> {
    let methods: &[(&str, BuiltinFn)] = &[
        ("__init__", |_, a| {
            let this = recv(&a)?;
            if a.pos.len() > 1 {
                return Err(Exc::type_error("no positional arguments expected"));
            }
            if let Value::Object(ref o) = this {
                let mut d = o.dict.borrow_mut();
                for (k, v) in a.kw {
                    d.insert(k, v);
                }
            }
            Ok(Value::None)
        }),
        ("__repr__", ns_repr),
        ("__eq__", |i, a| ns_cmp(i, a, false)),
        ("__ne__", |i, a| ns_cmp(i, a, true)),
        ("__hash__", |_, _| {
            Err(Exc::type_error("unhashable type: 'types.SimpleNamespace'"))
        }),
        ("__getattr__", |_, a| {
            let name = match a.pos.get(1) {
                Some(v) => crate::format::str_plain(v),
                None => String::new(),
            };
            Err(Exc::attribute_error(format!(
                "'types.SimpleNamespace' object has no attribute '{name}'"
            )))
        }),
    ];
    let items = methods.iter().map(|(n, f)| (*n, method(n, *f))).collect();
    new_class("SimpleNamespace", "types", None, items)
}

fn ns_repr(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let this = recv(&a)?;
    let Value::Object(ref o) = this else {
        return Ok(Value::str("namespace()"));
    };
    let id = Rc::as_ptr(o) as usize;
    if IN_REPR.with(|s| s.borrow().contains(&id)) {
        return Ok(Value::str("namespace(...)"));
    }
    let items: Vec<(Rc<str>, Value)> = o
        .dict
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    IN_REPR.with(|s| s.borrow_mut().push(id));
    let parts: Result<Vec<String>, Exc> = items
        .iter()
        .map(|(k, v)| Ok(format!("{k}={}", interp.repr(v)?)))
        .collect();
    IN_REPR.with(|s| s.borrow_mut().retain(|x| *x != id));
    Ok(Value::str(format!("namespace({})", parts?.join(", "))))
}

fn ns_cmp(interp: &Interp, a: Args, negate: bool) -> Result<Value, Exc> {
    let class = NAMESPACE.with(Rc::clone);
    let (Some(x), Some(y)) = (a.pos.first(), a.pos.get(1)) else {
        return Err(Exc::type_error("expected 1 argument, got 0"));
    };
    if !crate::builtins::is_instance(y, &class) {
        return Ok(super::not_implemented(interp));
    }
    let dict_of = |v: &Value| -> Value {
        let Value::Object(ref o) = v else {
            return Value::None;
        };
        let d: Dict = o
            .dict
            .borrow()
            .iter()
            .map(|(k, v)| (Key(Value::Str(k.clone())), v.clone()))
            .collect();
        Value::dict(d)
    };
    let same = interp.eq(&dict_of(x), &dict_of(y))?;
    Ok(Value::Bool(same != negate))
}

/// `type(v)`.
fn type_of(v: &Value) -> Value {
    crate::builtins::class_of(v)
}

pub(super) fn module() -> Value {
    let function = crate::classes::type_class("function")
        .map(Value::Class)
        .unwrap_or(Value::None);
    let builtin = type_of(&super::func("len", |_, _| Ok(Value::None)));
    make_module(
        "types",
        vec![
            ("SimpleNamespace", Value::Class(NAMESPACE.with(Rc::clone))),
            ("FunctionType", function.clone()),
            ("LambdaType", function),
            ("CoroutineType", crate::builtins::native_class("coroutine")),
            ("GeneratorType", crate::builtins::native_class("generator")),
            (
                "AsyncGeneratorType",
                crate::builtins::native_class("async_generator"),
            ),
            ("ModuleType", crate::builtins::native_class("module")),
            ("BuiltinFunctionType", builtin.clone()),
            ("BuiltinMethodType", builtin),
            ("MethodType", crate::builtins::native_class("method")),
            ("NoneType", type_of(&Value::None)),
        ],
    )
}
