//! Operators, truthiness, subscripts and iteration.

use crate::exc::Exc;
use crate::interp::Interp;
use crate::ir::{BinOp, CmpOp, UnaryOp};
use crate::value::*;
use std::cell::RefCell;
use std::rc::Rc;

fn dunder(op: BinOp) -> (&'static str, &'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__", "+"),
        BinOp::Sub => ("__sub__", "__rsub__", "-"),
        BinOp::Mul => ("__mul__", "__rmul__", "*"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__", "@"),
        BinOp::Div => ("__truediv__", "__rtruediv__", "/"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "//"),
        BinOp::Mod => ("__mod__", "__rmod__", "%"),
        BinOp::Pow => ("__pow__", "__rpow__", "** or pow()"),
        BinOp::LShift => ("__lshift__", "__rlshift__", "<<"),
        BinOp::RShift => ("__rshift__", "__rrshift__", ">>"),
        BinOp::BitOr => ("__or__", "__ror__", "|"),
        BinOp::BitXor => ("__xor__", "__rxor__", "^"),
        BinOp::BitAnd => ("__and__", "__rand__", "&"),
    }
}

fn zero_div(what: &str) -> Exc {
    Exc::of("ZeroDivisionError", what.to_string())
}

/// Python's floor division and modulo for integers.
fn int_divmod(a: i64, b: i64) -> Result<(i64, i64), Exc> {
    if b == 0 {
        return Err(zero_div("integer division or modulo by zero"));
    }
    // `i64::MIN // -1` is done in big ints before it gets here.
    let q = a.checked_div(b).ok_or_else(crate::bigint::too_big)?;
    let r = a - q * b;
    if r != 0 && ((r < 0) != (b < 0)) {
        Ok((q - 1, r + b))
    } else {
        Ok((q, r))
    }
}

/// CPython's `divmod` of two floats (`float_divmod`): the remainder has
/// the divisor's sign (a zero one too), and the quotient is the floor of
/// the exact quotient, computed from the remainder so that
/// `div * b + mod` stays close to `a`. `b` is not zero.
pub(crate) fn float_divmod(a: f64, b: f64) -> (f64, f64) {
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(a / b)
    };
    (floordiv, m)
}

fn float_mod(a: f64, b: f64) -> Result<f64, Exc> {
    if b == 0.0 {
        return Err(zero_div("float modulo"));
    }
    Ok(float_divmod(a, b).1)
}

/// How `a` orders against `b` when either is a big int and both are
/// numbers (inner `None`: a NaN is involved); `None` when that is not the
/// case.
fn big_cmp(a: &Value, b: &Value) -> Option<Option<std::cmp::Ordering>> {
    if !matches!(a, Value::Big(_)) && !matches!(b, Value::Big(_)) {
        return None;
    }
    use crate::bigint::{cmp_float, to_big};
    Some(match (a, b) {
        (Value::Float(f), x) => cmp_float(&to_big(x)?, *f).map(std::cmp::Ordering::reverse),
        (x, Value::Float(f)) => cmp_float(&to_big(x)?, *f),
        (x, y) => Some(to_big(x)?.cmp(&to_big(y)?)),
    })
}

/// `x op y` on 64-bit ints whose result does not fit 64 bits.
fn wide(op: BinOp, x: i64, y: i64) -> Result<Option<Value>, Exc> {
    crate::bigint::int_op(op, &x.into(), &y.into())
}

/// `a op b` when either is a big int and both are numbers; `None` when
/// they are not.
fn big_op(op: BinOp, a: &Value, b: &Value) -> Result<Option<Value>, Exc> {
    match (crate::bigint::to_big(a), crate::bigint::to_big(b)) {
        (Some(x), Some(y)) => crate::bigint::int_op(op, &x, &y),
        _ => {
            let f = |v: &Value| -> Result<Option<Number>, Exc> {
                Ok(match v {
                    Value::Big(b) => Some(Number::Float(crate::bigint::to_f64(b)?)),
                    Value::Float(f) => Some(Number::Float(*f)),
                    _ => None,
                })
            };
            match (f(a)?, f(b)?) {
                (Some(x), Some(y)) => num_op(op, x, y),
                _ => Ok(None),
            }
        }
    }
}

fn num_op(op: BinOp, a: Number, b: Number) -> Result<Option<Value>, Exc> {
    use Number::*;
    Ok(Some(match (a, b) {
        (Int(x), Int(y)) => match op {
            BinOp::Add => match x.checked_add(y) {
                Some(v) => Value::Int(v),
                None => return wide(op, x, y),
            },
            BinOp::Sub => match x.checked_sub(y) {
                Some(v) => Value::Int(v),
                None => return wide(op, x, y),
            },
            BinOp::Mul => match x.checked_mul(y) {
                Some(v) => Value::Int(v),
                None => return wide(op, x, y),
            },
            BinOp::Div => {
                if y == 0 {
                    return Err(zero_div("division by zero"));
                }
                // Past 2**53 a conversion to float rounds: the big-int
                // division rounds once.
                const EXACT: u64 = 1 << 53;
                if x.unsigned_abs() > EXACT || y.unsigned_abs() > EXACT {
                    return wide(op, x, y);
                }
                Value::Float(x as f64 / y as f64)
            }
            BinOp::FloorDiv | BinOp::Mod if x == i64::MIN && y == -1 => return wide(op, x, y),
            BinOp::FloorDiv => Value::Int(int_divmod(x, y)?.0),
            BinOp::Mod => {
                if y == 0 {
                    return Err(zero_div("integer modulo by zero"));
                }
                Value::Int(int_divmod(x, y)?.1)
            }
            BinOp::Pow => {
                if y < 0 {
                    if x == 0 {
                        return Err(zero_div("0.0 cannot be raised to a negative power"));
                    }
                    Value::Float((x as f64).powf(y as f64))
                } else {
                    match u32::try_from(y).ok().and_then(|e| x.checked_pow(e)) {
                        Some(v) => Value::Int(v),
                        None => return wide(op, x, y),
                    }
                }
            }
            BinOp::LShift => {
                if y < 0 {
                    return Err(Exc::value_error("negative shift count"));
                }
                match u32::try_from(y).ok().and_then(|s| {
                    let r = x.checked_shl(s)?;
                    (r >> s == x).then_some(r)
                }) {
                    Some(r) => Value::Int(r),
                    None => return wide(op, x, y),
                }
            }
            BinOp::RShift => {
                if y < 0 {
                    return Err(Exc::value_error("negative shift count"));
                }
                Value::Int(if y >= 64 {
                    if x < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    x >> y
                })
            }
            BinOp::BitOr => Value::Int(x | y),
            BinOp::BitXor => Value::Int(x ^ y),
            BinOp::BitAnd => Value::Int(x & y),
            BinOp::MatMul => return Ok(None),
        },
        (a, b) => {
            let (x, y) = (a.as_f64(), b.as_f64());
            match op {
                BinOp::Add => Value::Float(x + y),
                BinOp::Sub => Value::Float(x - y),
                BinOp::Mul => Value::Float(x * y),
                BinOp::Div => {
                    if y == 0.0 {
                        return Err(zero_div("float division by zero"));
                    }
                    Value::Float(x / y)
                }
                BinOp::FloorDiv => {
                    if y == 0.0 {
                        return Err(zero_div("float floor division by zero"));
                    }
                    Value::Float(float_divmod(x, y).0)
                }
                BinOp::Mod => Value::Float(float_mod(x, y)?),
                BinOp::Pow => {
                    if x == 0.0 && y < 0.0 {
                        return Err(zero_div("0.0 cannot be raised to a negative power"));
                    }
                    Value::Float(x.powf(y))
                }
                _ => return Ok(None),
            }
        }
    }))
}

