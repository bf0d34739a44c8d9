//! Attribute access: instances, classes, built-in values' methods, natives;
//! and the descriptor objects (`property`, `staticmethod`, `classmethod`).
//! The built-in types' own methods and attributes are asked of the
//! interpreter (`Interp::value_method` and the like, in `builtins`).

use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

impl Interp {
    /// `getattr(obj, name)`.
    ///
    /// # Errors
    ///
    /// `AttributeError` with Python's wording.
    pub fn getattr(&self, obj: &Value, name: &str) -> Result<Value, Exc> {
        match self.find_attr(obj, name, true)? {
            Some(v) => Ok(v),
            None => Err(self.no_attribute(obj, name)),
        }
    }

    fn no_attribute(&self, obj: &Value, name: &str) -> Exc {
        let e = match obj {
            Value::Class(c) => Exc::attribute_error(format!(
                "type object '{}' has no attribute '{name}'",
                c.name
            )),
            Value::Native(n) if n.type_name() == "module" => Exc::attribute_error(format!(
                "module '{}' has no attribute '{name}'",
                crate::format::repr_plain(obj)
                    .trim_start_matches("<module '")
                    .trim_end_matches("'>")
            )),
            other => Exc::attribute_error(format!(
                "'{}' object has no attribute '{name}'",
                other.tp_name()
            )),
        };
        *e.state().suggest.borrow_mut() = Some(crate::exc::Suggest::Attr(name.into(), obj.clone()));
        e
    }

    /// `getattr(obj, name, None)`-style lookup: `Ok(None)` when missing.
    ///
    /// # Errors
    ///
    /// What a property getter raises.
    pub fn try_getattr(&self, obj: &Value, name: &str) -> Result<Option<Value>, Exc> {
        self.find_attr(obj, name, false)
    }

