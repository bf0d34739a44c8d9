//! `enum`: `Enum`, `IntEnum`, `StrEnum`, `Flag`, `IntFlag`, `auto` and
//! `unique`.
//!
//! Members are made by the base class's `__init_subclass__` hook, which
//! turns each plain class attribute into an instance of the class
//! (`<Color.RED: 1>`, with `.name` and `.value`). The evaluator must call
//! that hook when a subclass is created (CPython calls it from
//! `type.__new__`). `Color(1)` returns an object equal to `Color.RED` (not
//! the same object: `is` is false). Iterating over the class, `len(Color)`
//! and `Color["RED"]` (what `EnumType` gives in CPython) are answered by
//! [`class_members`] and [`class_member`], which the evaluator asks for any
//! class (as `Interp::enum_members` and `Interp::enum_member`).

use super::{
    call_builtin, func, make_module, method, new_class, new_object, new_object_with,
    not_implemented, set_slot, slot, split_first,
};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::ir::{BinOp, CmpOp};
use crate::value::*;
use std::any::Any;
use std::rc::Rc;

/// The members of an enum class in definition order, aliases left out
/// (`list(Color)`, `len(Color)`); `None` for a class that is not an enum
/// with members.
pub fn class_members(c: &Rc<Class>) -> Option<Vec<Value>> {
    let d = c.dict.borrow();
    let Some(Value::List(names)) = d.get("_member_names_") else {
        return None;
    };
    let names = names.borrow();
    Some(
        names
            .iter()
            .filter_map(|n| match n {
                Value::Str(s) => d.get(&**s).cloned(),
                _ => None,
            })
            .collect(),
    )
}

/// `Color["RED"]`: the member named `key` (aliases too), or `KeyError`;
/// `None` for a class that is not an enum with members.
pub fn class_member(c: &Rc<Class>, key: &Value) -> Option<Result<Value, Exc>> {
    let d = c.dict.borrow();
    let Some(Value::Dict(members)) = d.get("_member_map_") else {
        return None;
    };
    let found = Key::new(key.clone())
        .ok()
        .and_then(|k| members.borrow().get(&k).cloned());
    Some(found.ok_or_else(|| Exc::new(crate::exc::class("KeyError"), vec![key.clone()])))
}

/// `auto()`.
struct Auto;

impl Native for Auto {
    fn type_name(&self) -> &'static str {
        "auto"
    }
    fn repr(&self) -> String {
        "auto(_auto_null)".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Plain,
    Int,
    Str,
    Flag,
}

fn kind_of(c: &Rc<Class>) -> Kind {
    for x in c.ancestry() {
        if &*x.module == "enum" {
            return match &*x.name {
                "IntEnum" | "IntFlag" => {
                    if &*x.name == "IntFlag" {
                        Kind::Flag
                    } else {
                        Kind::Int
                    }
                }
                "StrEnum" => Kind::Str,
                "Flag" => Kind::Flag,
                _ => Kind::Plain,
            };
        }
    }
    Kind::Plain
}

fn is_int_like(c: &Rc<Class>) -> bool {
    for x in c.ancestry() {
        if &*x.module == "enum" && matches!(&*x.name, "IntEnum" | "IntFlag") {
            return true;
        }
    }
    false
}

/// The `enum` module.
pub(super) fn module() -> Value {
    let base = enum_class("Enum", None);
    let int_enum = enum_class("IntEnum", Some(base.clone()));
    let str_enum = enum_class("StrEnum", Some(base.clone()));
    let flag = enum_class("Flag", Some(base.clone()));
    let int_flag = enum_class("IntFlag", Some(flag.clone()));
    make_module(
        "enum",
        vec![
            ("Enum", Value::Class(base)),
            ("IntEnum", Value::Class(int_enum)),
            ("StrEnum", Value::Class(str_enum)),
            ("Flag", Value::Class(flag)),
            ("IntFlag", Value::Class(int_flag)),
            (
                "auto",
                func("auto", |_, _| Ok(Value::Native(Rc::new(Auto)))),
            ),
            ("unique", func("unique", unique)),
            ("EnumMeta", Value::Class(crate::classes::object_class())),
            ("EnumType", Value::Class(crate::classes::object_class())),
        ],
    )
}

