//! Python values.
//!
//! A [`Value`] is 16 bytes: small immutable values inline, everything else
//! behind an `Rc`. Mutable containers use `RefCell`; the interpreter is
//! single-threaded, like the runtime it runs on. Objects the language does
//! not need to see inside (coroutines, tasks, asyncio primitives, iterators,
//! modules) are [`Native`] trait objects.

use crate::exc::Exc;
use crate::ir::FuncDef;
use indexmap::{IndexMap, IndexSet};
use std::any::Any;
use std::cell::RefCell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// A Python value.
#[derive(Clone)]
pub enum Value {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// An `int` that fits in 64 bits.
    Int(i64),
    /// An `int` that does not fit in 64 bits (never one that does: see
    /// [`Value::from_big`]).
    Big(Rc<num_bigint::BigInt>),
    /// A `float`
    Float(f64),
    /// A `str`
    Str(Rc<str>),
    /// A `bytes`
    Bytes(Rc<[u8]>),
    /// A `list`
    List(Rc<RefCell<Vec<Value>>>),
    /// A `tuple`
    Tuple(Rc<[Value]>),
    /// A `dict`
    Dict(Rc<RefCell<Dict>>),
    /// A `set`
    Set(Rc<RefCell<Set>>),
    /// An instance of a class defined in Python, or of an exception class.
    Object(Rc<Object>),
    /// A class.
    Class(Rc<Class>),
    /// A function defined in Python.
    Function(Rc<Function>),
    /// A function implemented in Rust.
    Builtin(Rc<Builtin>),
    /// A method bound to its receiver: `(self, function)`.
    Bound(Rc<(Value, Value)>),
    /// Anything else.
    Native(Rc<dyn Native>),
}

/// The hash behind every name table, `dict` and `set`.
pub type BuildHash = rustc_hash::FxBuildHasher;
pub use crate::dict::{Dict, DictIter, DictPart};
/// An insertion-ordered `set`.
pub type Set = IndexSet<Key, BuildHash>;
/// A name table: module globals, class and instance attributes.
pub type Names = IndexMap<Rc<str>, Value, BuildHash>;

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A hashable value used as a dict key or set member, with Python's
/// equality: `1 == 1.0 == True` hash alike.
#[derive(Clone)]
pub struct Key(pub Value);

impl Key {
    /// Wraps `v` if it is hashable.
    ///
    /// # Errors
    ///
    /// `TypeError: unhashable type` for lists, dicts and sets.
    pub fn new(v: Value) -> Result<Key, Exc> {
        check_hashable(&v)?;
        Ok(Key(v))
    }
}

fn check_hashable(v: &Value) -> Result<(), Exc> {
    // The commonest keys, without the stack below (an allocation).
    if matches!(
        v,
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Str(_)
    ) {
        return Ok(());
    }
    // With a stack of its own: tuples can nest deeper than the native
    // stack allows recursion.
    let mut todo = vec![v];
    while let Some(v) = todo.pop() {
        match v {
            Value::List(_) | Value::Dict(_) | Value::Set(_) => {
                return Err(Exc::type_error(format!(
                    "unhashable type: '{}'",
                    v.type_name()
                )))
            }
            Value::Tuple(items) => todo.extend(items.iter()),
            // Slices are hashable only from 3.12.
            Value::Native(n) if matches!(n.type_name(), "slice" | "bytearray") => {
                return Err(Exc::type_error(format!(
                    "unhashable type: '{}'",
                    n.type_name()
                )))
            }
            Value::Object(o)
                if o.exc.is_none()
                    && (eq_without_hash(&o.class)
                        || matches!(
                            o.inner,
                            Some(Value::List(_) | Value::Dict(_) | Value::Set(_))
                        ) && o.class.lookup("__hash__").is_none()) =>
            {
                return Err(Exc::type_error(format!(
                    "unhashable type: '{}'",
                    o.class.name
                )))
            }
            _ => {}
        }
    }
    Ok(())
}

/// What dict and set keys need from the running interpreter: a user
/// class's `__eq__` and `__hash__` called. The interpreter sits above this
/// layer, so it installs itself here ([`install_key_hooks`]) when it is made.
pub trait KeyHooks {
    /// `a == b` by Python's rules, `false` when the comparison raises.
    fn key_eq(&self, a: &Value, b: &Value) -> bool;
    /// `method(v)` (the class's `__hash__`) as an int; `None` when it
    /// raises or returns something else.
    fn key_hash(&self, v: &Value, method: &Value) -> Option<i64>;
}

thread_local! {
    static KEY_HOOKS: RefCell<Option<std::rc::Weak<dyn KeyHooks>>> = const { RefCell::new(None) };
}

/// Makes `hooks` (the interpreter running on this thread) what dict and
/// set keys call user `__eq__`/`__hash__` through.
pub fn install_key_hooks(hooks: std::rc::Weak<dyn KeyHooks>) {
    KEY_HOOKS.with(|k| *k.borrow_mut() = Some(hooks));
}