    /// The lookup behind [`getattr`](Self::getattr) and
    /// [`try_getattr`](Self::try_getattr): with `raising`, the
    /// `AttributeError` a class's `__getattr__` raises is the error, its
    /// message the program's own, as in CPython.
    fn find_attr(&self, obj: &Value, name: &str, raising: bool) -> Result<Option<Value>, Exc> {
        match obj {
            Value::Object(o) => {
                if name == "__class__" {
                    return Ok(Some(Value::Class(o.class.clone())));
                }
                if name == "__dict__" && has_instance_dict(&o.class) {
                    if let Some(d) = self.live_dict_view(o) {
                        return Ok(Some(Value::Dict(d)));
                    }
                    let d: Dict = o
                        .dict
                        .borrow()
                        .iter()
                        .filter(|(k, _)| !is_slot(&o.class, k))
                        .map(|(k, v)| (Key(Value::Str(k.clone())), v.clone()))
                        .collect();
                    let d = Rc::new(RefCell::new(d));
                    self.note_dict_view(&d, o);
                    return Ok(Some(Value::Dict(d)));
                }
                // One walk up the class chain: a property there wins over
                // the instance's own attribute, anything else loses to it.
                let on_class = o.class.lookup(name);
                if let Some(found) = &on_class {
                    if let Some(p) = as_property(found) {
                        return match p {
                            Some(getter) => {
                                self.call(&getter, Args::new(vec![obj.clone()])).map(Some)
                            }
                            None => Err(Exc::attribute_error(format!(
                                "property '{name}' has no getter"
                            ))),
                        };
                    }
                    if member_of(found).is_some() {
                        // A slot: its value, or missing.
                        return Ok(o.dict.borrow().get(name).cloned());
                    }
                    // A data descriptor wins over the instance's attribute.
                    if let Some(get) = descriptor_hook(found, "__get__") {
                        if is_data_descriptor(found) {
                            let args =
                                vec![found.clone(), obj.clone(), Value::Class(o.class.clone())];
                            return self.call(&get, Args::new(args)).map(Some);
                        }
                    }
                }
                if let Some(v) = o.dict.borrow().get(name) {
                    return Ok(Some(v.clone()));
                }
                if o.exc.is_some() {
                    if let Some(v) = self.exception_attr(obj, name)? {
                        return Ok(Some(v));
                    }
                }
                if let Some(found) = on_class {
                    if let Some(get) = descriptor_hook(&found, "__get__") {
                        let args = vec![found, obj.clone(), Value::Class(o.class.clone())];
                        return self.call(&get, Args::new(args)).map(Some);
                    }
                    return Ok(Some(bind(
                        self,
                        &found,
                        obj,
                        &Value::Class(o.class.clone()),
                    )));
                }
                if let Some(inner) = &o.inner {
                    // A built-in base's method, working on the built-in value.
                    let found = data_attr(inner, name).or_else(|| self.value_method(inner, name));
                    if found.is_some() {
                        return Ok(found);
                    }
                }
                if let Some(ga) = o.class.lookup("__getattr__") {
                    return match self.call(&ga, Args::new(vec![obj.clone(), Value::str(name)])) {
                        Ok(v) => Ok(Some(v)),
                        Err(e) if e.is("AttributeError") && !raising => Ok(None),
                        Err(e) => Err(e),
                    };
                }
                Ok(self.object_method(obj, name))
            }
            Value::Class(c) => {
                match name {
                    "__name__" => return Ok(Some(Value::Str(c.name.clone()))),
                    "__qualname__" => return Ok(Some(Value::Str(c.qualname.clone()))),
                    "__module__" => return Ok(Some(Value::Str(c.module.clone()))),
                    "__bases__" => {
                        return Ok(Some(Value::tuple(
                            c.base
                                .iter()
                                .chain(c.extra_bases.iter())
                                .map(|b| Value::Class(b.clone()))
                                .collect(),
                        )));
                    }
                    "__base__" => {
                        return Ok(Some(c.base.clone().map_or(Value::None, Value::Class)));
                    }
                    "__mro__" => {
                        let v = c.ancestry().map(|k| Value::Class(k.clone())).collect();
                        return Ok(Some(Value::tuple(v)));
                    }
                    "mro" if c.lookup("mro").is_none() => {
                        return Ok(Some(crate::value::builtin_with(
                            "mro",
                            |_, a| match a.pos.first() {
                                Some(Value::Class(c)) => Ok(Value::list(
                                    c.ancestry().map(|k| Value::Class(k.clone())).collect(),
                                )),
                                _ => Err(Exc::type_error("mro() needs a class")),
                            },
                            obj.clone(),
                        )));
                    }
                    _ => {}
                }
                match c.lookup(name) {
                    Some(found) => match descriptor_hook(&found, "__get__") {
                        Some(get) => {
                            let args = vec![found, Value::None, obj.clone()];
                            self.call(&get, Args::new(args)).map(Some)
                        }
                        None => Ok(Some(bind_class(&found, obj))),
                    },
                    None => Ok(self.class_attr(c, name)),
                }
            }
            Value::Function(f) => Ok(match name {
                "__name__" => Some(
                    f.attrs
                        .borrow()
                        .get("__name__")
                        .cloned()
                        .unwrap_or_else(|| Value::Str(f.def.name.clone())),
                ),
                "__qualname__" => Some(
                    f.attrs
                        .borrow()
                        .get("__qualname__")
                        .cloned()
                        .unwrap_or_else(|| Value::Str(f.def.qualname.clone())),
                ),
                "__doc__" => {
                    Some(f.attrs.borrow().get("__doc__").cloned().unwrap_or_else(|| {
                        f.def.doc.clone().map(Value::Str).unwrap_or(Value::None)
                    }))
                }
                "__module__" => Some(Value::str("__main__")),
                "__class__" => Some(crate::classes::class_of(obj)),
                _ => f.attrs.borrow().get(name).cloned(),
            }),
            Value::Bound(b) => match name {
                "__self__" => Ok(Some(b.0.clone())),
                "__func__" => Ok(Some(b.1.clone())),
                _ => self.try_getattr(&b.1, name),
            },
            Value::Builtin(b) => Ok(match name {
                "__name__" | "__qualname__" => Some(Value::Str(b.name.clone())),
                "__doc__" => Some(Value::None),
                _ => None,
            }),
            Value::Native(n) => Ok(n.get_attr(n, name)),
            other => Ok(data_attr(other, name).or_else(|| self.value_method(other, name))),
        }
    }

