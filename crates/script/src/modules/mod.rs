//! The importable modules: `asyncio` and the small standard-library subset
//! tutorials use.

pub mod aiohttp;
pub mod asyncio;
pub mod asyncpg;
pub mod checking;
pub mod files;
pub(crate) mod stdlib;
pub mod testing;
pub(crate) mod threads;

use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// A module object.
pub struct Module {
    /// Its name.
    pub name: Rc<str>,
    /// Its attributes.
    pub dict: RefCell<crate::value::Names>,
    /// The globals of a module written in Python: its functions hold them
    /// and they hold its functions, a cycle broken when the module goes.
    pub globals: Option<crate::interp::Namespace>,
}

crate::debug_via_repr!(Module);

impl Native for Module {
    fn clear_refs(&mut self) {
        drop(std::mem::take(self.dict.get_mut()));
        if let Some(g) = self.globals.take() {
            let held: Vec<Value> = g.borrow_mut().drain(..).map(|(_, v)| v).collect();
            drop(held);
        }
    }

    fn type_name(&self) -> &'static str {
        "module"
    }
    fn repr(&self) -> String {
        format!("<module '{}'>", self.name)
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "__name__" => return Some(Value::Str(self.name.clone())),
            // `module.attr = value` (`sys.stdout = buffer`).
            "__setattr__" if !self.dict.borrow().contains_key(name) => {
                return Some(crate::value::bound(this, "__setattr__", |_, a| {
                    let m = a.pos.first().and_then(native_ref::<Module>);
                    if let (Some(m), Some(Value::Str(k)), Some(v)) = (m, a.pos.get(1), a.pos.get(2))
                    {
                        m.dict.borrow_mut().insert(k.clone(), v.clone());
                    }
                    Ok(Value::None)
                }))
            }
            _ => {}
        }
        self.dict.borrow().get(name).cloned()
    }
    fn attr_names(&self) -> Vec<Rc<str>> {
        self.dict.borrow().keys().cloned().collect()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Builds a module value from `(name, value)` pairs.
pub fn module(name: &str, items: Vec<(&str, Value)>) -> Value {
    let dict = items.into_iter().map(|(k, v)| (Rc::from(k), v)).collect();
    Value::Native(Rc::new(Module {
        name: name.into(),
        dict: RefCell::new(dict),
        globals: None,
    }))
}

/// A built-in function value.
pub fn func(name: &str, f: BuiltinFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: name.into(),
        func: f,
        data: None,
    }))
}

/// Loads module `name`.
///
/// # Errors
///
/// `ModuleNotFoundError` for modules the subset does not have.
pub fn load(interp: &Interp, name: &str) -> Result<Value, Exc> {
    match name {
        "asyncio" => Ok(asyncio::module(interp)),
        "aiohttp" => Ok(aiohttp::load_module()),
        "aiofiles" => Ok(files::aiofiles_module()),
        "os" => Ok(files::os_module()),
        "pytest" => testing::load_pytest(interp),
        "asyncpg" => Ok(asyncpg::module_value()),
        "asyncpg.exceptions" => {
            let m = asyncpg::module_value();
            interp.getattr(&m, "exceptions")
        }
        "pytest_asyncio" => testing::pytest_asyncio_module(interp),
        "_looplab_testing" => Ok(testing::helpers_module()),
        "looplab_check" => checking::load_check(interp),
        "_looplab_check" => Ok(checking::helpers_module()),
        "csv" => interp.load_source_module("csv", include_str!("csv.py")),
        "shutil" => Ok(files::shutil_module()),
        sub if files::submodule(sub).is_some() => {
            files::submodule(sub).ok_or_else(|| Exc::of("ModuleNotFoundError", sub.to_string()))
        }
        other => stdlib::load(interp, other).unwrap_or_else(|| {
            Err(Exc::of(
                "ModuleNotFoundError",
                format!("No module named '{other}' (Looplab provides asyncio, time, random, contextlib, typing, dataclasses, functools, logging, json, sys, collections, math, itertools, enum, abc, os, io, csv, datetime, re, contextvars, textwrap, base64, types, hashlib, statistics, traceback, urllib.parse, html, pprint, uuid, inspect, shlex, fnmatch, pathlib, decimal, fractions, struct, calendar, shutil, aiohttp, aiofiles, asyncpg, pytest)"),
            ))
        }),
    }
}

/// Whether `v` is `sys.stderr`.
pub fn is_stderr(v: &Value) -> bool {
    stdlib::is_stderr(v)
}