fn enum_class(name: &str, base: Option<Rc<Class>>) -> Rc<Class> {
    let methods: &[(&str, BuiltinFn)] = &[
        ("__init_subclass__", init_subclass),
        ("__init__", enum_init),
        ("__repr__", enum_repr),
        ("__str__", enum_str),
        ("__format__", |i, a| {
            let this = super::recv(&a)?;
            let spec = a.pos.get(1).cloned().unwrap_or(Value::str(""));
            let text = match kind_of(class_of(&this)?) {
                Kind::Plain | Kind::Flag if !is_int_like(class_of(&this)?) => {
                    let text = enum_str(i, Args::new(vec![this]))?;
                    Value::str(i.format_value(&text, &crate::format::str_plain(&spec))?)
                }
                _ => {
                    Value::str(i.format_value(&value_of(&this), &crate::format::str_plain(&spec))?)
                }
            };
            Ok(text)
        }),
        ("__eq__", enum_eq),
        ("__ne__", |i, a| {
            let r = enum_eq(i, a)?;
            Ok(match r {
                Value::Bool(b) => Value::Bool(!b),
                other => other,
            })
        }),
        ("__hash__", |i, a| {
            let this = &super::recv(&a)?;
            if is_int_like(class_of(this)?)
                || kind_of(class_of(this)?) == Kind::Str
                || this.inner().is_some()
            {
                return call_builtin(i, "hash", Args::new(vec![value_of(this)]));
            }
            call_builtin(
                i,
                "hash",
                Args::new(vec![slot(this, "_name_").unwrap_or(Value::None)]),
            )
        }),
    ];
    let mut items: Vec<(&str, Value)> = methods.iter().map(|(n, f)| (*n, method(n, *f))).collect();
    if matches!(name, "IntEnum" | "IntFlag" | "StrEnum") {
        let ops: &[(&str, BuiltinFn)] = &[
            ("__lt__", |i, a| value_cmp(i, a, CmpOp::Lt)),
            ("__le__", |i, a| value_cmp(i, a, CmpOp::LtE)),
            ("__gt__", |i, a| value_cmp(i, a, CmpOp::Gt)),
            ("__ge__", |i, a| value_cmp(i, a, CmpOp::GtE)),
            ("__add__", |i, a| value_op(i, a, BinOp::Add, false)),
            ("__radd__", |i, a| value_op(i, a, BinOp::Add, true)),
            ("__sub__", |i, a| value_op(i, a, BinOp::Sub, false)),
            ("__rsub__", |i, a| value_op(i, a, BinOp::Sub, true)),
            ("__mul__", |i, a| value_op(i, a, BinOp::Mul, false)),
            ("__rmul__", |i, a| value_op(i, a, BinOp::Mul, true)),
            ("__floordiv__", |i, a| {
                value_op(i, a, BinOp::FloorDiv, false)
            }),
            ("__truediv__", |i, a| value_op(i, a, BinOp::Div, false)),
            ("__mod__", |i, a| value_op(i, a, BinOp::Mod, false)),
            ("__int__", |_, a| Ok(value_of(&super::recv(&a)?))),
            ("__index__", |_, a| Ok(value_of(&super::recv(&a)?))),
        ];
        items.extend(ops.iter().map(|(n, f)| (*n, method(n, *f))));
    }
    if matches!(name, "Flag" | "IntFlag") {
        let ops: &[(&str, BuiltinFn)] = &[
            ("__or__", |i, a| flag_op(i, a, BinOp::BitOr)),
            ("__and__", |i, a| flag_op(i, a, BinOp::BitAnd)),
            ("__contains__", flag_contains),
        ];
        items.extend(ops.iter().map(|(n, f)| (*n, method(n, *f))));
    }
    new_class(name, "enum", base, items)
}

fn class_of(v: &Value) -> Result<&Rc<Class>, Exc> {
    match v {
        Value::Object(o) => Ok(&o.class),
        other => Err(Exc::type_error(format!(
            "expected an enum member, got '{}'",
            other.type_name()
        ))),
    }
}

fn value_of(v: &Value) -> Value {
    slot(v, "_value_").unwrap_or(Value::None)
}

