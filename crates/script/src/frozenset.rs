//! `frozenset`: an immutable, hashable set.
//!
//! It holds the same table a `set` does, so every non-mutating operation is
//! the set's own, run on a `set` view of the same table ([`thaw`]) and
//! wrapped back when the result is a new set: `fs | {4}` is a frozenset,
//! `{4} | fs` a set, as in CPython (the left operand decides). It hashes
//! by its members, independently of their order, and equals any set or
//! frozenset with the same members.
//!
//! The type itself, [`freeze`] and [`thaw`] are in `value` (hashing and
//! equality of keys need them); its methods and `frozenset()` are here.
//!
//! Left out: subclassing `frozenset`.

use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::bound;
use crate::value::*;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

crate::debug_via_repr!(FrozenSet);

impl Native for FrozenSet {
    fn type_name(&self) -> &'static str {
        "frozenset"
    }
    fn repr(&self) -> String {
        if self.0.borrow().is_empty() {
            return "frozenset()".into();
        }
        format!(
            "frozenset({})",
            crate::format::repr_plain(&Value::Set(self.0.clone()))
        )
    }
    fn truthy(&self) -> Option<bool> {
        Some(!self.0.borrow().is_empty())
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "__repr__" => |i, a| {
                let s = set_of(&a)?;
                if s.borrow().is_empty() {
                    return Ok(Value::str("frozenset()"));
                }
                Ok(Value::str(format!(
                    "frozenset({})",
                    i.repr(&Value::Set(s))?
                )))
            },
            "__len__" => |_, a| Ok(Value::Int(set_of(&a)?.borrow().len() as i64)),
            "__iter__" => |_, a| {
                let s = set_of(&a)?;
                let items = crate::value::set_order(&s.borrow());
                Ok(Value::list(items))
            },
            "__contains__" => |_, a| {
                let s = set_of(&a)?;
                let x = a.pos.get(1).cloned().unwrap_or(Value::None);
                // A set looked for is looked for as a frozenset.
                let x = match x {
                    Value::Set(ref t) => freeze(t.borrow().clone()),
                    other => other,
                };
                let k = Key::new(x)?;
                let found = s.borrow().contains(&k);
                Ok(Value::Bool(found))
            },
            "__hash__" => |_, a| {
                let this = a.pos.first().cloned().unwrap_or(Value::None);
                Ok(Value::Int(crate::value::py_hash(&this)))
            },
            "copy" => |_, a| Ok(a.pos.first().cloned().unwrap_or(Value::None)),
            "union"
            | "intersection"
            | "difference"
            | "symmetric_difference"
            | "issubset"
            | "issuperset"
            | "isdisjoint" => return Some(delegate(this, name)),
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn clear_refs(&mut self) {
        if let Some(s) = Rc::get_mut(&mut self.0) {
            drop(std::mem::take(s.get_mut()));
        }
    }
}

/// The set method `name` called on a set view of `this`, a new set it
/// returns made a frozenset. The built-in carries `(this, name)` as its
/// bound data (a built-in is a plain function pointer).
fn delegate(this: &Rc<dyn Native>, name: &str) -> Value {
    let f: BuiltinFn = |i, mut a| {
        let data = a.pos.remove(0);
        let (this, name) = match &data {
            Value::Tuple(t) if t.len() == 2 => (t[0].clone(), crate::format::str_plain(&t[1])),
            _ => return Err(Exc::type_error("bad frozenset method")),
        };
        let s = native_ref::<FrozenSet>(&this)
            .map(|f| f.0.clone())
            .ok_or_else(|| Exc::type_error("expected a frozenset"))?;
        a.pos.insert(0, Value::Set(s));
        let m = crate::methods::lookup(&a.pos[0], &name).ok_or_else(|| {
            Exc::attribute_error(format!("'frozenset' object has no attribute '{name}'"))
        })?;
        Ok(match m(i, a)? {
            Value::Set(ref r) => Value::Native(Rc::new(FrozenSet(r.clone()))),
            other => other,
        })
    };
    let data = Value::tuple(vec![Value::Native(this.clone()), Value::str(name)]);
    crate::builtins::builtin_with(name, f, data)
}

fn set_of(a: &Args) -> Result<Rc<RefCell<Set>>, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<FrozenSet>)
        .map(|f| f.0.clone())
        .ok_or_else(|| Exc::type_error("expected a frozenset"))
}

/// `frozenset(iterable=())`.
pub(crate) fn b_frozenset(interp: &Interp, a: Args) -> Result<Value, Exc> {
    if !a.kw.is_empty() {
        return Err(Exc::type_error("frozenset() takes no keyword arguments"));
    }
    if a.pos.len() > 1 {
        return Err(Exc::type_error(format!(
            "frozenset expected at most 1 argument, got {}",
            a.pos.len()
        )));
    }
    let Some(src) = a.pos.first() else {
        return Ok(freeze(Set::default()));
    };
    if native_ref::<FrozenSet>(src).is_some() {
        return Ok(src.clone());
    }
    let mut s = Set::default();
    for x in interp.collect(src)? {
        s.insert(Key::new(x)?);
    }
    Ok(freeze(s))
}