/// The hooks installed on this thread, while their interpreter lives.
fn key_hooks() -> Option<Rc<dyn KeyHooks>> {
    KEY_HOOKS.with(|k| k.borrow().as_ref()?.upgrade())
}

/// How deep into nested tuples hashing and key equality go: past it a
/// tuple hashes by its length only, and keys that deep compare equal only
/// when they are the same object (a deeper recursion could overflow the
/// native stack).
const KEY_DEPTH: u32 = 200;

/// Whether a class defines `__eq__` below any `__hash__` on its chain:
/// CPython then sets its `__hash__` to None, so instances are unhashable.
fn eq_without_hash(c: &Rc<Class>) -> bool {
    for x in c.ancestry() {
        let d = x.dict.borrow();
        if let Some(h) = d.get("__hash__") {
            return matches!(h, Value::None);
        }
        if d.contains_key("__eq__") {
            return true;
        }
        drop(d);
    }
    false
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        if matches!(self.0, Value::Object(_)) || matches!(other.0, Value::Object(_)) {
            // User `__eq__`, through the running interpreter.
            if let Some(i) = key_hooks() {
                return i.key_eq(&self.0, &other.0);
            }
        }
        self.0.py_eq_shallow(&other.0)
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(py_hash(&self.0));
    }
}

/// `hash(v)` for a hashable built-in value, and what every dict and set
/// hashes its keys by. One function for both, so that an object whose
/// `__hash__` returns `hash(x)` finds `x`'s entry (a `str` enum member
/// finds its value's key), as CPython promises.
///
/// Numbers hash as in CPython (equal ones alike, and `Fraction`s and
/// `Decimal`s with them); tuples by CPython's tuple hash over their items'
/// hashes, so a tuple of numbers hashes as it does there. `str` and
/// `bytes` hash by FxHash (CPython's are seeded at random per process).
pub fn py_hash(v: &Value) -> i64 {
    hash_at(v, 0)
}

fn hash_at(v: &Value, depth: u32) -> i64 {
    let h = match v {
        Value::None => 0x5f3c_0a17,
        Value::Bool(b) => *b as i64,
        Value::Int(i) => crate::bigint::int_hash(*i),
        Value::Big(b) => crate::bigint::big_hash(b),
        Value::Float(f) if f.is_nan() => f.to_bits() as i64,
        Value::Float(f) => crate::bigint::float_hash(*f),
        Value::Str(s) => fx(|h| s.hash(h)),
        Value::Bytes(b) => fx(|h| b.hash(h)),
        Value::Tuple(items) => tuple_hash(items, depth),
        Value::Object(o) if o.class.lookup("__hash__").is_some() => key_hooks()
            .and_then(|i| {
                let m = o.class.lookup("__hash__")?;
                i.key_hash(v, &m)
            })
            .unwrap_or(v.identity() as i64),
        Value::Object(o) if o.inner.is_some() => match &o.inner {
            Some(inner) => hash_at(inner, depth),
            None => v.identity() as i64,
        },
        Value::Native(n) => match n.as_any().downcast_ref::<FrozenSet>() {
            // By the members, whatever their order.
            Some(f) => {
                let mut total: u64 = 0;
                for k in f.0.borrow().iter() {
                    let x = hash_at(&k.0, depth + 1) as u64;
                    total = total.wrapping_add(x ^ (x << 16) ^ 0x9e37_79b9_7f4a_7c15);
                }
                (f.0.borrow().len() as u64 ^ total) as i64
            }
            None => v.identity() as i64,
        },
        other => other.identity() as i64,
    };
    // `-1` is CPython's error marker, never a hash.
    if h == -1 {
        -2
    } else {
        h
    }
}

/// FxHash of what `feed` writes, as a non-negative hash.
fn fx(feed: impl FnOnce(&mut rustc_hash::FxHasher)) -> i64 {
    let mut h = rustc_hash::FxHasher::default();
    feed(&mut h);
    (h.finish() >> 1) as i64
}

