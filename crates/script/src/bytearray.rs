//! `bytearray`: a mutable `bytes`.
//!
//! It holds a plain byte vector. What changes it in place (item and slice
//! assignment, `append`, `extend`, `+=`, …) is written here; every other
//! method is the `bytes` method of the same name, run on a `bytes` copy and
//! its `bytes` results made bytearrays again, as CPython's bytearray
//! methods return bytearrays (`ba.upper()`, `ba.split(b",")`). Operators go
//! through the dunders below (`ba + b"x"` is a bytearray, `b"x" + ba` a
//! bytes: the left operand decides). A bytearray is unhashable, and equals
//! and orders against `bytes` and other bytearrays.
//!
//! Left out: subclassing, the buffer protocol (`memoryview`), `%`.

use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::bound;
use crate::value::*;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// A `bytearray`.
pub(crate) struct ByteArray(pub(crate) RefCell<Vec<u8>>);

crate::debug_via_repr!(ByteArray);

/// A new bytearray holding `b`.
pub(crate) fn new(b: Vec<u8>) -> Value {
    Value::Native(Rc::new(ByteArray(RefCell::new(b))))
}

/// The bytes of a `bytes` or `bytearray` value.
pub(crate) fn bytes_like(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Bytes(b) => Some(b.to_vec()),
        _ => native_ref::<ByteArray>(v).map(|b| b.0.borrow().clone()),
    }
}

/// A required bytes-like argument (`bytes` or `bytearray`): CPython's
/// `TypeError` for any other type, `missing` when it was not given.
pub(crate) fn require_bytes(v: Option<&Value>, missing: &str) -> Result<Rc<[u8]>, Exc> {
    match v {
        Some(Value::Bytes(b)) => Ok(b.clone()),
        Some(v) => bytes_like(v).map(Rc::from).ok_or_else(|| {
            Exc::type_error(format!(
                "a bytes-like object is required, not '{}'",
                v.type_name()
            ))
        }),
        None => Err(Exc::type_error(missing.to_string())),
    }
}

/// A `bytes` copy of a bytearray (`None` for anything else).
pub(crate) fn thaw(v: &Value) -> Option<Value> {
    native_ref::<ByteArray>(v).map(|b| Value::Bytes(b.0.borrow().as_slice().into()))
}

/// A byte given as an int: `TypeError` for other types, `ValueError`
/// outside 0..=255.
fn byte_of(v: &Value) -> Result<u8, Exc> {
    let i = match v {
        Value::Big(_) => i64::MAX,
        _ => v.as_int().ok_or_else(|| {
            Exc::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ))
        })?,
    };
    u8::try_from(i).map_err(|_| Exc::value_error("byte must be in range(0, 256)"))
}

/// The bytes of an iterable of ints (or of a bytes-like value).
fn bytes_of_iterable(interp: &Interp, v: &Value) -> Result<Vec<u8>, Exc> {
    if let Some(b) = bytes_like(v) {
        return Ok(b);
    }
    interp.collect(v)?.iter().map(byte_of).collect()
}

fn me(a: &Args) -> Result<&ByteArray, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<ByteArray>)
        .ok_or_else(|| Exc::type_error("expected a bytearray"))
}

fn arg(a: &Args, i: usize) -> Value {
    a.pos.get(i).cloned().unwrap_or(Value::None)
}

fn ints(b: &[u8]) -> Vec<Value> {
    b.iter().map(|&x| Value::Int(i64::from(x))).collect()
}

fn from_ints(v: &[Value]) -> Vec<u8> {
    v.iter()
        .filter_map(Value::as_int)
        .map(|x| x as u8)
        .collect()
}

fn not_implemented(i: &Interp) -> Value {
    i.builtins
        .get("NotImplemented")
        .cloned()
        .unwrap_or(Value::None)
}

/// A comparison dunder: the two byte strings' ordering tested by `test`,
/// or `NotImplemented` against a non-bytes value.
fn compare(i: &Interp, a: &Args, test: fn(std::cmp::Ordering) -> bool) -> Result<Value, Exc> {
    let this = me(a)?.0.borrow().clone();
    Ok(match bytes_like(&arg(a, 1)) {
        Some(other) => Value::Bool(test(this.cmp(&other))),
        None => not_implemented(i),
    })
}