fn is_member_candidate(name: &str, v: &Value) -> bool {
    if name.starts_with("__") && name.ends_with("__")
        || (name.starts_with('_') && name.ends_with('_') && name.len() > 2)
    {
        return false;
    }
    if crate::builtins::descriptor_kind(v).is_some() {
        return false;
    }
    !matches!(
        v,
        Value::Function(_) | Value::Builtin(_) | Value::Bound(_) | Value::Class(_)
    )
}

/// Turns the class attributes of a new enum class into members.
fn init_subclass(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let Some(Value::Class(ref cls)) = a.pos.first().cloned() else {
        return Ok(Value::None);
    };
    if cls.dict.borrow().contains_key("_member_map_") {
        return Ok(Value::None);
    }
    let kind = kind_of(cls);
    let attrs: Vec<(Rc<str>, Value)> = cls
        .dict
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut members = Dict::default();
    let mut names = Vec::new();
    let mut last: Option<Value> = None;
    for (name, v) in attrs {
        if !is_member_candidate(&name, &v) {
            continue;
        }
        let value = if native_ref::<Auto>(&v).is_some() {
            match kind {
                Kind::Str => Value::str(name.to_lowercase()),
                Kind::Flag => match last.as_ref().and_then(|l| l.as_int()) {
                    Some(l) if l > 0 => Value::Int(1i64 << (64 - l.leading_zeros()).min(62)),
                    _ => Value::Int(1),
                },
                _ => match last.as_ref().and_then(|l| l.as_int()) {
                    Some(l) => Value::Int(l + 1),
                    None => Value::Int(1),
                },
            }
        } else {
            v
        };
        if kind == Kind::Int && value.as_int().is_none() {
            return Err(Exc::value_error(format!(
                "invalid literal for int() with base 10: {}",
                interp.repr(&value)?
            )));
        }
        if kind == Kind::Str && !matches!(value, Value::Str(_)) {
            return Err(Exc::type_error(format!(
                "{} is not a string",
                interp.repr(&value)?
            )));
        }
        last = Some(value.clone());
        let mut existing = None;
        for (_, m) in members.iter() {
            if interp.eq(&value_of(m), &value)? {
                existing = Some(m.clone());
                break;
            }
        }
        let member = match existing {
            Some(m) => m,
            None => {
                // A mixin (`class Color(str, Enum)`): the member is also
                // the built-in value.
                let inner = match cls.builtin_root() {
                    Some(BuiltinType::Object) | None => None,
                    Some(root) => {
                        let base = crate::builtins::class_of(&value);
                        let same = matches!(&base, Value::Class(b) if b.builtin == Some(root));
                        if same {
                            Some(value.clone())
                        } else {
                            match cls.ancestry().find(|k| k.builtin == Some(root)) {
                                Some(k) => Some(interp.call(
                                    &Value::Class(k.clone()),
                                    Args::new(vec![value.clone()]),
                                )?),
                                None => None,
                            }
                        }
                    }
                };
                let m = new_object_with(cls, inner);
                set_slot(&m, "_name_", Value::Str(name.clone()));
                set_slot(&m, "_value_", value.clone());
                set_slot(&m, "name", Value::Str(name.clone()));
                set_slot(&m, "value", value);
                names.push(Value::Str(name.clone()));
                m
            }
        };
        members.insert(Key(Value::Str(name.clone())), member.clone());
        cls.dict.borrow_mut().insert(name, member);
    }
    let mut d = cls.dict.borrow_mut();
    d.insert("__members__".into(), Value::dict(members.clone()));
    d.insert("_member_map_".into(), Value::dict(members));
    d.insert("_member_names_".into(), Value::list(names));
    Ok(Value::None)
}

/// `Color(1)`: fills the new object in from the member with that value.
fn enum_init(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let cls = class_of(&this)?.clone();
    let value = a.pos.first().cloned().ok_or_else(|| {
        Exc::type_error(format!(
            "{}() missing 1 required positional argument: 'value'",
            cls.name
        ))
    })?;
    if let Some(Value::Dict(ref members)) = cls.lookup("_member_map_") {
        let ms: Vec<Value> = members.borrow().values().cloned().collect();
        for m in ms {
            if interp.eq(&value_of(&m), &value)? {
                for k in ["_name_", "_value_", "name", "value"] {
                    set_slot(&this, k, slot(&m, k).unwrap_or(Value::None));
                }
                return Ok(Value::None);
            }
        }
    }
    Err(Exc::value_error(format!(
        "{} is not a valid {}",
        interp.repr(&value)?,
        cls.qualname
    )))
}