/// CPython's tuple hash (`Objects/tupleobject.c`, xxHash's mixing) over
/// the items' hashes; past [`KEY_DEPTH`] nested tuples a tuple hashes by
/// its length only.
fn tuple_hash(items: &[Value], depth: u32) -> i64 {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let mut acc = P5;
    if depth < KEY_DEPTH {
        for item in items {
            let lane = hash_at(item, depth + 1) as u64;
            acc = acc.wrapping_add(lane.wrapping_mul(P2));
            acc = acc.rotate_left(31);
            acc = acc.wrapping_mul(P1);
        }
    }
    acc = acc.wrapping_add(items.len() as u64 ^ (P5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

impl Value {
    /// The `str` value of `s`.
    pub fn str(s: impl Into<Rc<str>>) -> Value {
        Value::Str(s.into())
    }

    /// A new list.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    /// A new tuple.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(items.into())
    }

    /// A new dict.
    pub fn dict(d: Dict) -> Value {
        Value::Dict(Rc::new(RefCell::new(d)))
    }

    /// An address-like identity for `is` and `id()`.
    pub fn identity(&self) -> usize {
        match self {
            Value::None => 1,
            Value::Bool(b) => 2 + *b as usize,
            Value::Int(i) => *i as usize,
            Value::Big(b) => Rc::as_ptr(b) as usize,
            Value::Float(f) => f.to_bits() as usize,
            Value::Str(s) => Rc::as_ptr(s) as *const u8 as usize,
            Value::Bytes(b) => Rc::as_ptr(b) as *const u8 as usize,
            Value::List(l) => Rc::as_ptr(l) as usize,
            Value::Tuple(t) => Rc::as_ptr(t) as *const Value as usize,
            Value::Dict(d) => Rc::as_ptr(d) as usize,
            Value::Set(s) => Rc::as_ptr(s) as usize,
            Value::Object(o) => Rc::as_ptr(o) as usize,
            Value::Class(c) => Rc::as_ptr(c) as usize,
            Value::Function(f) => Rc::as_ptr(f) as usize,
            Value::Builtin(b) => Rc::as_ptr(b) as usize,
            Value::Bound(b) => Rc::as_ptr(b) as usize,
            Value::Native(n) => Rc::as_ptr(n) as *const u8 as usize,
        }
    }

    /// `a is b`
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Str(a), Value::Str(b)) => Rc::ptr_eq(a, b) || (a.len() <= 1 && a == b),
            (Value::Int(_) | Value::Bool(_) | Value::None | Value::Float(_), _) => false,
            _ => {
                std::mem::discriminant(self) == std::mem::discriminant(other)
                    && self.identity() == other.identity()
            }
        }
    }

    /// Equality of built-in values without calling user `__eq__` (used for
    /// dict keys; objects compare by identity).
    pub fn py_eq_shallow(&self, other: &Value) -> bool {
        self.eq_shallow_at(other, 0)
    }

    fn eq_shallow_at(&self, other: &Value, depth: u32) -> bool {
        if depth > KEY_DEPTH {
            return self.is(other);
        }
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (
                Value::Int(_) | Value::Bool(_) | Value::Float(_),
                Value::Int(_) | Value::Bool(_) | Value::Float(_),
            ) => match (self.as_number(), other.as_number()) {
                (Some(Number::Int(a)), Some(Number::Int(b))) => a == b,
                (Some(Number::Int(i)), Some(Number::Float(f)))
                | (Some(Number::Float(f)), Some(Number::Int(i))) => {
                    crate::bigint::int_cmp_float(i, f) == Some(std::cmp::Ordering::Equal)
                }
                (Some(a), Some(b)) => a.as_f64() == b.as_f64(),
                _ => false,
            },
            // A big int never equals a 64-bit one; a float only when exact.
            (Value::Big(a), Value::Big(b)) => a == b,
            (Value::Big(b), Value::Float(f)) | (Value::Float(f), Value::Big(b)) => {
                crate::bigint::cmp_float(b, *f) == Some(std::cmp::Ordering::Equal)
            }
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::Tuple(a), Value::Tuple(b)) => {
                Rc::ptr_eq(a, b)
                    || a.len() == b.len()
                        && a.iter()
                            .zip(b.iter())
                            .all(|(x, y)| x.eq_shallow_at(y, depth + 1))
            }
            (Value::List(a), Value::List(b)) => {
                Rc::ptr_eq(a, b) || {
                    let (a, b) = (a.borrow(), b.borrow());
                    a.len() == b.len()
                        && a.iter()
                            .zip(b.iter())
                            .all(|(x, y)| x.eq_shallow_at(y, depth + 1))
                }
            }
            (Value::Dict(a), Value::Dict(b)) => {
                Rc::ptr_eq(a, b) || {
                    let (a, b) = (a.borrow(), b.borrow());
                    a.len() == b.len()
                        && a.iter()
                            .all(|(k, v)| b.get(k).is_some_and(|w| v.eq_shallow_at(w, depth + 1)))
                }
            }
            (Value::Set(a), Value::Set(b)) => {
                Rc::ptr_eq(a, b) || {
                    let (a, b) = (a.borrow(), b.borrow());
                    a.len() == b.len() && a.iter().all(|k| b.contains(k))
                }
            }
            (Value::Native(_), _) | (_, Value::Native(_)) => match (thaw(self), thaw(other)) {
                (None, None) => self.is(other),
                (x, y) => {
                    let x = x.unwrap_or_else(|| self.clone());
                    let y = y.unwrap_or_else(|| other.clone());
                    x.eq_shallow_at(&y, depth + 1)
                }
            },
            _ => self.is(other),
        }
    }

    /// The built-in value an instance of a subclass of a built-in type
    /// carries (`None` for anything else).
    pub fn inner(&self) -> Option<&Value> {
        match self {
            Value::Object(o) => o.inner.as_ref(),
            _ => None,
        }
    }

    /// The number inside an `int`, `bool` or `float`.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            Value::Bool(b) => Some(Number::Int(*b as i64)),
            Value::Int(i) => Some(Number::Int(*i)),
            Value::Float(f) => Some(Number::Float(*f)),
            _ => None,
        }
    }

    /// The integer inside an `int` or `bool`.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Bool(b) => Some(*b as i64),
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The type's name as Python prints it.
    /// The type's name as error messages give it ([`Native::full_type_name`]
    /// for native values).
    pub fn tp_name(&self) -> Rc<str> {
        match self {
            Value::Native(n) => n.full_type_name().into(),
            other => other.type_name(),
        }
    }

    /// The type's name.
    pub fn type_name(&self) -> Rc<str> {
        match self {
            Value::None => "NoneType".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) | Value::Big(_) => "int".into(),
            Value::Float(_) => "float".into(),
            Value::Str(_) => "str".into(),
            Value::Bytes(_) => "bytes".into(),
            Value::List(_) => "list".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::Dict(_) => "dict".into(),
            Value::Set(_) => "set".into(),
            Value::Object(o) => match o.class.tp_name.get() {
                Some(n) => n.clone(),
                None => o.class.name.clone(),
            },
            Value::Class(_) => "type".into(),
            Value::Function(_) => "function".into(),
            Value::Builtin(_) => "builtin_function_or_method".into(),
            Value::Bound(_) => "method".into(),
            Value::Native(n) => n.type_name().into(),
        }
    }

    /// Truthiness of built-in values; `None` for objects, whose `__bool__`
    /// or `__len__` the evaluator must call.
    pub fn truthy_builtin(&self) -> Option<bool> {
        Some(match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Big(_) => true,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) => !d.borrow().is_empty(),
            Value::Set(s) => !s.borrow().is_empty(),
            Value::Object(_) => return None,
            Value::Native(n) => return n.truthy(),
            _ => true,
        })
    }
}