impl Interp {
    /// Truthiness, calling `__bool__` / `__len__` on objects.
    ///
    /// # Errors
    ///
    /// Whatever those methods raise.
    pub fn truthy(&self, v: &Value) -> Result<bool, Exc> {
        if let Some(b) = v.truthy_builtin() {
            return Ok(b);
        }
        if let Some((start, stop, step)) = crate::slices::range_of(v) {
            return Ok(crate::slices::range_len(start, stop, step) > 0);
        }
        if let Value::Object(o) = v {
            if let Some(m) = o.class.lookup("__bool__") {
                let r = self.call(&m, Args::new(vec![v.clone()]))?;
                return Ok(matches!(r, Value::Bool(true)));
            }
            if let Some(m) = o.class.lookup("__len__") {
                let r = self.call(&m, Args::new(vec![v.clone()]))?;
                return Ok(r.as_int().unwrap_or(0) != 0);
            }
            if let Some(inner) = &o.inner {
                return self.truthy(inner);
            }
        }
        Ok(true)
    }

    /// `a.name(b)` for an object or native value defining `name`, unless
    /// that returns `NotImplemented`.
    pub(crate) fn user_binop(
        &self,
        a: &Value,
        b: &Value,
        name: &str,
    ) -> Result<Option<Value>, Exc> {
        if let Value::Native(n) = a {
            if let Some(m) = n.get_attr(n, name) {
                let r = self.call(&m, Args::new(vec![b.clone()]))?;
                if !is_not_implemented(&r) {
                    return Ok(Some(r));
                }
            }
        }
        if let Value::Object(o) = a {
            if let Some(m) = o.class.lookup(name) {
                let r = self.call(&m, Args::new(vec![a.clone(), b.clone()]))?;
                if !is_not_implemented(&r) {
                    return Ok(Some(r));
                }
            }
        }
        Ok(None)
    }

