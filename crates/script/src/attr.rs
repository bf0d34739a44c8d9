//! Attribute access: instances, classes, built-in values' methods, natives.

use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
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
                if name == "__dict__" {
                    let d: Dict = o
                        .dict
                        .borrow()
                        .iter()
                        .map(|(k, v)| (Key(Value::Str(k.clone())), v.clone()))
                        .collect();
                    return Ok(Some(Value::dict(d)));
                }
                // One walk up the class chain: a property there wins over
                // the instance's own attribute, anything else loses to it.
                let on_class = o.class.lookup(name);
                if let Some(found) = &on_class {
                    if let Some(p) = crate::builtins::as_property(found) {
                        return match p {
                            Some(getter) => {
                                self.call(&getter, Args::new(vec![obj.clone()])).map(Some)
                            }
                            None => Err(Exc::attribute_error(format!(
                                "property '{name}' has no getter"
                            ))),
                        };
                    }
                }
                if let Some(v) = o.dict.borrow().get(name) {
                    return Ok(Some(v.clone()));
                }
                if o.exc.is_some() {
                    if let Some(v) = crate::builtins::exception_attr(self, obj, name)? {
                        return Ok(Some(v));
                    }
                }
                if let Some(found) = on_class {
                    return Ok(Some(bind(
                        self,
                        &found,
                        obj,
                        &Value::Class(o.class.clone()),
                    )));
                }
                if let Some(ga) = o.class.lookup("__getattr__") {
                    return match self.call(&ga, Args::new(vec![obj.clone(), Value::str(name)])) {
                        Ok(v) => Ok(Some(v)),
                        Err(e) if e.is("AttributeError") && !raising => Ok(None),
                        Err(e) => Err(e),
                    };
                }
                Ok(crate::builtins::object_method(obj, name))
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
                        return Ok(Some(crate::builtins::builtin_with(
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
                    Some(found) => Ok(Some(bind_class(&found, obj))),
                    None => Ok(crate::builtins::class_attr(self, c, name)),
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
                "__class__" => Some(crate::builtins::class_of(obj)),
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
            other => Ok(crate::methods::data_attr(other, name)
                .or_else(|| crate::builtins::value_method(other, name))),
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
                if let Some(found) = o.class.lookup(name) {
                    if let Some(setter) = crate::builtins::property_setter(&found) {
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
                }
                if o.class.lookup("__setattr__").is_some() {
                    if let Some(m) = o.class.lookup("__setattr__") {
                        self.call(&m, Args::new(vec![obj.clone(), Value::str(name), value]))?;
                        return Ok(());
                    }
                }
                if o.exc.is_some() && crate::builtins::set_exception_attr(obj, name, &value) {
                    return Ok(());
                }
                o.dict.borrow_mut().insert(name.into(), value);
                Ok(())
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
        let removed = match obj {
            Value::Object(o) => o.dict.borrow_mut().shift_remove(name).is_some(),
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

/// Binds a class attribute found through an instance.
fn bind(_interp: &Interp, found: &Value, inst: &Value, class: &Value) -> Value {
    match found {
        Value::Function(_) | Value::Builtin(_) => {
            Value::Bound(Rc::new((inst.clone(), found.clone())))
        }
        other => match crate::builtins::descriptor_kind(other) {
            Some(crate::builtins::Descriptor::Static(f)) => f,
            Some(crate::builtins::Descriptor::ClassMethod(f)) => {
                Value::Bound(Rc::new((class.clone(), f)))
            }
            _ => other.clone(),
        },
    }
}

/// A class attribute looked up on the class itself.
fn bind_class(found: &Value, class: &Value) -> Value {
    match crate::builtins::descriptor_kind(found) {
        Some(crate::builtins::Descriptor::Static(f)) => f,
        Some(crate::builtins::Descriptor::ClassMethod(f)) => {
            Value::Bound(Rc::new((class.clone(), f)))
        }
        _ => found.clone(),
    }
}