    /// `setattr(obj, name, value)`.
    ///
    /// # Errors
    ///
    /// `AttributeError` for values without settable attributes.
    pub fn setattr(&self, obj: &Value, name: &str, value: Value) -> Result<(), Exc> {
        match obj {
            Value::Object(o) => {
                if let Some(m) = o.class.lookup("__setattr__") {
                    self.call(&m, Args::new(vec![obj.clone(), Value::str(name), value]))?;
                    return Ok(());
                }
                self.generic_setattr(obj, name, value)
            }
            Value::Class(c) => {
                c.dict.borrow_mut().insert(name.into(), value);
                Ok(())
            }
            Value::Function(f) => {
                f.attrs.borrow_mut().insert(name.into(), value);
                Ok(())
            }
            Value::Native(n) => match n.get_attr(n, "__setattr__") {
                Some(m) => self
                    .call(&m, Args::new(vec![Value::str(name), value]))
                    .map(|_| ()),
                None => Err(Exc::attribute_error(format!(
                    "'{}' object attribute '{name}' is read-only",
                    n.type_name()
                ))),
            },
            other => Err(Exc::attribute_error(format!(
                "'{}' object has no attribute '{name}'",
                other.tp_name()
            ))),
        }
    }

    /// `delattr(obj, name)`.
    ///
    /// # Errors
    ///
    /// `AttributeError` when missing.
    pub fn delattr(&self, obj: &Value, name: &str) -> Result<(), Exc> {
        if let Value::Object(o) = obj {
            if let Some(m) = o.class.lookup("__delattr__") {
                self.call(&m, Args::new(vec![obj.clone(), Value::str(name)]))?;
                return Ok(());
            }
            return self.generic_delattr(obj, name);
        }
        let removed = match obj {
            Value::Class(c) => c.dict.borrow_mut().shift_remove(name).is_some(),
            Value::Function(f) => f.attrs.borrow_mut().shift_remove(name).is_some(),
            _ => false,
        };
        if removed {
            Ok(())
        } else {
            Err(Exc::attribute_error(format!(
                "'{}' object has no attribute '{name}'",
                obj.type_name()
            )))
        }
    }
}

impl Interp {
    /// `object.__setattr__`: a property's setter, a slot, a data
    /// descriptor's `__set__`, else the instance's namespace (refused
    /// when `__slots__` leaves the instance none).
    ///
    /// # Errors
    ///
    /// `AttributeError` as CPython words it; what a setter raises.
    pub(crate) fn generic_setattr(&self, obj: &Value, name: &str, value: Value) -> Result<(), Exc> {
        let Value::Object(o) = obj else {
            return self.setattr(obj, name, value);
        };
        if let Some(found) = o.class.lookup(name) {
            if let Some(setter) = property_setter(&found) {
                return match setter {
                    Some(s) => self
                        .call(&s, Args::new(vec![obj.clone(), value]))
                        .map(|_| ()),
                    None => Err(Exc::attribute_error(format!(
                        "property '{name}' of '{}' object has no setter",
                        o.class.name
                    ))),
                };
            }
            if member_of(&found).is_some() {
                let old = o.dict.borrow_mut().insert(name.into(), value);
                drop(old);
                return Ok(());
            }
            if let Some(set) = descriptor_hook(&found, "__set__") {
                return self
                    .call(&set, Args::new(vec![found.clone(), obj.clone(), value]))
                    .map(|_| ());
            }
            if descriptor_hook(&found, "__delete__").is_some() {
                return Err(Exc::attribute_error("__set__"));
            }
        }
        if o.exc.is_some() && self.set_exception_attr(obj, name, &value) {
            return Ok(());
        }
        if !has_instance_dict(&o.class) {
            return Err(self.no_attribute(obj, name));
        }
        self.mirror_to_view(o, name, Some(&value));
        let old = o.dict.borrow_mut().insert(name.into(), value);
        drop(old);
        Ok(())
    }

    /// `object.__delattr__`: a slot, a data descriptor's `__delete__`,
    /// else the instance's namespace.
    ///
    /// # Errors
    ///
    /// `AttributeError` when there is nothing to delete.
    pub(crate) fn generic_delattr(&self, obj: &Value, name: &str) -> Result<(), Exc> {
        let Value::Object(o) = obj else {
            return self.delattr(obj, name);
        };
        if let Some(found) = o.class.lookup(name) {
            if member_of(&found).is_some() {
                let old = o.dict.borrow_mut().shift_remove(name);
                return match old {
                    Some(_) => Ok(()),
                    None => Err(Exc::attribute_error(name.to_string())),
                };
            }
            if let Some(del) = descriptor_hook(&found, "__delete__") {
                return self
                    .call(&del, Args::new(vec![found.clone(), obj.clone()]))
                    .map(|_| ());
            }
            if descriptor_hook(&found, "__set__").is_some() {
                return Err(Exc::attribute_error("__delete__"));
            }
            if property_setter(&found).is_some() {
                return Err(Exc::attribute_error(format!(
                    "property '{name}' of '{}' object has no deleter",
                    o.class.name
                )));
            }
        }
        let old = o.dict.borrow_mut().shift_remove(name);
        if old.is_some() {
            self.mirror_to_view(o, name, None);
        }
        match old {
            Some(_) => Ok(()),
            None => Err(Exc::attribute_error(format!(
                "'{}' object has no attribute '{name}'",
                o.class.name
            ))),
        }
    }
}