/// A number, for arithmetic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
}

impl Number {
    /// As a float.
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::plain::repr_plain(self))
    }
}

/// An instance of a Python-defined class (or of an exception class).
pub struct Object {
    /// Its class.
    pub class: Rc<Class>,
    /// Its attributes.
    pub dict: RefCell<Names>,
    /// Exception state, for instances of exception classes.
    pub exc: Option<crate::exc::ExcState>,
    /// For an instance of a subclass of a built-in type (`class Money(int)`,
    /// `class Stack(list)`): the built-in value it is, which the built-in
    /// operations use when the class does not override them.
    pub inner: Option<Value>,
}

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} object>", self.class.name)
    }
}

/// Built-in types that classes can stand for (so `int`, `str`, … are
/// classes users can call and test with `isinstance`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum BuiltinType {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    Bytes,
    List,
    Tuple,
    Dict,
    Set,
    Function,
    /// An exception class implemented natively (`BaseException` and kin).
    Exception,
    /// A native type known by name (coroutine, Task, Queue, …).
    Native,
}

/// Shared by every thread (natively, tests run interpreters side by side):
/// another thread's change only makes this one's caches miss more, and a
/// thread always sees its own. An atomic rather than a thread-local: in the
/// size-optimised engine a thread-local's access is a call on the VM's
/// hottest paths, a relaxed atomic a plain load.
static CLASS_EPOCH: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A number that changes whenever any class's namespace may have changed
/// (a class made, or its namespace borrowed mutably). What the VM's
/// attribute caches learnt about a class holds while it stays the same.
#[inline(always)]
pub(crate) fn class_epoch() -> u64 {
    CLASS_EPOCH.load(std::sync::atomic::Ordering::Relaxed)
}

fn next_class_epoch() {
    CLASS_EPOCH.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// A class's namespace: a `RefCell` whose mutable borrows move
/// [`class_epoch`] on.
#[derive(Debug)]
pub struct ClassDict(RefCell<Names>);

impl ClassDict {
    /// A new namespace (a new class, so the epoch moves on: a cache keyed
    /// by a freed class's address must not take the new one for it).
    pub fn new(names: Names) -> ClassDict {
        next_class_epoch();
        ClassDict(RefCell::new(names))
    }

    /// Reads the namespace.
    pub fn borrow(&self) -> std::cell::Ref<'_, Names> {
        self.0.borrow()
    }

    /// Changes the namespace; caches about classes are invalid from here.
    pub fn borrow_mut(&self) -> std::cell::RefMut<'_, Names> {
        next_class_epoch();
        self.0.borrow_mut()
    }

    /// The namespace of a class no one else holds (being freed).
    pub fn get_mut(&mut self) -> &mut Names {
        next_class_epoch();
        self.0.get_mut()
    }
}