fn enum_repr(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let this = &super::recv(&a)?;
    let c = class_of(this)?;
    let name = crate::format::str_plain(&slot(this, "_name_").unwrap_or(Value::None));
    Ok(Value::str(format!(
        "<{}.{name}: {}>",
        c.name,
        interp.repr(&value_of(this))?
    )))
}

fn enum_str(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let this = &super::recv(&a)?;
    let c = class_of(this)?;
    if is_int_like(c) || kind_of(c) == Kind::Str {
        return Ok(Value::str(interp.str(&value_of(this))?));
    }
    let name = crate::format::str_plain(&slot(this, "_name_").unwrap_or(Value::None));
    Ok(Value::str(format!("{}.{name}", c.name)))
}

fn enum_eq(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let this = &super::recv(&a)?;
    let other = a.pos.get(1).cloned().unwrap_or(Value::None);
    let c = class_of(this)?;
    if let Value::Object(o) = &other {
        if Rc::ptr_eq(&o.class, c) && slot(&other, "_name_").is_some() {
            let same = slot(this, "_name_")
                .zip(slot(&other, "_name_"))
                .is_some_and(|(x, y)| x.py_eq_shallow(&y));
            return Ok(Value::Bool(same));
        }
    }
    if is_int_like(c) || kind_of(c) == Kind::Str || this.inner().is_some() {
        let rhs = if matches!(other, Value::Object(_)) && slot(&other, "_value_").is_some() {
            value_of(&other)
        } else {
            other
        };
        return Ok(Value::Bool(interp.eq(&value_of(this), &rhs)?));
    }
    if matches!(other, Value::Object(_)) {
        return Ok(Value::Bool(this.is(&other)));
    }
    Ok(not_implemented(interp))
}

fn operand(v: &Value) -> Value {
    if matches!(v, Value::Object(_)) && slot(v, "_value_").is_some() {
        value_of(v)
    } else {
        v.clone()
    }
}

fn value_cmp(interp: &Interp, a: Args, op: CmpOp) -> Result<Value, Exc> {
    let other = a.pos.get(1).cloned().unwrap_or(Value::None);
    interp.compare(op, &value_of(&super::recv(&a)?), &operand(&other))
}

fn value_op(interp: &Interp, a: Args, op: BinOp, reflected: bool) -> Result<Value, Exc> {
    let other = operand(&a.pos.get(1).cloned().unwrap_or(Value::None));
    let me = value_of(&super::recv(&a)?);
    if reflected {
        interp.binary_op(op, other, me)
    } else {
        interp.binary_op(op, me, other)
    }
}

fn flag_op(interp: &Interp, a: Args, op: BinOp) -> Result<Value, Exc> {
    let this = super::recv(&a)?;
    let c = class_of(&this)?.clone();
    let v = interp.binary_op(
        op,
        value_of(&this),
        operand(&a.pos.get(1).cloned().unwrap_or(Value::None)),
    )?;
    if let Some(Value::Dict(ref members)) = c.lookup("_member_map_") {
        let ms: Vec<Value> = members.borrow().values().cloned().collect();
        for m in ms {
            if interp.eq(&value_of(&m), &v)? {
                return Ok(m);
            }
        }
        // A combination: name it `A|B` as CPython does.
        let mut parts = Vec::new();
        let bits = v.as_int().unwrap_or(0);
        for m in members.borrow().values() {
            if let Some(b) = value_of(m).as_int() {
                if b != 0 && bits & b == b {
                    parts.push(crate::format::str_plain(
                        &slot(m, "_name_").unwrap_or(Value::None),
                    ));
                }
            }
        }
        let combo = new_object(&c);
        let name = Value::str(parts.join("|"));
        set_slot(&combo, "_name_", name.clone());
        set_slot(&combo, "name", name);
        set_slot(&combo, "_value_", v.clone());
        set_slot(&combo, "value", v);
        return Ok(combo);
    }
    Ok(v)
}