impl Interp {
    /// Remembers that `d` is `o.__dict__`, dropping the entries of dicts
    /// gone whenever the table has doubled.
    fn note_dict_view(&self, d: &Rc<RefCell<Dict>>, o: &Rc<Object>) {
        let mut views = self.dict_views.borrow_mut();
        let n = views.by_dict.len();
        if n >= 64 && n.is_power_of_two() {
            views
                .by_dict
                .retain(|_, (d, o)| d.strong_count() > 0 && o.strong_count() > 0);
            views.by_object.retain(|_, d| d.strong_count() > 0);
        }
        views
            .by_dict
            .insert(Rc::as_ptr(d) as usize, (Rc::downgrade(d), Rc::downgrade(o)));
        views
            .by_object
            .insert(Rc::as_ptr(o) as usize, Rc::downgrade(d));
    }

    /// The `__dict__` of `o` still alive from an earlier access.
    /// Whether any object's `__dict__` was handed out as a live view (then
    /// attribute writes must go through [`Interp::setattr`] to mirror).
    pub(crate) fn has_dict_views(&self) -> bool {
        !self.dict_views.borrow().by_object.is_empty()
    }

    fn live_dict_view(&self, o: &Rc<Object>) -> Option<Rc<RefCell<Dict>>> {
        let views = self.dict_views.borrow();
        if views.by_object.is_empty() {
            return None;
        }
        let d = views.by_object.get(&(Rc::as_ptr(o) as usize))?.upgrade()?;
        let (_, owner) = views.by_dict.get(&(Rc::as_ptr(&d) as usize))?;
        let owner = owner.upgrade()?;
        Rc::ptr_eq(&owner, o).then_some(d)
    }

    /// Mirrors an attribute write (`Some`) or deletion (`None`) into the
    /// object's live `__dict__`, if it has one.
    fn mirror_to_view(&self, o: &Rc<Object>, name: &str, value: Option<&Value>) {
        let Some(d) = self.live_dict_view(o) else {
            return;
        };
        let key = Key(Value::str(name));
        let old = match value {
            Some(v) => d.borrow_mut().insert(key, v.clone()),
            None => d.borrow_mut().remove(&key),
        };
        drop(old);
    }
}