/// A class.
pub struct Class {
    /// Its name.
    pub name: Rc<str>,
    /// Its qualified name.
    pub qualname: Rc<str>,
    /// Its first base class (`None` only for `object`).
    pub base: Option<Rc<Class>>,
    /// Its other base classes, in the order the class statement gave them
    /// (empty unless it inherits from several).
    pub extra_bases: Vec<Rc<Class>>,
    /// Its ancestors in method resolution order (C3), itself left out:
    /// with one base, the chain of bases up to `object`.
    pub mro: Vec<Rc<Class>>,
    /// Its namespace: methods and class attributes.
    pub dict: ClassDict,
    /// The built-in type it stands for, if any.
    pub builtin: Option<BuiltinType>,
    /// The module it was defined in (for `repr`).
    pub module: Rc<str>,
    /// The name error messages give its instances' type when that is not
    /// its `__name__`: the dotted name of the C type a class of a
    /// Python-written module stands in for (`decimal.Decimal`), set once by
    /// the module's loader. Subclasses do not inherit it, as in CPython.
    pub tp_name: std::cell::OnceCell<Rc<str>>,
}

impl fmt::Debug for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<class '{}'>", self.name)
    }
}

impl Class {
    /// A class made by the interpreter rather than a `class` statement
    /// (a built-in type, an exception, a library class): `name` in
    /// `module`, at most one base, namespace `dict`.
    pub fn made(
        name: &str,
        module: &str,
        base: Option<Rc<Class>>,
        dict: Names,
        builtin: Option<BuiltinType>,
    ) -> Rc<Class> {
        Rc::new(Class {
            name: name.into(),
            qualname: name.into(),
            mro: Class::mro_after(&base),
            extra_bases: Vec::new(),
            base,
            dict: ClassDict::new(dict),
            builtin,
            module: module.into(),
            tp_name: Default::default(),
        })
    }

    /// The method resolution order of a class whose only base is `base`,
    /// itself left out (what [`Class::mro`] holds).
    pub fn mro_after(base: &Option<Rc<Class>>) -> Vec<Rc<Class>> {
        match base {
            Some(b) => std::iter::once(b.clone())
                .chain(b.mro.iter().cloned())
                .collect(),
            None => Vec::new(),
        }
    }

    /// The class, then its ancestors in method resolution order.
    pub fn ancestry(self: &Rc<Self>) -> impl Iterator<Item = &Rc<Class>> {
        std::iter::once(self).chain(self.mro.iter())
    }

    /// Looks a name up in method resolution order.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.dict.borrow().get(name) {
            return Some(v.clone());
        }
        self.mro
            .iter()
            .find_map(|c| c.dict.borrow().get(name).cloned())
    }

    /// Whether `self` is `other` or inherits from it.
    pub fn is_subclass(self: &Rc<Self>, other: &Rc<Class>) -> bool {
        // The built-in exceptions that have a second base programs can
        // see (the table of built-in exceptions gives each one base).
        const SECOND_BASES: [(&str, &str); 2] = [
            ("ExceptionGroup", "BaseExceptionGroup"),
            ("UnsupportedOperation", "ValueError"),
        ];
        if other.builtin == Some(BuiltinType::Exception) {
            for (class, base) in SECOND_BASES {
                if &*other.name != base {
                    continue;
                }
                if self
                    .ancestry()
                    .any(|k| &*k.name == class && k.builtin == Some(BuiltinType::Exception))
                {
                    return true;
                }
            }
        }
        self.ancestry().any(|k| Rc::ptr_eq(k, other))
    }

    /// The nearest built-in type in method resolution order.
    pub fn builtin_root(&self) -> Option<BuiltinType> {
        self.builtin
            .or_else(|| self.mro.iter().find_map(|c| c.builtin))
    }
}

/// The C3 linearisation of `bases` (CPython's `mro_implementation`): the
/// new class's ancestors in method resolution order, itself left out. Each
/// step takes the first head of the bases' own orders (and of `bases`)
/// that is in no order's tail. When none is, the error lists the remaining
/// heads, as CPython's message does.
pub fn c3_merge(bases: &[Rc<Class>]) -> Result<Vec<Rc<Class>>, Vec<Rc<str>>> {
    let mut orders: Vec<Vec<Rc<Class>>> = bases
        .iter()
        .map(|b| b.ancestry().cloned().collect())
        .collect();
    orders.push(bases.to_vec());
    let mut out: Vec<Rc<Class>> = Vec::new();
    loop {
        orders.retain(|o| !o.is_empty());
        if orders.is_empty() {
            return Ok(out);
        }
        let in_a_tail = |c: &Rc<Class>| {
            orders
                .iter()
                .any(|o| o[1..].iter().any(|x| Rc::ptr_eq(x, c)))
        };
        let Some(next) = orders
            .iter()
            .map(|o| &o[0])
            .find(|h| !in_a_tail(h))
            .cloned()
        else {
            let mut heads: Vec<Rc<str>> = Vec::new();
            for o in &orders {
                if !heads.contains(&o[0].name) {
                    heads.push(o[0].name.clone());
                }
            }
            return Err(heads);
        };
        for o in &mut orders {
            if Rc::ptr_eq(&o[0], &next) {
                o.remove(0);
            }
        }
        out.push(next);
    }
}

