//! `slice` and `range` values and slicing, in the protocols layer (L5):
//! what `obj[a:b:c]` does to a list, tuple, string or bytes (`ops`), a
//! slice resolved against a length, and a range's length. The builtins
//! `slice()` and `range()` (in `builtins`, which re-exports these) make
//! the values.

use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::any::Any;
use std::rc::Rc;

/// A `range`.
struct Range(i64, i64, i64);

/// The value `range(start, stop, step)` (`step` is not zero).
pub(crate) fn range(start: i64, stop: i64, step: i64) -> Value {
    Value::Native(Rc::new(Range(start, stop, step)))
}

impl Native for Range {
    fn type_name(&self) -> &'static str {
        "range"
    }
    fn repr(&self) -> String {
        if self.2 == 1 {
            format!("range({}, {})", self.0, self.1)
        } else {
            format!("range({}, {}, {})", self.0, self.1, self.2)
        }
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "start" => Some(Value::Int(self.0)),
            "stop" => Some(Value::Int(self.1)),
            "step" => Some(Value::Int(self.2)),
            "__getitem__" => Some(crate::value::bound(this, "__getitem__", |_, a| {
                let Some((s, e, st)) = a.pos.first().and_then(range_of) else {
                    return Err(Exc::type_error("range"));
                };
                let n = range_len(s, e, st);
                let key = a.pos.get(1).cloned().unwrap_or(Value::None);
                let key = &key;
                if as_slice(key).is_some() {
                    // CPython's range slicing: the slice's indices scaled.
                    let (a, b, c) = slice_indices(key, n)?;
                    return Ok(Value::Native(Rc::new(Range(
                        s + a * st,
                        s + b * st,
                        st * c,
                    ))));
                }
                let i = crate::ops::index(key, n, "range object")?;
                Ok(Value::Int(s + st * i as i64))
            })),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `(start, stop, step)` of a range value.
pub fn range_of(v: &Value) -> Option<(i64, i64, i64)> {
    native_ref::<Range>(v).map(|r| (r.0, r.1, r.2))
}

pub(crate) fn range_len(start: i64, stop: i64, step: i64) -> usize {
    if step > 0 && start < stop {
        ((stop - start - 1) / step + 1) as usize
    } else if step < 0 && start > stop {
        ((start - stop - 1) / (-step) + 1) as usize
    } else {
        0
    }
}

/// A `slice`.
struct SliceObj(Value, Value, Value);

impl Native for SliceObj {
    fn type_name(&self) -> &'static str {
        "slice"
    }
    fn repr(&self) -> String {
        format!(
            "slice({}, {}, {})",
            crate::format::repr_plain(&self.0),
            crate::format::repr_plain(&self.1),
            crate::format::repr_plain(&self.2)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "start" => return Some(self.0.clone()),
            "stop" => return Some(self.1.clone()),
            "step" => return Some(self.2.clone()),
            "indices" => |_, a| {
                let this = a.pos.first().cloned().unwrap_or(Value::None);
                if a.pos.len() != 2 {
                    return Err(Exc::type_error(format!(
                        "slice.indices() takes exactly one argument ({} given)",
                        a.pos.len().saturating_sub(1)
                    )));
                }
                let n = match &a.pos[1] {
                    Value::Int(n) if *n < 0 => {
                        return Err(Exc::value_error("length should not be negative"))
                    }
                    Value::Int(n) => *n as usize,
                    Value::Bool(b) => *b as usize,
                    other => {
                        return Err(Exc::type_error(format!(
                            "'{}' object cannot be interpreted as an integer",
                            other.type_name()
                        )))
                    }
                };
                let (start, stop, step) = slice_indices(&this, n)?;
                Ok(Value::tuple(vec![
                    Value::Int(start),
                    Value::Int(stop),
                    Value::Int(step),
                ]))
            },
            "__eq__" => |i, a| slice_eq(i, &a, false),
            "__ne__" => |i, a| slice_eq(i, &a, true),
            _ => return None,
        };
        Some(crate::value::bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `slice == other` (`!=` when `negate`): slices compare as the tuples
/// of their parts.
fn slice_eq(i: &Interp, a: &Args, negate: bool) -> Result<Value, Exc> {
    let (Some(x), Some(y)) = (
        a.pos.first().and_then(as_slice),
        a.pos.get(1).and_then(as_slice),
    ) else {
        return Ok(i
            .builtins
            .get("NotImplemented")
            .cloned()
            .unwrap_or(Value::None));
    };
    let same = i.eq(&x.0, &y.0)? && i.eq(&x.1, &y.1)? && i.eq(&x.2, &y.2)?;
    Ok(Value::Bool(same != negate))
}

/// A slice value.
pub fn slice(a: Value, b: Value, c: Value) -> Value {
    Value::Native(Rc::new(SliceObj(a, b, c)))
}

/// The parts of a slice value.
pub fn as_slice(v: &Value) -> Option<(Value, Value, Value)> {
    native_ref::<SliceObj>(v).map(|s| (s.0.clone(), s.1.clone(), s.2.clone()))
}

/// Resolves a slice against a length: (start, stop, step).
pub(crate) fn slice_indices(key: &Value, len: usize) -> Result<(i64, i64, i64), Exc> {
    let (a, b, c) = as_slice(key).ok_or_else(|| Exc::type_error("expected a slice"))?;
    let opt = |v: &Value| -> Result<Option<i64>, Exc> {
        match v {
            Value::None => Ok(None),
            other => other.as_int().map(Some).ok_or_else(|| {
                Exc::type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )
            }),
        }
    };
    let step = opt(&c)?.unwrap_or(1);
    if step == 0 {
        return Err(Exc::value_error("slice step cannot be zero"));
    }
    let n = len as i64;
    let clamp = |i: i64, lo: i64, hi: i64| i.max(lo).min(hi);
    let fix = |i: Option<i64>, default: i64, lo: i64, hi: i64| match i {
        None => default,
        Some(i) if i < 0 => clamp(i + n, lo, hi),
        Some(i) => clamp(i, lo, hi),
    };
    Ok(if step > 0 {
        (fix(opt(&a)?, 0, 0, n), fix(opt(&b)?, n, 0, n), step)
    } else {
        (
            fix(opt(&a)?, n - 1, -1, n - 1),
            fix(opt(&b)?, -1, -1, n - 1),
            step,
        )
    })
}

pub(crate) fn slice_positions(key: &Value, len: usize) -> Result<Vec<usize>, Exc> {
    let (start, stop, step) = slice_indices(key, len)?;
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Ok(out)
}

/// `items[key]` for a slice key.
///
/// # Errors
///
/// `ValueError` for a zero step, `TypeError` for bad indices.
pub fn slice_items(items: &[Value], key: &Value) -> Result<Vec<Value>, Exc> {
    Ok(slice_positions(key, items.len())?
        .into_iter()
        .map(|i| items[i].clone())
        .collect())
}

/// `items[key] = values` for a slice key.
///
/// # Errors
///
/// `ValueError` when an extended slice gets the wrong number of items.
pub fn slice_assign(items: &mut Vec<Value>, key: &Value, values: Vec<Value>) -> Result<(), Exc> {
    let (start, stop, step) = slice_indices(key, items.len())?;
    if step == 1 {
        let stop = stop.max(start);
        items.splice(start as usize..stop as usize, values);
        return Ok(());
    }
    let pos = slice_positions(key, items.len())?;
    if pos.len() != values.len() {
        return Err(Exc::value_error(format!(
            "attempt to assign sequence of size {} to extended slice of size {}",
            values.len(),
            pos.len()
        )));
    }
    for (i, v) in pos.into_iter().zip(values) {
        items[i] = v;
    }
    Ok(())
}

/// `del items[key]` for a slice key.
///
/// # Errors
///
/// As [`slice_items`].
pub fn slice_delete(items: &mut Vec<Value>, key: &Value) -> Result<(), Exc> {
    let mut pos = slice_positions(key, items.len())?;
    pos.sort_unstable();
    for i in pos.into_iter().rev() {
        items.remove(i);
    }
    Ok(())
}