/// After a write to the dict `d` (item assignment or deletion, `update`,
/// `pop`, `setdefault`, `popitem`, `clear`): when `d` is an object's
/// `__dict__`, the object's attributes become its string-keyed items (its
/// slots kept), as if the dict were the object's namespace, as in CPython.
pub(crate) fn dict_written(interp: &Interp, d: &Rc<RefCell<Dict>>) {
    let found = {
        let views = interp.dict_views.borrow();
        if views.by_dict.is_empty() {
            return;
        }
        views.by_dict.get(&(Rc::as_ptr(d) as usize)).cloned()
    };
    let Some((view, obj)) = found else {
        return;
    };
    let (Some(view), Some(obj)) = (view.upgrade(), obj.upgrade()) else {
        return;
    };
    if !Rc::ptr_eq(&view, d) {
        return;
    }
    let mut fresh: Names = obj
        .dict
        .borrow()
        .iter()
        .filter(|(k, _)| is_slot(&obj.class, k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in view.borrow().iter() {
        if let Value::Str(s) = &k.0 {
            fresh.insert(s.clone(), v.clone());
        }
    }
    let old = std::mem::replace(&mut *obj.dict.borrow_mut(), fresh);
    drop(old);
}

/// Whether `name` is one of the slots of `class`'s instances.
fn is_slot(class: &Rc<Class>, name: &str) -> bool {
    class.lookup(name).as_ref().and_then(member_of).is_some()
}

/// A descriptor's hook (`__get__`, `__set__`, `__delete__`,
/// `__set_name__`) when `v` is an instance of a class that defines it.
pub(crate) fn descriptor_hook(v: &Value, hook: &str) -> Option<Value> {
    match v {
        Value::Object(o) if o.exc.is_none() => o.class.lookup(hook),
        _ => None,
    }
}

/// Whether `v` is a data descriptor (defines `__set__` or `__delete__`).
fn is_data_descriptor(v: &Value) -> bool {
    descriptor_hook(v, "__set__").is_some() || descriptor_hook(v, "__delete__").is_some()
}

/// The member descriptor a `__slots__` entry puts in its class.
pub(crate) struct Member {
    name: Rc<str>,
    class: Rc<str>,
}

crate::debug_via_repr!(Member);

impl Native for Member {
    fn type_name(&self) -> &'static str {
        "member_descriptor"
    }
    fn repr(&self) -> String {
        format!("<member '{}' of '{}' objects>", self.name, self.class)
    }
    fn get_attr(&self, _: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "__name__" => Some(Value::Str(self.name.clone())),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn member_of(v: &Value) -> Option<&Member> {
    native_ref::<Member>(v)
}

/// The names a class's `__slots__` declares (a string is one name).
///
/// # Errors
///
/// `TypeError` for entries that are not strings.
pub(crate) fn slot_names(interp: &Interp, slots: &Value) -> Result<Vec<Rc<str>>, Exc> {
    let items = match slots {
        Value::Str(s) => vec![Value::Str(s.clone())],
        other => interp.collect(other)?,
    };
    items
        .iter()
        .map(|v| match v {
            Value::Str(s) => Ok(s.clone()),
            other => Err(Exc::type_error(format!(
                "__slots__ items must be strings, not '{}'",
                other.type_name()
            ))),
        })
        .collect()
}

/// The member descriptors for a new class's slots, checked against its
/// namespace as `type.__new__` checks them.
///
/// # Errors
///
/// `ValueError` for a slot that is also a class variable.
pub(crate) fn add_members(
    class_name: &Rc<str>,
    names: &[Rc<str>],
    dict: &mut Names,
) -> Result<(), Exc> {
    for n in names {
        if &**n == "__dict__" || &**n == "__weakref__" {
            continue;
        }
        if dict.contains_key(n) {
            return Err(Exc::value_error(format!(
                "'{n}' in __slots__ conflicts with class variable"
            )));
        }
        let m = Member {
            name: n.clone(),
            class: class_name.clone(),
        };
        dict.insert(n.clone(), Value::Native(Rc::new(m)));
    }
    Ok(())
}

/// Whether instances of `class` have a `__dict__`: unless every class
/// they inherit from (but `object`) declares `__slots__` without
/// `__dict__`.
pub(crate) fn has_instance_dict(class: &Rc<Class>) -> bool {
    class.ancestry().any(|c| match c.builtin {
        Some(BuiltinType::Object) => false,
        Some(_) => true,
        None => match c.dict.borrow().get("__slots__") {
            None => true,
            Some(Value::Str(s)) => &**s == "__dict__",
            Some(Value::Tuple(t)) => t
                .iter()
                .any(|v| matches!(v, Value::Str(s) if &**s == "__dict__")),
            Some(Value::List(l)) => l
                .borrow()
                .iter()
                .any(|v| matches!(v, Value::Str(s) if &**s == "__dict__")),
            Some(_) => false,
        },
    })
}

/// Binds a class attribute found through an instance.
fn bind(_interp: &Interp, found: &Value, inst: &Value, class: &Value) -> Value {
    match found {
        Value::Function(_) | Value::Builtin(_) => {
            Value::Bound(Rc::new((inst.clone(), found.clone())))
        }
        other => match descriptor_kind(other) {
            Some(Descriptor::Static(f)) => f,
            Some(Descriptor::ClassMethod(f)) => Value::Bound(Rc::new((class.clone(), f))),
            _ => other.clone(),
        },
    }
}

/// A class attribute looked up on the class itself.
fn bind_class(found: &Value, class: &Value) -> Value {
    match descriptor_kind(found) {
        Some(Descriptor::Static(f)) => f,
        Some(Descriptor::ClassMethod(f)) => Value::Bound(Rc::new((class.clone(), f))),
        _ => found.clone(),
    }
}

/// Data attributes of built-in values, which are values rather than
/// methods: `(3).real`, `(3).imag`, `(3).numerator`, `(3).denominator`,
/// `(2.5).real`, `(2.5).imag`, and `x.__class__` for any built-in value.
pub fn data_attr(v: &Value, name: &str) -> Option<Value> {
    match (v, name) {
        (_, "__class__") => Some(crate::classes::class_of(v)),
        (Value::Int(_) | Value::Bool(_), "real" | "numerator") => v.as_int().map(Value::Int),
        (Value::Int(_) | Value::Bool(_), "imag") => Some(Value::Int(0)),
        (Value::Int(_) | Value::Bool(_), "denominator") => Some(Value::Int(1)),
        (Value::Big(_), "real" | "numerator") => Some(v.clone()),
        (Value::Big(_), "imag") => Some(Value::Int(0)),
        (Value::Big(_), "denominator") => Some(Value::Int(1)),
        (Value::Float(f), "real") => Some(Value::Float(*f)),
        (Value::Float(_), "imag") => Some(Value::Float(0.0)),
        _ => None,
    }
}

// ------------------------------------------------------------ descriptors

/// What a class attribute does when looked up.
#[derive(Debug)]
pub enum Descriptor {
    /// `@staticmethod`
    Static(Value),
    /// `@classmethod`
    ClassMethod(Value),
    /// `@property` (getter, setter)
    Property(Option<Value>, Option<Value>),
}

/// A descriptor object (`property`, `staticmethod`, `classmethod`).
pub(crate) struct DescriptorObj(RefCell<Descriptor>);

impl DescriptorObj {
    /// A descriptor object holding `d`.
    pub(crate) fn new(d: Descriptor) -> DescriptorObj {
        DescriptorObj(RefCell::new(d))
    }
}

impl Native for DescriptorObj {
    fn type_name(&self) -> &'static str {
        match &*self.0.borrow() {
            Descriptor::Static(_) => "staticmethod",
            Descriptor::ClassMethod(_) => "classmethod",
            Descriptor::Property(..) => "property",
        }
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match (&*self.0.borrow(), name) {
            (Descriptor::Property(..), "setter") => {
                Some(crate::value::bound(this, "setter", |_, a| {
                    let Some(d) = a.pos.first().and_then(native_ref::<DescriptorObj>) else {
                        return Err(Exc::type_error("property"));
                    };
                    let getter = match &*d.0.borrow() {
                        Descriptor::Property(g, _) => g.clone(),
                        _ => None,
                    };
                    let setter = a.pos.get(1).cloned();
                    Ok(Value::Native(Rc::new(DescriptorObj(RefCell::new(
                        Descriptor::Property(getter, setter),
                    )))))
                }))
            }
            (Descriptor::Property(Some(g), _), "__doc__") => Some(g.clone()),
            (Descriptor::Static(f) | Descriptor::ClassMethod(f), "__func__") => Some(f.clone()),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The descriptor behind a class attribute, if it is one.
pub fn descriptor_kind(v: &Value) -> Option<Descriptor> {
    native_ref::<DescriptorObj>(v).map(|d| match &*d.0.borrow() {
        Descriptor::Static(f) => Descriptor::Static(f.clone()),
        Descriptor::ClassMethod(f) => Descriptor::ClassMethod(f.clone()),
        Descriptor::Property(g, s) => Descriptor::Property(g.clone(), s.clone()),
    })
}

/// The getter of a property (`Some(None)`: a property without getter).
pub fn as_property(v: &Value) -> Option<Option<Value>> {
    match descriptor_kind(v) {
        Some(Descriptor::Property(g, _)) => Some(g),
        _ => None,
    }
}

/// The setter of a property (`Some(None)`: read-only property).
pub fn property_setter(v: &Value) -> Option<Option<Value>> {
    match descriptor_kind(v) {
        Some(Descriptor::Property(_, s)) => Some(s),
        _ => None,
    }
}

/// The function inside a descriptor (or the value itself).
pub fn unwrap_descriptor(v: &Value) -> Value {
    match descriptor_kind(v) {
        Some(Descriptor::Static(f) | Descriptor::ClassMethod(f)) => f,
        Some(Descriptor::Property(Some(g), _)) => g,
        _ => v.clone(),
    }
}

/// `classmethod(f)`: for built-in classes whose methods need their class
/// (which they get as the receiver, rather than holding it in a cycle).
pub fn classmethod_of(f: Value) -> Value {
    Value::Native(Rc::new(DescriptorObj::new(Descriptor::ClassMethod(f))))
}