/// A function defined in Python: compiled code plus what it closed over.
pub struct Function {
    /// The code.
    pub def: Rc<FuncDef>,
    /// Default values of trailing positional parameters.
    pub defaults: Vec<Value>,
    /// Default values of keyword-only parameters.
    pub kw_defaults: Vec<(Rc<str>, Value)>,
    /// Captured cells (the free variables).
    pub closure: Vec<Rc<RefCell<Option<Value>>>>,
    /// The module globals it runs in.
    pub globals: Rc<RefCell<Names>>,
    /// Attributes set on it (`__name__` changes, `functools.wraps`, …).
    pub attrs: RefCell<Names>,
    /// For a function defined directly in a class body (decorated or
    /// not), that class once it exists: what zero-argument `super()` starts
    /// from (CPython's `__class__` cell).
    pub class_cell: Option<ClassCell>,
}

/// The cell a class body's functions share, filled when the class is made.
/// Weak, because the class holds those functions: a strong link would be a
/// cycle, and with no cycle collector every class would leak.
pub type ClassCell = Rc<RefCell<std::rc::Weak<Class>>>;

impl fmt::Debug for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<function {}>", self.def.qualname)
    }
}

/// Arguments passed to a built-in.
#[derive(Debug, Default)]
pub struct Args {
    /// Positional arguments (for a bound method, the receiver first).
    pub pos: Vec<Value>,
    /// Keyword arguments.
    pub kw: Vec<(Rc<str>, Value)>,
}

impl Args {
    /// Positional-only arguments.
    pub fn new(pos: Vec<Value>) -> Args {
        Args {
            pos,
            kw: Vec::new(),
        }
    }

    /// Takes a keyword argument by name.
    pub fn take_kw(&mut self, name: &str) -> Option<Value> {
        let i = self.kw.iter().position(|(k, _)| &**k == name)?;
        Some(self.kw.remove(i).1)
    }
}

/// The Rust side of a built-in function.
pub type BuiltinFn = fn(&crate::interp::Interp, Args) -> Result<Value, Exc>;

/// A function implemented in Rust.
pub struct Builtin {
    /// Its name.
    pub name: Rc<str>,
    /// The implementation.
    pub func: BuiltinFn,
    /// Data bound at creation (for closures such as `functools.partial`).
    pub data: Option<Value>,
}

/// A small native singleton: `...` and `NotImplemented`.
struct Singleton(&'static str, &'static str);

impl Native for Singleton {
    fn type_name(&self) -> &'static str {
        self.0
    }
    fn repr(&self) -> String {
        self.1.to_string()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

thread_local! {
    static ELLIPSIS: Value = Value::Native(Rc::new(Singleton("ellipsis", "Ellipsis")));
    static NOT_IMPLEMENTED: Value = Value::Native(Rc::new(Singleton("NotImplementedType", "NotImplemented")));
}

/// `...` (the builtin `Ellipsis`).
pub fn ellipsis() -> Value {
    ELLIPSIS.with(|e| e.clone())
}

/// The builtin `NotImplemented`.
pub fn not_implemented() -> Value {
    NOT_IMPLEMENTED.with(|v| v.clone())
}

/// A built-in method `name` bound to the native object `this`.
pub fn bound(this: &Rc<dyn Native>, name: &str, f: BuiltinFn) -> Value {
    Value::Bound(Rc::new((
        Value::Native(this.clone()),
        Value::Builtin(Rc::new(Builtin {
            name: name.into(),
            func: f,
            data: None,
        })),
    )))
}

impl fmt::Debug for Builtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<built-in function {}>", self.name)
    }
}

/// A value implemented in Rust that Python code can use through attributes
/// and protocols.
pub trait Native: Any + IntoAnyRc {
    /// The type's name, as `type(x).__name__` shows it.
    fn type_name(&self) -> &'static str;

    /// `repr(x)`
    fn repr(&self) -> String {
        format!(
            "<{} object at {}>",
            self.type_name(),
            crate::text::address(self as *const Self)
        )
    }

    /// The type's full name, as CPython's error messages give it (a C
    /// type's `tp_name`, such as `asyncpg.protocol.record.Record`).
    fn full_type_name(&self) -> &'static str {
        self.type_name()
    }

    /// Looks up an attribute or method. Methods are returned bound, usually
    /// as built-ins whose first positional argument is the receiver.
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let _ = (this, name);
        None
    }

    /// The attribute names an error message may suggest from ("Did you
    /// mean"): a module's names; none for most native objects.
    fn attr_names(&self) -> Vec<Rc<str>> {
        Vec::new()
    }

    /// Truthiness (`None`: always true).
    fn truthy(&self) -> Option<bool> {
        None
    }

    /// For downcasting.
    fn as_any(&self) -> &dyn Any;

    /// Drops the values it holds, when its last reference goes away, so
    /// that freeing a long chain of them does not recurse (see [`Value`]'s
    /// `Drop`). Natives that hold no values need not implement it.
    fn clear_refs(&mut self) {}
}

/// Upcasts any native to `Rc<dyn Any>` (blanket, so implementors need not).
pub trait IntoAnyRc {
    /// The conversion.
    fn into_any_rc(self: Rc<Self>) -> Rc<dyn Any>;
}