/// `member in flags`: whether all of the member's bits are set.
fn flag_contains(_: &Interp, a: Args) -> Result<Value, Exc> {
    let this = super::recv(&a)?;
    let c = class_of(&this)?.clone();
    let other = a.pos.get(1).cloned().unwrap_or(Value::None);
    let same = matches!(&other, Value::Object(o) if o.class.is_subclass(&c));
    if !same {
        return Err(Exc::type_error(format!(
            "unsupported operand type(s) for 'in': '{}' and '{}'",
            other.type_name(),
            c.name
        )));
    }
    let (Some(mine), Some(theirs)) = (value_of(&this).as_int(), value_of(&other).as_int()) else {
        return Ok(Value::Bool(false));
    };
    Ok(Value::Bool(mine & theirs == theirs))
}

fn unique(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let Some(Value::Class(ref c)) = a.pos.first().cloned() else {
        return Err(Exc::type_error("unique() expects an enum class"));
    };
    if let Some(Value::Dict(members)) = c.dict.borrow().get("_member_map_") {
        let mut dups = Vec::new();
        for (k, m) in members.borrow().iter() {
            let name = crate::format::str_plain(&k.0);
            let canonical = crate::format::str_plain(&slot(m, "_name_").unwrap_or(Value::None));
            if name != canonical {
                dups.push(format!("{name} -> {canonical}"));
            }
        }
        if !dups.is_empty() {
            return Err(Exc::value_error(format!(
                "duplicate values found in <enum '{}'>: {}",
                c.name,
                dups.join(", ")
            )));
        }
    }
    let _ = interp;
    Ok(Value::Class(c.clone()))
}

/// What the protocols (`ops`) and the builtins ask of any class, as
/// methods of the interpreter, which sits below this module.
impl Interp {
    /// [`class_members`]: an enum class's members, in order.
    pub(crate) fn enum_members(&self, c: &Rc<Class>) -> Option<Vec<Value>> {
        class_members(c)
    }

    /// [`class_member`]: `EnumClass[key]`.
    pub(crate) fn enum_member(&self, c: &Rc<Class>, key: &Value) -> Option<Result<Value, Exc>> {
        class_member(c, key)
    }
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn members_after_the_subclass_hook() {
        // The evaluator does not call `__init_subclass__` yet, so the test
        // calls the hook the way `type.__new__` would. Expected values:
        // CPython 3.11 (see the module docs for what differs).
        let src = "from enum import Enum, IntEnum, StrEnum, auto, unique\nclass Color(Enum):\n    RED = 1\n    GREEN = 2\n    ALIAS = 1\n    def describe(self):\n        return self.name.lower()\nEnum.__init_subclass__(Color)\nclass N(IntEnum):\n    A = 1\n    B = auto()\nIntEnum.__init_subclass__(N)\nclass S(StrEnum):\n    X = auto()\n    Y = 'why'\nStrEnum.__init_subclass__(S)\nprint(Color.RED, repr(Color.RED), Color.RED.name, Color.RED.value, Color.ALIAS is Color.RED, Color(2), Color.GREEN.describe())\nprint(N.A, repr(N.B), N.A == 1, N.B + 1, N.A < N.B, f'{N.A}', f'{Color.RED}', str(S.X), repr(S.Y), S.X == 'x')\nprint(Color.__members__, type(Color.RED).__name__, isinstance(Color.RED, Color), Color(1) == Color.RED, Color.RED != Color.GREEN)\ntry:\n    Color(5)\nexcept ValueError as e:\n    print(e)\nclass D(Enum):\n    A = 1\n    B = 1\nEnum.__init_subclass__(D)\ntry:\n    unique(D)\nexcept ValueError as e:\n    print(e)\n";
        assert_eq!(
            run_py(src),
            "Color.RED <Color.RED: 1> RED 1 True Color.GREEN green\n1 <N.B: 2> True 3 True 1 Color.RED x <S.Y: 'why'> True\n{'RED': <Color.RED: 1>, 'GREEN': <Color.GREEN: 2>, 'ALIAS': <Color.RED: 1>} Color True True True\n5 is not a valid Color\nduplicate values found in <enum 'D'>: B -> A\n"
        );
    }
}