    /// `a op b`.
    ///
    /// # Errors
    ///
    /// `TypeError` for unsupported operand types, arithmetic errors.
    pub fn binary_op(&self, op: BinOp, a: Value, b: Value) -> Result<Value, Exc> {
        if matches!(a, Value::Native(_)) || matches!(b, Value::Native(_)) {
            // A frozenset operand works as a set; a frozenset on the left
            // makes the result one.
            let (fa, fb) = (crate::value::thaw(&a), crate::value::thaw(&b));
            if fa.is_some() || fb.is_some() {
                let left_frozen = fa.is_some();
                let r = self.binary_op(op, fa.unwrap_or(a), fb.unwrap_or(b))?;
                return Ok(match r {
                    Value::Set(ref s) if left_frozen => crate::value::freeze(s.borrow().clone()),
                    other => other,
                });
            }
        }
        if matches!(a, Value::Big(_)) || matches!(b, Value::Big(_)) {
            if let Some(v) = big_op(op, &a, &b)? {
                return Ok(v);
            }
        }
        if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
            if let (Value::Bool(p), Value::Bool(q)) = (&a, &b) {
                match op {
                    BinOp::BitAnd => return Ok(Value::Bool(*p && *q)),
                    BinOp::BitOr => return Ok(Value::Bool(*p || *q)),
                    BinOp::BitXor => return Ok(Value::Bool(*p != *q)),
                    _ => {}
                }
            }
            if let Some(v) = num_op(op, x, y)? {
                return Ok(v);
            }
        }
        let limit = self.limits.max_collection;
        match (&a, &b, op) {
            (Value::Str(x), Value::Str(y), BinOp::Add) => {
                if x.len() + y.len() > limit {
                    return Err(Exc::of("MemoryError", "string too long"));
                }
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(x);
                s.push_str(y);
                return Ok(Value::str(s));
            }
            (Value::Str(x), n, BinOp::Mul) | (n, Value::Str(x), BinOp::Mul)
                if n.as_int().is_some() =>
            {
                let n = n.as_int().unwrap_or(0).max(0) as usize;
                if x.len().saturating_mul(n) > limit {
                    return Err(Exc::of("MemoryError", "string too long"));
                }
                return Ok(Value::str(x.repeat(n)));
            }
            (Value::Bytes(x), n, BinOp::Mul) | (n, Value::Bytes(x), BinOp::Mul)
                if n.as_int().is_some() =>
            {
                let n = n.as_int().unwrap_or(0).max(0) as usize;
                if x.len().saturating_mul(n) > limit {
                    return Err(Exc::of("MemoryError", "bytes too long"));
                }
                return Ok(Value::Bytes(x.repeat(n).into()));
            }
            (Value::Str(x), _, BinOp::Mod) => {
                return Ok(Value::str(crate::format::percent_format(self, x, &b)?))
            }
            (Value::Bytes(x), Value::Bytes(y), BinOp::Add) => {
                let mut v = x.to_vec();
                v.extend_from_slice(y);
                return Ok(Value::Bytes(v.into()));
            }
            (Value::List(x), Value::List(y), BinOp::Add) => {
                let mut v = x.borrow().clone();
                v.extend(y.borrow().iter().cloned());
                return Ok(Value::list(v));
            }
            (Value::Tuple(x), Value::Tuple(y), BinOp::Add) => {
                let mut v = x.to_vec();
                v.extend(y.iter().cloned());
                return Ok(Value::tuple(v));
            }
            (Value::List(x), n, BinOp::Mul) | (n, Value::List(x), BinOp::Mul)
                if n.as_int().is_some() =>
            {
                let n = n.as_int().unwrap_or(0).max(0) as usize;
                let src = x.borrow();
                if src.len().saturating_mul(n) > limit {
                    return Err(Exc::of("MemoryError", "list too long"));
                }
                let mut v = Vec::with_capacity(src.len() * n);
                for _ in 0..n {
                    v.extend(src.iter().cloned());
                }
                return Ok(Value::list(v));
            }
            (Value::Tuple(x), n, BinOp::Mul) | (n, Value::Tuple(x), BinOp::Mul)
                if n.as_int().is_some() =>
            {
                let n = n.as_int().unwrap_or(0).max(0) as usize;
                if x.len().saturating_mul(n) > limit {
                    return Err(Exc::of("MemoryError", "tuple too long"));
                }
                let mut v = Vec::with_capacity(x.len() * n);
                for _ in 0..n {
                    v.extend(x.iter().cloned());
                }
                return Ok(Value::tuple(v));
            }
            (
                Value::Set(x),
                Value::Set(y),
                BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor,
            ) => {
                let (x, y) = (x.borrow(), y.borrow());
                let s: Set = match op {
                    BinOp::BitOr => x.union(&y).cloned().collect(),
                    BinOp::BitAnd => crate::value::set_intersection(&x, &y),
                    BinOp::Sub => x.difference(&y).cloned().collect(),
                    _ => x.symmetric_difference(&y).cloned().collect(),
                };
                return Ok(Value::Set(Rc::new(RefCell::new(s))));
            }
            (Value::Dict(x), Value::Dict(y), BinOp::BitOr) => {
                let mut d = x.borrow().clone();
                for (k, v) in y.borrow().iter() {
                    d.insert(k.clone(), v.clone());
                }
                return Ok(Value::dict(d));
            }
            _ => {}
        }
        let (l, r, sym) = dunder(op);
        if let Some(v) = self.user_binop(&a, &b, l)? {
            return Ok(v);
        }
        if let Some(v) = self.user_binop(&b, &a, r)? {
            return Ok(v);
        }
        if let Some((x, y)) = unwrap_pair(&a, &b) {
            // The built-in base's operator, giving the base type.
            return self.binary_op(op, x, y);
        }
        if op == BinOp::BitOr {
            if let Some(u) = self.union_of(&a, &b) {
                return Ok(u);
            }
        }
        let is_seq = |v: &Value| {
            matches!(
                v,
                Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_)
            )
        };
        // CPython's words for the sequence operations a beginner misuses.
        match op {
            BinOp::Add if matches!(a, Value::Str(_) | Value::List(_) | Value::Tuple(_)) => {
                return Err(Exc::type_error(format!(
                    "can only concatenate {} (not \"{}\") to {}",
                    a.type_name(),
                    b.type_name(),
                    a.type_name()
                )));
            }
            BinOp::Mul if is_seq(&a) || is_seq(&b) => {
                let other = if is_seq(&a) { &b } else { &a };
                return Err(Exc::type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    other.type_name()
                )));
            }
            _ => {}
        }
        Err(Exc::type_error(format!(
            "unsupported operand type(s) for {sym}: '{}' and '{}'",
            a.type_name(),
            b.type_name()
        )))
    }

    /// `a op= b` (in place for lists, sets and dicts).
    ///
    /// # Errors
    ///
    /// As [`Interp::binary_op`].
    pub fn inplace_op(&self, op: BinOp, a: Value, b: Value) -> Result<Value, Exc> {
        match (&a, op) {
            (Value::List(l), BinOp::Add) => {
                let items = self.collect(&b)?;
                l.borrow_mut().extend(items);
                return Ok(a);
            }
            (Value::Set(s), BinOp::BitOr) => {
                if let Value::Set(o) = &b {
                    let other: Vec<Key> = o.borrow().iter().cloned().collect();
                    s.borrow_mut().extend(other);
                    return Ok(a);
                }
            }
            (Value::Dict(d), BinOp::BitOr) => {
                for (k, v) in self.mapping_items(&b)? {
                    d.borrow_mut().insert(Key::new(k)?, v);
                }
                return Ok(a);
            }
            (Value::Native(n), _) => {
                let name = format!("__i{}", &dunder(op).0[2..]);
                if let Some(m) = n.get_attr(n, &name) {
                    let r = self.call(&m, Args::new(vec![b.clone()]))?;
                    if !is_not_implemented(&r) {
                        return Ok(r);
                    }
                }
            }
            (Value::Object(o), _) => {
                let name = format!("__i{}", &dunder(op).0[2..]);
                if let Some(m) = o.class.lookup(&name) {
                    let r = self.call(&m, Args::new(vec![a.clone(), b.clone()]))?;
                    if !is_not_implemented(&r) {
                        return Ok(r);
                    }
                }
                // A mutable built-in base changes in place: still `a`.
                if let Some(inner @ (Value::List(_) | Value::Set(_) | Value::Dict(_))) = &o.inner {
                    if o.class.lookup(dunder(op).0).is_none() {
                        let r = self.inplace_op(op, inner.clone(), b.clone())?;
                        if r.is(inner) {
                            return Ok(a);
                        }
                        return Ok(r);
                    }
                }
            }
            _ => {}
        }
        let (x, y) = (a.clone(), b.clone());
        self.binary_op(op, a, b).map_err(|e| {
            // Named as the statement wrote it: `+=`, not `+`.
            let (_, _, sym) = dunder(op);
            let types = format!("'{}' and '{}'", x.type_name(), y.type_name());
            if e.is("TypeError")
                && e.message() == format!("unsupported operand type(s) for {sym}: {types}")
            {
                Exc::type_error(format!("unsupported operand type(s) for {sym}=: {types}"))
            } else {
                e
            }
        })
    }

    /// `op a`.
    ///
    /// # Errors
    ///
    /// `TypeError` for unsupported operands.
    pub fn unary_op(&self, op: UnaryOp, v: Value) -> Result<Value, Exc> {
        match op {
            UnaryOp::Not => Ok(Value::Bool(!self.truthy(&v)?)),
            UnaryOp::Neg | UnaryOp::Pos | UnaryOp::Invert if matches!(v, Value::Big(_)) => {
                match (&v, op) {
                    (Value::Big(b), UnaryOp::Neg) => crate::bigint::neg(b),
                    (Value::Big(b), UnaryOp::Invert) => crate::bigint::invert(b),
                    _ => Ok(v),
                }
            }
            UnaryOp::Neg => match v.as_number() {
                Some(Number::Int(i)) => match i.checked_neg() {
                    Some(n) => Ok(Value::Int(n)),
                    None => crate::bigint::neg(&i.into()),
                },
                Some(Number::Float(f)) => Ok(Value::Float(-f)),
                None => self.unary_dunder(&v, "__neg__", "-"),
            },
            UnaryOp::Pos => match v.as_number() {
                Some(Number::Int(i)) => Ok(Value::Int(i)),
                Some(Number::Float(f)) => Ok(Value::Float(f)),
                None => self.unary_dunder(&v, "__pos__", "+"),
            },
            UnaryOp::Invert => match v.as_int() {
                Some(i) => Ok(Value::Int(!i)),
                None => self.unary_dunder(&v, "__invert__", "~"),
            },
        }
    }

    fn unary_dunder(&self, v: &Value, name: &str, sym: &str) -> Result<Value, Exc> {
        if let Value::Object(o) = v {
            if let Some(m) = o.class.lookup(name) {
                return self.call(&m, Args::new(vec![v.clone()]));
            }
            if let Some(inner) = &o.inner {
                let op = match sym {
                    "-" => UnaryOp::Neg,
                    "+" => UnaryOp::Pos,
                    _ => UnaryOp::Invert,
                };
                return self.unary_op(op, inner.clone());
            }
        }
        Err(Exc::type_error(format!(
            "bad operand type for unary {sym}: '{}'",
            v.type_name()
        )))
    }

    /// `a == b` with user `__eq__`.
    ///
    /// # Errors
    ///
    /// What `__eq__` raises.
    pub fn eq(&self, a: &Value, b: &Value) -> Result<bool, Exc> {
        if matches!(a, Value::Native(_)) || matches!(b, Value::Native(_)) {
            let (fa, fb) = (crate::value::thaw(a), crate::value::thaw(b));
            if fa.is_some() || fb.is_some() {
                let (x, y) = (
                    fa.unwrap_or_else(|| a.clone()),
                    fb.unwrap_or_else(|| b.clone()),
                );
                return self.eq(&x, &y);
            }
        }
        match (a, b) {
            (Value::Object(_) | Value::Native(_), _) | (_, Value::Object(_) | Value::Native(_)) => {
                if let Some(r) = self.user_binop(a, b, "__eq__")? {
                    return self.truthy(&r);
                }
                if let Some(r) = self.user_binop(b, a, "__eq__")? {
                    return self.truthy(&r);
                }
                if let Some((x, y)) = unwrap_pair(a, b) {
                    return self.eq(&x, &y);
                }
                Ok(a.is(b))
            }
            (Value::List(x), Value::List(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                self.nested(|| self.seq_eq(&x.borrow(), &y.borrow()))
            }
            (Value::Tuple(x), Value::Tuple(y)) => self.nested(|| self.seq_eq(x, y)),
            (Value::Dict(x), Value::Dict(y)) => self.nested(|| {
                let (x, y) = (x.borrow(), y.borrow());
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (k, v) in x.iter() {
                    match y.get(k) {
                        Some(w) if self.eq(v, w)? => {}
                        _ => return Ok(false),
                    }
                }
                Ok(true)
            }),
            _ => Ok(a.py_eq_shallow(b)),
        }
    }

    /// Runs a comparison that goes one level into nested containers,
    /// counted as a call (CPython's "maximum recursion depth exceeded in
    /// comparison").
    fn nested(&self, f: impl FnOnce() -> Result<bool, Exc>) -> Result<bool, Exc> {
        self.enter_call(true).map_err(|_| {
            Exc::of(
                "RecursionError",
                "maximum recursion depth exceeded in comparison",
            )
        })?;
        let r = f();
        self.leave_call(true);
        r
    }

    fn seq_eq(&self, x: &[Value], y: &[Value]) -> Result<bool, Exc> {
        if x.len() != y.len() {
            return Ok(false);
        }
        for (a, b) in x.iter().zip(y.iter()) {
            if !self.eq(a, b)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Ordering for `<` and friends (and `sorted`): `Less`, `Equal`,
    /// `Greater`, via `__lt__` for objects.
    ///
    /// # Errors
    ///
    /// `TypeError` when the values do not order.
    pub fn lt(&self, a: &Value, b: &Value) -> Result<bool, Exc> {
        if let Some(o) = big_cmp(a, b) {
            return Ok(o == Some(std::cmp::Ordering::Less));
        }
        if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
            return Ok(match (x, y) {
                (Number::Int(x), Number::Int(y)) => x < y,
                (Number::Int(i), Number::Float(f)) => {
                    crate::bigint::int_cmp_float(i, f) == Some(std::cmp::Ordering::Less)
                }
                (Number::Float(f), Number::Int(i)) => {
                    crate::bigint::int_cmp_float(i, f) == Some(std::cmp::Ordering::Greater)
                }
                (x, y) => x.as_f64() < y.as_f64(),
            });
        }
        match (a, b) {
            (Value::Str(x), Value::Str(y)) => return Ok(x < y),
            (Value::Bytes(x), Value::Bytes(y)) => return Ok(x < y),
            (Value::List(_), Value::List(_)) | (Value::Tuple(_), Value::Tuple(_)) => {
                return self.truthy(&self.compare_sequences(CmpOp::Lt, a, b)?);
            }
            (Value::Set(x), Value::Set(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                return Ok(x.len() < y.len() && x.iter().all(|k| y.contains(k)));
            }
            _ => {}
        }
        if let Some(r) = self.user_binop(a, b, "__lt__")? {
            return self.truthy(&r);
        }
        if let Some(r) = self.user_binop(b, a, "__gt__")? {
            return self.truthy(&r);
        }
        if let Some((x, y)) = unwrap_pair(a, b) {
            return self.lt(&x, &y);
        }
        Err(Exc::type_error(format!(
            "'<' not supported between instances of '{}' and '{}'",
            a.type_name(),
            b.type_name()
        )))
    }

    /// A comparison.
    ///
    /// # Errors
    ///
    /// `TypeError` for unorderable operands, or what dunders raise.
    pub fn compare(&self, op: CmpOp, a: &Value, b: &Value) -> Result<Value, Exc> {
        if !matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn)
            && (matches!(a, Value::Native(_)) || matches!(b, Value::Native(_)))
        {
            let (fa, fb) = (crate::value::thaw(a), crate::value::thaw(b));
            let x = fa.unwrap_or_else(|| a.clone());
            let y = fb.unwrap_or_else(|| b.clone());
            if matches!((&x, &y), (Value::Set(_), Value::Set(_))) {
                return self.compare(op, &x, &y);
            }
        }
        let r = match op {
            CmpOp::Eq => self.eq(a, b)?,
            CmpOp::NotEq => {
                if let Some(r) = self.user_binop(a, b, "__ne__")? {
                    return Ok(r);
                }
                !self.eq(a, b)?
            }
            CmpOp::Is => a.is(b),
            CmpOp::IsNot => !a.is(b),
            CmpOp::In => self.contains(b, a)?,
            CmpOp::NotIn => !self.contains(b, a)?,
            CmpOp::Lt | CmpOp::Gt | CmpOp::LtE | CmpOp::GtE if same_sequences(a, b) => {
                return self.compare_sequences(op, a, b);
            }
            CmpOp::Lt => self.ordered(a, b, "__lt__", "__gt__", "<", |s, x, y| s.lt(x, y))?,
            CmpOp::Gt => self.ordered(a, b, "__gt__", "__lt__", ">", |s, x, y| s.lt(y, x))?,
            CmpOp::LtE => {
                self.ordered(a, b, "__le__", "__ge__", "<=", |s, x, y| Ok(!s.lt(y, x)?))?
            }
            CmpOp::GtE => {
                self.ordered(a, b, "__ge__", "__le__", ">=", |s, x, y| Ok(!s.lt(x, y)?))?
            }
        };
        Ok(Value::Bool(r))
    }

    /// `<`, `>`, `<=` or `>=` between two tuples or two lists, as CPython
    /// does it: the first items that differ decide, compared with the same
    /// operator (so a failure names them); if none differ, the lengths.
    fn compare_sequences(&self, op: CmpOp, a: &Value, b: &Value) -> Result<Value, Exc> {
        // Tuples are immutable and shared; a list is copied, since an
        // item's `__eq__` may change it.
        let (x, y): (Rc<[Value]>, Rc<[Value]>) = match (a, b) {
            (Value::Tuple(x), Value::Tuple(y)) => (x.clone(), y.clone()),
            (Value::List(x), Value::List(y)) => {
                (x.borrow().as_slice().into(), y.borrow().as_slice().into())
            }
            _ => return Err(Exc::type_error("internal: not two sequences")),
        };
        for (p, q) in x.iter().zip(y.iter()) {
            if !self.eq(p, q)? {
                return self.compare(op, p, q);
            }
        }
        let (n, m) = (x.len(), y.len());
        Ok(Value::Bool(match op {
            CmpOp::Lt => n < m,
            CmpOp::Gt => n > m,
            CmpOp::LtE => n <= m,
            _ => n >= m,
        }))
    }

    fn ordered(
        &self,
        a: &Value,
        b: &Value,
        name: &str,
        reflected: &str,
        sym: &str,
        builtin: impl Fn(&Interp, &Value, &Value) -> Result<bool, Exc>,
    ) -> Result<bool, Exc> {
        if matches!(a, Value::Object(_)) || matches!(b, Value::Object(_)) {
            if let Some(r) = self.user_binop(a, b, name)? {
                return self.truthy(&r);
            }
            if let Some(r) = self.user_binop(b, a, reflected)? {
                return self.truthy(&r);
            }
            if let Some((x, y)) = unwrap_pair(a, b) {
                return self.ordered(&x, &y, name, reflected, sym, builtin);
            }
            return Err(Exc::type_error(format!(
                "'{sym}' not supported between instances of '{}' and '{}'",
                a.type_name(),
                b.type_name()
            )));
        }
        let both_numbers = a.as_number().is_some() && b.as_number().is_some();
        if both_numbers {
            if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
                let (x, y) = (x.as_f64(), y.as_f64());
                if x.is_nan() || y.is_nan() {
                    return Ok(false);
                }
            }
        }
        builtin(self, a, b).map_err(|_| {
            Exc::type_error(format!(
                "'{sym}' not supported between instances of '{}' and '{}'",
                a.type_name(),
                b.type_name()
            ))
        })
    }

    /// `item in container`.
    ///
    /// # Errors
    ///
    /// `TypeError` for containers that are not iterable.
    pub fn contains(&self, container: &Value, item: &Value) -> Result<bool, Exc> {
        match container {
            Value::Str(s) => match item {
                Value::Str(sub) => Ok(s.contains(&**sub)),
                _ => Err(Exc::type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    item.type_name()
                ))),
            },
            Value::Dict(d) => Ok(d.borrow().contains_key(&Key::new(item.clone())?)),
            Value::Set(s) => {
                // A set looked for is looked for as a frozenset.
                let item = match item {
                    Value::Set(t) => crate::value::freeze(t.borrow().clone()),
                    other => other.clone(),
                };
                let k = Key::new(item)?;
                let found = s.borrow().contains(&k);
                Ok(found)
            }
            Value::List(l) => Ok(self.list_position(l, item, 0, usize::MAX)?.is_some()),
            Value::Tuple(t) => {
                for v in t.iter() {
                    if self.eq(v, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Native(n) if n.get_attr(n, "__contains__").is_some() => {
                let m = n.get_attr(n, "__contains__").unwrap_or(Value::None);
                let r = self.call(&m, Args::new(vec![item.clone()]))?;
                self.truthy(&r)
            }
            Value::Object(o) if o.class.lookup("__contains__").is_some() => {
                let m = o.class.lookup("__contains__").unwrap_or(Value::None);
                let r = self.call(&m, Args::new(vec![container.clone(), item.clone()]))?;
                self.truthy(&r)
            }
            Value::Object(o) if o.inner.is_some() && o.class.lookup("__iter__").is_none() => {
                self.contains(o.inner.as_ref().unwrap_or(&Value::None), item)
            }
            _ => {
                let mut it = self.iter(container)?;
                while let Some(v) = it.next(self)? {
                    if self.eq(&v, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    /// `obj[key]`.
    ///
    /// # Errors
    ///
    /// `IndexError`, `KeyError`, `TypeError`.
    pub fn getitem(&self, obj: &Value, key: Value) -> Result<Value, Exc> {
        match obj {
            Value::List(l) => {
                let l = l.borrow();
                match &key {
                    Value::Native(_) if crate::slices::as_slice(&key).is_some() => {
                        Ok(Value::list(crate::slices::slice_items(&l, &key)?))
                    }
                    _ => {
                        let i = index(&key, l.len(), "list")?;
                        Ok(l[i].clone())
                    }
                }
            }
            Value::Tuple(t) => {
                if crate::slices::as_slice(&key).is_some() {
                    return Ok(Value::tuple(crate::slices::slice_items(t, &key)?));
                }
                let i = index(&key, t.len(), "tuple")?;
                Ok(t[i].clone())
            }
            Value::Str(s) => self.str_item(s, &key),
            Value::Bytes(b) => {
                if crate::slices::as_slice(&key).is_some() {
                    let out = crate::slices::slice_positions(&key, b.len())?
                        .into_iter()
                        .map(|i| b[i])
                        .collect::<Vec<u8>>();
                    return Ok(Value::Bytes(out.into()));
                }
                // CPython words these two differently: "byte indices must
                // be integers…" but plain "index out of range".
                let i = index(&key, b.len(), "byte").map_err(|e| {
                    if e.is("IndexError") {
                        Exc::of("IndexError", "index out of range")
                    } else {
                        e
                    }
                })?;
                Ok(Value::Int(b[i] as i64))
            }
            Value::Dict(d) => match d.borrow().get(&Key::new(key.clone())?) {
                Some(v) => Ok(v.clone()),
                None => Err(Exc::new(crate::exc::class("KeyError"), vec![key])),
            },
            Value::Object(o) => match o.class.lookup("__getitem__") {
                Some(m) => self.call(&m, Args::new(vec![obj.clone(), key])),
                None if o.inner.is_some() => {
                    let inner = o.inner.clone().unwrap_or(Value::None);
                    match self.getitem(&inner, key.clone()) {
                        // `dict` subclasses: `__missing__` answers a missing key.
                        Err(e) if e.is("KeyError") && matches!(inner, Value::Dict(_)) => {
                            match o.class.lookup("__missing__") {
                                Some(m) => self.call(&m, Args::new(vec![obj.clone(), key])),
                                None => Err(e),
                            }
                        }
                        r => r,
                    }
                }
                None => Err(Exc::type_error(format!(
                    "'{}' object is not subscriptable",
                    obj.type_name()
                ))),
            },
            Value::Class(c) => {
                if let Some(member) = self.enum_member(c, &key) {
                    return member;
                }
                if let Some(alias) = self.generic_alias(c, &key) {
                    return Ok(alias);
                }
                // Other classes' subscripts (annotations): the class itself.
                Ok(Value::Class(c.clone()))
            }
            Value::Native(n) => match n.get_attr(n, "__getitem__") {
                Some(m) => self.call(&m, Args::new(vec![key])),
                None => Err(Exc::type_error(format!(
                    "'{}' object is not subscriptable",
                    n.type_name()
                ))),
            },
            other => Err(Exc::type_error(format!(
                "'{}' object is not subscriptable",
                other.type_name()
            ))),
        }
    }

    /// `obj[key] = value`.
    ///
    /// # Errors
    ///
    /// `IndexError`, `TypeError`.
    pub fn setitem(&self, obj: &Value, key: Value, value: Value) -> Result<(), Exc> {
        match obj {
            Value::List(l) => {
                if crate::slices::as_slice(&key).is_some() {
                    let items = self.collect(&value)?;
                    return crate::slices::slice_assign(&mut l.borrow_mut(), &key, items);
                }
                let mut l = l.borrow_mut();
                let i = index(&key, l.len(), "list assignment")?;
                l[i] = value;
                Ok(())
            }
            Value::Dict(dd) => {
                let d = dd;
                let k = Key::new(key)?;
                let mut d = d.borrow_mut();
                if d.len() >= self.limits.max_collection && !d.contains_key(&k) {
                    return Err(Exc::of("MemoryError", "dict too large"));
                }
                let old = d.insert(k, value);
                drop(d);
                drop(old);
                crate::attr::dict_written(self, dd);
                Ok(())
            }
            Value::Native(n) if n.get_attr(n, "__setitem__").is_some() => {
                let m = n.get_attr(n, "__setitem__").unwrap_or(Value::None);
                self.call(&m, Args::new(vec![key, value])).map(|_| ())
            }
            Value::Object(o) => match o.class.lookup("__setitem__") {
                Some(m) => self
                    .call(&m, Args::new(vec![obj.clone(), key, value]))
                    .map(|_| ()),
                None if o.inner.is_some() => {
                    self.setitem(o.inner.as_ref().unwrap_or(&Value::None), key, value)
                }
                None => Err(Exc::type_error(format!(
                    "'{}' object does not support item assignment",
                    obj.type_name()
                ))),
            },
            other => Err(Exc::type_error(format!(
                "'{}' object does not support item assignment",
                other.tp_name()
            ))),
        }
    }

    /// `del obj[key]`.
    ///
    /// # Errors
    ///
    /// `IndexError`, `KeyError`, `TypeError`.
    pub fn delitem(&self, obj: &Value, key: Value) -> Result<(), Exc> {
        match obj {
            Value::List(l) => {
                if crate::slices::as_slice(&key).is_some() {
                    return crate::slices::slice_delete(&mut l.borrow_mut(), &key);
                }
                let mut l = l.borrow_mut();
                let i = index(&key, l.len(), "list assignment")?;
                l.remove(i);
                Ok(())
            }
            Value::Dict(d) => {
                let removed = d.borrow_mut().remove(&Key::new(key.clone())?);
                match removed {
                    Some(_) => {
                        crate::attr::dict_written(self, d);
                        Ok(())
                    }
                    None => Err(Exc::new(crate::exc::class("KeyError"), vec![key])),
                }
            }
            Value::Native(n) if n.get_attr(n, "__delitem__").is_some() => {
                let m = n.get_attr(n, "__delitem__").unwrap_or(Value::None);
                self.call(&m, Args::new(vec![key])).map(|_| ())
            }
            Value::Object(o) => match o.class.lookup("__delitem__") {
                Some(m) => self.call(&m, Args::new(vec![obj.clone(), key])).map(|_| ()),
                None if o.inner.is_some() => {
                    self.delitem(o.inner.as_ref().unwrap_or(&Value::None), key)
                }
                None => Err(Exc::type_error(format!(
                    "'{}' object does not support item deletion",
                    o.class.name
                ))),
            },
            other => Err(Exc::type_error(format!(
                "'{}' object does not support item deletion",
                other.type_name()
            ))),
        }
    }

    /// An iterator over `v`.
    ///
    /// # Errors
    ///
    /// `TypeError` if `v` is not iterable.
    pub fn iter(&self, v: &Value) -> Result<PyIter, Exc> {
        Ok(match v {
            Value::List(l) => PyIter::List(l.clone(), 0),
            Value::Tuple(t) => PyIter::Items(t.iter().cloned().collect::<Vec<_>>().into_iter()),
            Value::Str(s) => PyIter::Items(
                s.chars()
                    .map(|c| Value::str(c.to_string()))
                    .collect::<Vec<_>>()
                    .into_iter(),
            ),
            Value::Bytes(b) => PyIter::Items(
                b.iter()
                    .map(|c| Value::Int(*c as i64))
                    .collect::<Vec<_>>()
                    .into_iter(),
            ),
            Value::Dict(d) => PyIter::Dict(crate::value::DictIter::new(
                d.clone(),
                crate::value::DictPart::Keys,
                false,
            )),
            Value::Class(c) if self.enum_members(c).is_some() => {
                PyIter::Items(self.enum_members(c).unwrap_or_default().into_iter())
            }
            Value::Set(s) => {
                let items = crate::value::set_order(&s.borrow());
                let len = s.borrow().len();
                PyIter::Sized(items.into_iter(), v.clone(), len)
            }
            Value::Native(n) => {
                if let Some(r) = crate::slices::range_of(v) {
                    PyIter::Range(r.0, r.1, r.2)
                } else if let Some(is_async) = self.generator_kind(n) {
                    if is_async {
                        return Err(Exc::type_error("'async_generator' object is not iterable"));
                    }
                    PyIter::Gen(v.clone())
                } else if let Some(it) = n.get_attr(n, "__iter__") {
                    let iter = self.call(&it, Args::default())?;
                    if let Value::Native(m) = &iter {
                        if let Some(next) = m.get_attr(m, "__next__") {
                            return Ok(PyIter::Next(next));
                        }
                    }
                    return self.iter(&iter);
                } else {
                    return Err(Exc::type_error(format!(
                        "'{}' object is not iterable",
                        n.type_name()
                    )));
                }
            }
            Value::Object(o) => {
                let Some(it) = o.class.lookup("__iter__") else {
                    if let Some(inner) = &o.inner {
                        return self.iter(inner);
                    }
                    if o.class.lookup("__getitem__").is_some() {
                        return Ok(PyIter::GetItem(v.clone(), 0));
                    }
                    return Err(Exc::type_error(format!(
                        "'{}' object is not iterable",
                        v.type_name()
                    )));
                };
                let iter = self.call(&it, Args::new(vec![v.clone()]))?;
                match &iter {
                    Value::Object(io) => match io.class.lookup("__next__") {
                        Some(next) => PyIter::Next(Value::Bound(Rc::new((iter.clone(), next)))),
                        None => return Err(Exc::type_error("iter() returned non-iterator")),
                    },
                    _ => return self.iter(&iter),
                }
            }
            other => {
                return Err(Exc::type_error(format!(
                    "'{}' object is not iterable",
                    other.type_name()
                )))
            }
        })
    }

    /// All items of an iterable.
    ///
    /// # Errors
    ///
    /// As [`Interp::iter`], plus `MemoryError` past the collection limit.
    pub fn collect(&self, v: &Value) -> Result<Vec<Value>, Exc> {
        match v {
            Value::List(l) => return Ok(l.borrow().clone()),
            Value::Tuple(t) => return Ok(t.to_vec()),
            _ => {}
        }
        let mut it = self.iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = it.next(self)? {
            if out.len() >= self.limits.max_collection {
                return Err(Exc::of("MemoryError", "too many items"));
            }
            out.push(x);
        }
        Ok(out)
    }

    /// `(key, value)` pairs of a mapping (for `**` and `dict(...)`).
    ///
    /// # Errors
    ///
    /// `TypeError` for non-mappings.
    pub fn mapping_items(&self, m: &Value) -> Result<Vec<(Value, Value)>, Exc> {
        match m {
            Value::Dict(d) => Ok(d
                .borrow()
                .iter()
                .map(|(k, v)| (k.0.clone(), v.clone()))
                .collect()),
            Value::Native(n) if n.get_attr(n, "keys").is_some() => {
                let keys = self.call(&self.getattr(m, "keys")?, Args::default())?;
                let mut out = Vec::new();
                for k in self.collect(&keys)? {
                    let v = self.getitem(m, k.clone())?;
                    out.push((k, v));
                }
                Ok(out)
            }
            Value::Object(o) if o.class.lookup("keys").is_some() => {
                let keys = self.call(&self.getattr(m, "keys")?, Args::default())?;
                let mut out = Vec::new();
                for k in self.collect(&keys)? {
                    let v = self.getitem(m, k.clone())?;
                    out.push((k, v));
                }
                Ok(out)
            }
            Value::Object(o) if matches!(o.inner, Some(Value::Dict(_))) => {
                self.mapping_items(o.inner.as_ref().unwrap_or(&Value::None))
            }
            other => Err(Exc::type_error(format!(
                "'{}' object is not a mapping",
                other.type_name()
            ))),
        }
    }
}

/// Two operands with the built-in value an instance of a subclass of a
/// built-in type carries in its place; `None` when neither carries one.
fn unwrap_pair(a: &Value, b: &Value) -> Option<(Value, Value)> {
    if a.inner().is_none() && b.inner().is_none() {
        return None;
    }
    let x = a.inner().unwrap_or(a).clone();
    let y = b.inner().unwrap_or(b).clone();
    Some((x, y))
}

/// `NotImplemented` returned by a dunder.
pub fn is_not_implemented(v: &Value) -> bool {
    matches!(v, Value::Native(n) if n.type_name() == "NotImplementedType")
}

/// Texts up to this many bytes are walked, not indexed (no
/// [`crate::text::TextIndex`] starts made or kept): walking them costs
/// less than keeping an index.
const SHORT_TEXT: usize = 64;

impl Interp {
    /// `len(s)`: short text is counted; a long one is counted once while
    /// it is among the texts kept with `str_item`'s.
    pub(crate) fn str_len(&self, s: &Rc<str>) -> usize {
        if s.len() <= SHORT_TEXT {
            return s.chars().count();
        }
        self.text_index.borrow_mut().chars(s)
    }

    /// Where `x` first is in `l[start..stop]` (`is` or `==`), walking the
    /// live list as CPython does: no copy of it, so a hit near the front
    /// costs little, and an `__eq__` that changes the list is seen.
    pub(crate) fn list_position(
        &self,
        l: &RefCell<Vec<Value>>,
        x: &Value,
        start: usize,
        stop: usize,
    ) -> Result<Option<usize>, Exc> {
        let mut i = start;
        while i < stop {
            let Some(v) = l.borrow().get(i).cloned() else {
                break;
            };
            if v.is(x) || self.eq(&v, x)? {
                return Ok(Some(i));
            }
            i += 1;
        }
        Ok(None)
    }

    /// The byte offset of character `i` of `s` (its length at or past the
    /// end): for a long text through its kept index, so that a loop of
    /// `s.find(x, i)` stays linear.
    pub(crate) fn str_byte_at(&self, s: &Rc<str>, i: usize) -> usize {
        if s.len() <= SHORT_TEXT {
            return crate::text::TextIndex::counted(s).byte_at(i);
        }
        self.text_index.borrow_mut().get(s).byte_at(i)
    }

    /// The character index of byte offset `b` of `s` (a character's start),
    /// for a long text through its kept index.
    pub(crate) fn str_char_at(&self, s: &Rc<str>, b: usize) -> usize {
        if s.len() <= SHORT_TEXT {
            return crate::text::TextIndex::counted(s).char_at(b);
        }
        self.text_index.borrow_mut().get(s).char_at(b)
    }

    /// `s[key]`: one character, or a slice. Short text is walked; a long
    /// one gets a `TextIndex`, kept among the few indexed last, so a loop
    /// over `s[i]` (or over a few texts in turns) is linear as in CPython.
    fn str_item(&self, s: &Rc<str>, key: &Value) -> Result<Value, Exc> {
        use crate::text::TextIndex;
        let is_slice = crate::slices::as_slice(key).is_some();
        if !is_slice {
            // The index's own errors come first, as CPython's do.
            key.as_int().ok_or_else(|| {
                Exc::type_error(format!(
                    "string indices must be integers, not '{}'",
                    key.type_name()
                ))
            })?;
        }
        if s.len() <= SHORT_TEXT {
            return text_item(&TextIndex::counted(s), key, is_slice);
        }
        let mut kept = self.text_index.borrow_mut();
        text_item(kept.get(s), key, is_slice)
    }
}

/// `text[key]` through its index.
fn text_item(text: &crate::text::TextIndex, key: &Value, is_slice: bool) -> Result<Value, Exc> {
    let n = text.chars();
    if is_slice {
        let (start, stop, step) = crate::slices::slice_indices(key, n)?;
        if step == 1 {
            let (a, b) = (start as usize, stop.max(start) as usize);
            if a == 0 && b == n {
                return Ok(Value::Str(text.text().clone()));
            }
            return Ok(Value::str(text.chars_between(a, b)));
        }
        let out: String = crate::slices::slice_positions(key, n)?
            .into_iter()
            .map(|i| text.chars_between(i, i + 1))
            .collect();
        return Ok(Value::str(out));
    }
    let at = index(key, n, "string")?;
    Ok(Value::str(text.chars_between(at, at + 1)))
}

/// Resolves a possibly negative index.
///
/// # Errors
///
/// `IndexError` out of range, `TypeError` for non-integers.
pub fn index(key: &Value, len: usize, what: &str) -> Result<usize, Exc> {
    let i = key.as_int().ok_or_else(|| {
        Exc::type_error(format!(
            "{what} indices must be integers or slices, not {}",
            key.type_name()
        ))
    })?;
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return Err(Exc::of("IndexError", format!("{what} index out of range")));
    }
    Ok(j as usize)
}

/// Whether `a` and `b` are two tuples or two lists (which order item by
/// item).
fn same_sequences(a: &Value, b: &Value) -> bool {
    matches!(
        (a, b),
        (Value::Tuple(_), Value::Tuple(_)) | (Value::List(_), Value::List(_))
    )
}

/// A running iteration.
#[allow(missing_debug_implementations)]
pub enum PyIter {
    /// Over a live list (sees appends, like Python).
    List(Rc<RefCell<Vec<Value>>>, usize),
    /// Over a snapshot.
    Items(std::vec::IntoIter<Value>),
    /// Over a live dict.
    Dict(crate::value::DictIter),
    /// Over a snapshot of a set's items, which must not change size
    /// meanwhile (`RuntimeError`, as in CPython).
    Sized(std::vec::IntoIter<Value>, Value, usize),
    /// A range.
    Range(i64, i64, i64),
    /// A generator.
    Gen(Value),
    /// Calls a `__next__` until `StopIteration`.
    Next(Value),
    /// The old `__getitem__` protocol.
    GetItem(Value, i64),
}

impl PyIter {
    /// The next item, or `None` at the end.
    ///
    /// # Errors
    ///
    /// What the underlying iterator raises.
    pub fn next(&mut self, interp: &Interp) -> Result<Option<Value>, Exc> {
        match self {
            PyIter::List(l, i) => {
                let v = l.borrow().get(*i).cloned();
                *i += 1;
                Ok(v)
            }
            PyIter::Items(it) => Ok(it.next()),
            PyIter::Dict(it) => it.step(),
            PyIter::Sized(it, source, len) => {
                let (now, what) = match source {
                    Value::Set(s) => (s.borrow().len(), "Set"),
                    _ => (*len, ""),
                };
                if now != *len {
                    return Err(Exc::runtime_error(format!(
                        "{what} changed size during iteration"
                    )));
                }
                Ok(it.next())
            }
            PyIter::Range(cur, stop, step) => {
                if (*step > 0 && *cur < *stop) || (*step < 0 && *cur > *stop) {
                    let v = *cur;
                    *cur += *step;
                    Ok(Some(Value::Int(v)))
                } else {
                    Ok(None)
                }
            }
            PyIter::Gen(g) => interp.next_of_generator(g),
            PyIter::Next(f) => match interp.call(f, Args::default()) {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.is("StopIteration") => Ok(None),
                Err(e) => Err(e),
            },
            PyIter::GetItem(obj, i) => match interp.getitem(obj, Value::Int(*i)) {
                Ok(v) => {
                    *i += 1;
                    Ok(Some(v))
                }
                Err(e) if e.is("IndexError") || e.is("StopIteration") => Ok(None),
                Err(e) => Err(e),
            },
        }
    }
}