impl<T: Any> IntoAnyRc for T {
    fn into_any_rc(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

impl fmt::Debug for dyn Native {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.repr())
    }
}

/// A `frozenset`: the table of a `set`, never changed. Its methods are in
/// `crate::frozenset`.
pub(crate) struct FrozenSet(pub(crate) Rc<RefCell<Set>>);

/// A frozenset of `s`.
pub(crate) fn freeze(s: Set) -> Value {
    Value::Native(Rc::new(FrozenSet(Rc::new(RefCell::new(s)))))
}

/// The members of a frozenset, as a set sharing its table.
pub(crate) fn thaw(v: &Value) -> Option<Value> {
    native_ref::<FrozenSet>(v).map(|f| Value::Set(f.0.clone()))
}

/// Implements `Debug` for native types through their `repr`.
#[macro_export]
macro_rules! debug_via_repr {
    ($($t:ty),* $(,)?) => {
        $(impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$crate::value::Native::repr(self))
            }
        })*
    };
}

/// Downcasts a native value.
pub fn native_ref<T: 'static>(v: &Value) -> Option<&T> {
    match v {
        Value::Native(n) => n.as_any().downcast_ref::<T>(),
        _ => None,
    }
}

/// Converts a native trait object to `Rc<dyn Any>` for downcasting to its
/// concrete type.
pub fn into_any(n: Rc<dyn Native>) -> Rc<dyn Any> {
    n.into_any_rc()
}

/// Freeing without deep recursion, as CPython's "trashcan" does.
///
/// Dropping the last reference to a container drops what it holds, which
/// may be the last reference to another container, and so on: a linked
/// list of 150,000 nodes would free itself 150,000 native frames deep and
/// overflow the stack (natively a crash, in the browser a dead tab). So the
/// last reference to a container empties it here, counting how deep such
/// frees are nested; past [`trashcan::MAX_DEPTH`] the container is set aside
/// whole, and the outermost free empties the pile in a loop. Values that
/// cannot recurse (numbers, strings, shared containers) pass straight
/// through.
impl Drop for Value {
    #[inline(always)]
    fn drop(&mut self) {
        if trashcan::is_last_container(self) {
            trashcan::free(self);
        }
    }
}

/// The bookkeeping behind [`Value`]'s `Drop`.
mod trashcan {
    use super::Value;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    /// How many frees may nest before containers are set aside. Each level
    /// costs a few native frames; 64 of them fit any stack we run on.
    pub(super) const MAX_DEPTH: u32 = 64;

    thread_local! {
        static DEPTH: Cell<u32> = const { Cell::new(0) };
        static DRAINING: Cell<bool> = const { Cell::new(false) };
        static PILE: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    }

    #[inline(always)]
    fn sole<T: ?Sized>(rc: &Rc<T>) -> bool {
        Rc::strong_count(rc) == 1
    }

    /// Whether dropping `v` frees a container (and so may recurse).
    #[inline(always)]
    pub(super) fn is_last_container(v: &Value) -> bool {
        match v {
            Value::List(l) => sole(l),
            Value::Tuple(t) => sole(t) && !t.is_empty(),
            Value::Dict(d) => sole(d),
            Value::Set(s) => sole(s),
            Value::Object(o) => sole(o),
            Value::Class(c) => sole(c),
            Value::Function(f) => sole(f),
            Value::Bound(b) => sole(b),
            Value::Native(n) => sole(n),
            _ => false,
        }
    }

    /// Frees the container `v` (its last reference) one level deeper, or
    /// sets it aside when frees are already nested [`MAX_DEPTH`] deep.
    #[inline(never)]
    pub(super) fn free(v: &mut Value) {
        let depth = DEPTH.get();
        if depth >= MAX_DEPTH {
            let whole = std::mem::replace(v, Value::None);
            if let Err(back) = set_aside(whole) {
                // Only while the thread exits: free it here after all.
                *v = back;
            }
            return;
        }
        DEPTH.set(depth + 1);
        empty(v);
        DEPTH.set(depth);
        if depth == 0 && !DRAINING.get() {
            DRAINING.set(true);
            while let Some(next) = PILE.try_with(|p| p.borrow_mut().pop()).ok().flatten() {
                drop(next);
            }
            DRAINING.set(false);
        }
    }

    fn set_aside(v: Value) -> Result<(), Value> {
        let mut v = Some(v);
        let _ = PILE.try_with(|p| {
            if let (Ok(mut pile), Some(v)) = (p.try_borrow_mut(), v.take()) {
                pile.push(v);
            }
        });
        v.map_or(Ok(()), Err)
    }