impl Native for ByteArray {
    fn type_name(&self) -> &'static str {
        "bytearray"
    }
    fn repr(&self) -> String {
        // Unlike bytes, CPython escapes a `'` here even inside `"` quotes.
        let r = crate::format::bytes_repr(&self.0.borrow());
        let r = match r.strip_prefix("b\"") {
            Some(body) => format!("b\"{}", body.replace('\'', "\\'")),
            None => r,
        };
        format!("bytearray({r})")
    }
    fn truthy(&self) -> Option<bool> {
        Some(!self.0.borrow().is_empty())
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "__len__" => |_, a| Ok(Value::Int(me(&a)?.0.borrow().len() as i64)),
            "__iter__" => |_, a| Ok(Value::list(ints(&me(&a)?.0.borrow()))),
            "__contains__" => |_, a| {
                let b = me(&a)?.0.borrow().clone();
                let x = arg(&a, 1);
                if let Some(sub) = bytes_like(&x) {
                    return Ok(Value::Bool(
                        sub.is_empty() || b.windows(sub.len()).any(|w| w == sub.as_slice()),
                    ));
                }
                if x.as_int().is_none() && !matches!(x, Value::Big(_)) {
                    return Err(Exc::type_error(format!(
                        "a bytes-like object is required, not '{}'",
                        x.type_name()
                    )));
                }
                Ok(Value::Bool(b.contains(&byte_of(&x)?)))
            },
            "__getitem__" => |_, a| {
                let b = me(&a)?.0.borrow();
                let key = arg(&a, 1);
                if crate::builtins::as_slice(&key).is_some() {
                    let picked = crate::builtins::slice_items(&ints(&b), &key)?;
                    return Ok(new(from_ints(&picked)));
                }
                let i = crate::ops::index(&key, b.len(), "bytearray")?;
                Ok(Value::Int(i64::from(b[i])))
            },
            "__setitem__" => |i, a| {
                let this = me(&a)?;
                let (key, value) = (arg(&a, 1), arg(&a, 2));
                if crate::builtins::as_slice(&key).is_some() {
                    if value.as_int().is_some() || matches!(value, Value::Str(_)) {
                        return Err(Exc::type_error(
                            "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
                        ));
                    }
                    let new = ints(&bytes_of_iterable(i, &value)?);
                    let mut items = ints(&this.0.borrow());
                    crate::builtins::slice_assign(&mut items, &key, new)?;
                    *this.0.borrow_mut() = from_ints(&items);
                    return Ok(Value::None);
                }
                let len = this.0.borrow().len();
                let at = crate::ops::index(&key, len, "bytearray")?;
                let x = byte_of(&value)?;
                this.0.borrow_mut()[at] = x;
                Ok(Value::None)
            },
            "__delitem__" => |_, a| {
                let this = me(&a)?;
                let key = arg(&a, 1);
                let mut b = this.0.borrow_mut();
                if crate::builtins::as_slice(&key).is_some() {
                    let mut items = ints(&b);
                    crate::builtins::slice_delete(&mut items, &key)?;
                    *b = from_ints(&items);
                } else {
                    let at = crate::ops::index(&key, b.len(), "bytearray")?;
                    b.remove(at);
                }
                Ok(Value::None)
            },
            "__iadd__" => |_, a| {
                let other = arg(&a, 1);
                let add = bytes_like(&other).ok_or_else(|| {
                    Exc::type_error(format!("can't concat {} to bytearray", other.type_name()))
                })?;
                me(&a)?.0.borrow_mut().extend(add);
                Ok(arg(&a, 0))
            },
            "__imul__" => |i, a| {
                let Some(n) = arg(&a, 1).as_int() else {
                    return Ok(not_implemented(i));
                };
                let this = me(&a)?;
                let rep = this.0.borrow().repeat(n.max(0) as usize);
                *this.0.borrow_mut() = rep;
                Ok(arg(&a, 0))
            },
            "__add__" => |_, a| {
                let other = arg(&a, 1);
                let add = bytes_like(&other).ok_or_else(|| {
                    Exc::type_error(format!("can't concat {} to bytearray", other.type_name()))
                })?;
                let mut b = me(&a)?.0.borrow().clone();
                b.extend(add);
                Ok(new(b))
            },
            "__radd__" => |i, a| match arg(&a, 1) {
                Value::Bytes(ref x) => {
                    let mut b = x.to_vec();
                    b.extend(me(&a)?.0.borrow().iter());
                    Ok(Value::Bytes(b.into()))
                }
                _ => Ok(not_implemented(i)),
            },
            "__mul__" | "__rmul__" => |i, a| match arg(&a, 1).as_int() {
                Some(n) => {
                    let b = me(&a)?.0.borrow().clone();
                    let n = n.max(0) as usize;
                    if b.len().saturating_mul(n) > i.limits.max_collection {
                        return Err(Exc::of("MemoryError", "bytearray too long"));
                    }
                    Ok(new(b.repeat(n)))
                }
                None => Ok(not_implemented(i)),
            },
            "__eq__" => |i, a| compare(i, &a, std::cmp::Ordering::is_eq),
            "__ne__" => |i, a| compare(i, &a, std::cmp::Ordering::is_ne),
            "__lt__" => |i, a| compare(i, &a, std::cmp::Ordering::is_lt),
            "__le__" => |i, a| compare(i, &a, std::cmp::Ordering::is_le),
            "__gt__" => |i, a| compare(i, &a, std::cmp::Ordering::is_gt),
            "__ge__" => |i, a| compare(i, &a, std::cmp::Ordering::is_ge),
            "append" => |_, a| {
                let x = byte_of(&arg(&a, 1))?;
                me(&a)?.0.borrow_mut().push(x);
                Ok(Value::None)
            },
            "extend" => |i, a| {
                let add = bytes_of_iterable(i, &arg(&a, 1))?;
                me(&a)?.0.borrow_mut().extend(add);
                Ok(Value::None)
            },
            "insert" => |_, a| {
                let this = me(&a)?;
                let at = arg(&a, 1).as_int().ok_or_else(|| {
                    Exc::type_error("insert() takes exactly 2 arguments (index, item)")
                })?;
                let x = byte_of(&arg(&a, 2))?;
                let mut b = this.0.borrow_mut();
                let len = b.len() as i64;
                let at = if at < 0 {
                    (at + len).max(0)
                } else {
                    at.min(len)
                };
                b.insert(at as usize, x);
                Ok(Value::None)
            },
            "pop" => |_, a| {
                let mut b = me(&a)?.0.borrow_mut();
                if b.is_empty() {
                    return Err(Exc::of("IndexError", "pop from empty bytearray"));
                }
                let at = match a.pos.get(1) {
                    None => b.len() - 1,
                    Some(k) => crate::ops::index(k, b.len(), "pop")?,
                };
                Ok(Value::Int(i64::from(b.remove(at))))
            },
            "remove" => |_, a| {
                let x = byte_of(&arg(&a, 1))?;
                let mut b = me(&a)?.0.borrow_mut();
                let at = b
                    .iter()
                    .position(|&c| c == x)
                    .ok_or_else(|| Exc::value_error("value not found in bytearray"))?;
                b.remove(at);
                Ok(Value::None)
            },
            "reverse" => |_, a| {
                me(&a)?.0.borrow_mut().reverse();
                Ok(Value::None)
            },
            "clear" => |_, a| {
                me(&a)?.0.borrow_mut().clear();
                Ok(Value::None)
            },
            "copy" => |_, a| Ok(new(me(&a)?.0.borrow().clone())),
            _ if !name.starts_with("__") => {
                crate::methods::lookup(&Value::Bytes(Rc::from(&[][..])), name)?;
                return Some(delegate(this, name));
            }
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `bytes(x)` results as a bytearray method returns them.
fn refreeze(v: Value) -> Value {
    match v {
        Value::Bytes(ref b) => new(b.to_vec()),
        Value::List(ref l) => {
            let items: Vec<Value> = l.borrow().iter().cloned().map(refreeze).collect();
            Value::list(items)
        }
        Value::Tuple(ref t) => Value::tuple(t.iter().cloned().map(refreeze).collect()),
        other => other,
    }
}

/// The bytes method `name` called on a copy of `this`, what it returns in
/// bytes made bytearrays. The built-in carries `(this, name)` as its data.
fn delegate(this: &Rc<dyn Native>, name: &str) -> Value {
    let f: BuiltinFn = |i, mut a| {
        let data = a.pos.remove(0);
        let (this, name) = match &data {
            Value::Tuple(t) if t.len() == 2 => (t[0].clone(), crate::format::str_plain(&t[1])),
            _ => return Err(Exc::type_error("bad bytearray method")),
        };
        let b = thaw(&this).ok_or_else(|| Exc::type_error("expected a bytearray"))?;
        let m = crate::methods::lookup(&b, &name).ok_or_else(|| {
            Exc::attribute_error(format!("'bytearray' object has no attribute '{name}'"))
        })?;
        a.pos.insert(0, b);
        Ok(refreeze(m(i, a)?))
    };
    let data = Value::tuple(vec![Value::Native(this.clone()), Value::str(name)]);
    crate::builtins::builtin_with(name, f, data)
}

/// `bytearray(source=b"", encoding=None, errors=None)`.
pub(crate) fn b_bytearray(interp: &Interp, a: Args) -> Result<Value, Exc> {
    if a.pos.is_empty() && a.kw.is_empty() {
        return Ok(new(Vec::new()));
    }
    if let Some(b) = a.pos.first().and_then(bytes_like) {
        if a.pos.len() == 1 && a.kw.is_empty() {
            return Ok(new(b));
        }
    }
    let made = crate::methods::construct_bytes(interp, a).map_err(|e| {
        if e.is("ValueError") && e.message().contains("bytes must be in range") {
            Exc::value_error("byte must be in range(0, 256)")
        } else {
            e
        }
    })?;
    Ok(new(bytes_like(&made).unwrap_or_default()))
}

/// `bytearray.fromhex(s)`.
pub(crate) fn fromhex(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let made = crate::methods::bytes_fromhex_static(interp, a)?;
    Ok(refreeze(made))
}