    /// Drops what the container `v` holds, here rather than in the drop
    /// glue that runs after [`Value`]'s `Drop`, so that the nested frees are
    /// counted. A container with weak references (which `Rc::get_mut`
    /// refuses) is left to the glue.
    fn empty(v: &mut Value) {
        match v {
            Value::List(l) => {
                if let Some(l) = Rc::get_mut(l) {
                    drop(std::mem::take(l.get_mut()));
                }
            }
            Value::Tuple(t) => {
                if let Some(items) = Rc::get_mut(t) {
                    for item in items.iter_mut() {
                        drop(std::mem::replace(item, Value::None));
                    }
                }
            }
            Value::Dict(d) => {
                if let Some(d) = Rc::get_mut(d) {
                    drop(std::mem::take(d.get_mut()));
                }
            }
            Value::Set(s) => {
                if let Some(s) = Rc::get_mut(s) {
                    drop(std::mem::take(s.get_mut()));
                }
            }
            Value::Object(o) => {
                if let Some(o) = Rc::get_mut(o) {
                    drop(o.inner.take());
                }
                // Through the cells, so that an object someone holds weakly
                // (`traceback`'s last caught exception) is emptied too.
                if let Ok(mut d) = o.dict.try_borrow_mut() {
                    drop(std::mem::take(&mut *d));
                }
                if let Some(e) = o.exc.as_ref() {
                    let take = |c: &RefCell<Option<crate::exc::Exc>>| {
                        c.try_borrow_mut().ok().and_then(|mut c| c.take())
                    };
                    if let Ok(mut args) = e.args.try_borrow_mut() {
                        drop(std::mem::take(&mut *args));
                    }
                    // Chained exceptions are freed as values, so that a
                    // long `raise ... from` chain is counted too.
                    let chained = [take(&e.cause), take(&e.context)];
                    let group = e
                        .group
                        .try_borrow_mut()
                        .ok()
                        .and_then(|mut g| g.take())
                        .map(|(_, g)| g);
                    for c in chained
                        .into_iter()
                        .flatten()
                        .chain(group.into_iter().flatten())
                    {
                        drop(Value::Object(c.0));
                    }
                }
            }
            Value::Class(c) => {
                if let Some(c) = Rc::get_mut(c) {
                    drop(std::mem::take(c.dict.get_mut()));
                }
            }
            Value::Function(f) => {
                if let Some(f) = Rc::get_mut(f) {
                    drop(std::mem::take(&mut f.defaults));
                    drop(std::mem::take(&mut f.kw_defaults));
                    drop(std::mem::take(&mut f.closure));
                    drop(std::mem::take(f.attrs.get_mut()));
                }
            }
            Value::Bound(b) => {
                if let Some(b) = Rc::get_mut(b) {
                    drop(std::mem::replace(&mut b.0, Value::None));
                    drop(std::mem::replace(&mut b.1, Value::None));
                }
            }
            Value::Native(n) => {
                if let Some(n) = Rc::get_mut(n) {
                    n.clear_refs();
                }
            }
            _ => {}
        }
    }
}

/// The order CPython iterates a set of ints in: its hash table's slot
/// order, simulated (open addressing with linear probes and perturbation,
/// table growing at 60% fill). Sets holding anything but ints and bools
/// keep insertion order (CPython's order for those depends on hashes that
/// vary between runs anyway).
pub fn set_order(s: &Set) -> Vec<Value> {
    let ints: Option<Vec<i64>> = s.iter().map(|k| k.0.as_int()).collect();
    let Some(ints) = ints else {
        return s.iter().map(|k| k.0.clone()).collect();
    };
    let mut size: usize = 8;
    while ints.len() * 5 >= (size - 1) * 3 {
        size = (ints.len() * 4).next_power_of_two().max(size * 2);
    }
    let mut table: Vec<Option<usize>> = vec![None; size];
    let mask = size - 1;
    for (idx, &v) in ints.iter().enumerate() {
        let h = if v == -1 { -2i64 } else { v } as u64;
        let mut perturb = h;
        let mut i = (h as usize) & mask;
        'probe: loop {
            for j in 0..=9usize {
                let slot = (i + j) & mask;
                if table[slot].is_none() {
                    table[slot] = Some(idx);
                    break 'probe;
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }
    let items: Vec<Value> = s.iter().map(|k| k.0.clone()).collect();
    table
        .into_iter()
        .flatten()
        .map(|i| items[i].clone())
        .collect()
}

/// `a & b` as CPython makes it: it walks the smaller set (`b` when they
/// are the same size) and keeps that set's elements, so of two equal
/// elements the result holds the one from the smaller set
/// (`{1, 2} & {1.0}` is `{1.0}`).
pub fn set_intersection(a: &Set, b: &Set) -> Set {
    if b.len() > a.len() {
        set_intersection_of_items(b, a)
    } else {
        set_intersection_of_items(a, b)
    }
}

/// `s.intersection(x)` for an operand `x` that is not a set (a list, a
/// dict view, any iterable, here already made a set): CPython walks the
/// operand, so the result holds its elements.
pub fn set_intersection_of_items(a: &Set, items: &Set) -> Set {
    items.iter().filter(|k| a.contains(*k)).cloned().collect()
}

/// A built-in carrying data (prepended to its positional arguments).
pub fn builtin_with(name: &str, func: BuiltinFn, data: Value) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: name.into(),
        func,
        data: Some(data),
    }))
}
