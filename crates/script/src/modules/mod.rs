//! The importable modules: `asyncio` and the small standard-library subset
//! tutorials use; and the import machinery (`Interp::import`,
//! `Interp::load_source_module`, `from m import …`) as an `impl Interp`
//! block, the interpreter's state keeping only the cache of imported modules.

pub mod aiohttp;
pub mod asyncio;
pub mod asyncpg;
pub mod checking;
pub mod files;
pub(crate) mod stdlib;
pub mod testing;
pub(crate) mod threads;

use crate::exc::Exc;
use crate::interp::{Frame, Interp, Namespace};
use crate::ir::Var;
use crate::value::*;
use indexmap::IndexMap;
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
        "os" => Ok(files::os_module()),
        "os.path" => Ok(files::path_module(false)),
        #[cfg(feature = "full")]
        "aiohttp" => Ok(aiohttp::load_module()),
        #[cfg(feature = "full")]
        "aiofiles" => Ok(files::aiofiles_module()),
        #[cfg(feature = "full")]
        "aiofiles.os" => Ok(files::aiofiles_os_module()),
        #[cfg(feature = "full")]
        "aiofiles.ospath" | "aiofiles.os.path" => Ok(files::path_module(true)),
        #[cfg(feature = "full")]
        "pytest" => testing::load_pytest(interp),
        #[cfg(feature = "full")]
        "asyncpg" => Ok(asyncpg::module_value()),
        #[cfg(feature = "full")]
        "asyncpg.exceptions" => {
            let m = asyncpg::module_value();
            interp.getattr(&m, "exceptions")
        }
        #[cfg(feature = "full")]
        "pytest_asyncio" => testing::pytest_asyncio_module(interp),
        #[cfg(feature = "full")]
        "_looplab_testing" => Ok(testing::helpers_module()),
        #[cfg(feature = "full")]
        "looplab_check" => checking::load_check(interp),
        #[cfg(feature = "full")]
        "_looplab_check" => Ok(checking::helpers_module()),
        #[cfg(feature = "full")]
        "csv" => interp.load_source_module("csv", include_str!("csv.py")),
        #[cfg(feature = "full")]
        "shutil" => Ok(files::shutil_module()),
        #[cfg(not(feature = "full"))]
        full if is_full_only(full) => Err(Exc::of(
            "ModuleNotFoundError",
            format!(
                "No module named '{full}' in Looplab's first-run engine (the full engine \
                 has it, and loads in its place for a program whose `import` statements \
                 name it)"
            ),
        )),
        other => stdlib::load(interp, other).unwrap_or_else(|| {
            Err(Exc::of(
                "ModuleNotFoundError",
                format!("No module named '{other}' (Looplab provides asyncio, time, random, contextlib, typing, dataclasses, functools, logging, json, sys, collections, math, itertools, enum, abc, os, io, csv, datetime, re, contextvars, textwrap, base64, types, hashlib, statistics, traceback, urllib.parse, html, pprint, uuid, inspect, shlex, fnmatch, pathlib, decimal, fractions, struct, calendar, shutil, aiohttp, aiofiles, asyncpg, pytest)"),
            ))
        }),
    }
}

/// The modules only the full engine has (the top-level name of a dotted
/// one counts for all of it). The first-run engine, built without the
/// `full` feature, leaves them out to be small (docs/size.md, cut 9); the
/// browser's Worker loads the full engine before running a program whose
/// `import` statements name one of them ([`full_only_imports`]).
pub const FULL_ONLY: &[&str] = &[
    // Host seams and test machinery.
    "aiohttp",
    "aiofiles",
    "asyncpg",
    "pytest",
    "pytest_asyncio",
    "_looplab_testing",
    "looplab_check",
    "_looplab_check",
    "csv",
    "shutil",
    // The larger and rarer standard modules.
    "datetime",
    "re",
    "base64",
    "binascii",
    "textwrap",
    "struct",
    "hashlib",
    "shlex",
    "fnmatch",
    "pathlib",
    "urllib",
    "calendar",
    "html",
    "pprint",
    "uuid",
    "statistics",
    "decimal",
    "fractions",
];

/// Whether module `name` (dotted or not) is one of [`FULL_ONLY`]'s.
pub fn is_full_only(name: &str) -> bool {
    let top = name.split('.').next().unwrap_or(name);
    FULL_ONLY.contains(&top)
}

/// The modules of [`FULL_ONLY`] that `source`'s `import` statements name,
/// anywhere in it (in functions, classes and branches too), in order and
/// without repeats. A program that does not parse names none: either
/// engine reports its syntax error the same way.
pub fn full_only_imports(source: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in crate::compile::imported_modules(source) {
        if is_full_only(&name) && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Whether `v` is `sys.stderr`.
pub fn is_stderr(v: &Value) -> bool {
    stdlib::is_stderr(v)
}

/// Import: the machinery behind `import` statements and library modules
/// written in Python, as an `impl Interp` block (the interpreter's state
/// keeps the cache of imported modules; the loading is here).
impl Interp {
    /// Imports a module by name (cached).
    ///
    /// # Errors
    ///
    /// `ModuleNotFoundError` for modules the subset does not provide.
    pub fn import(&self, name: &str) -> Result<Value, Exc> {
        if let Some(m) = self.modules.borrow().get(name) {
            return Ok(m.clone());
        }
        let m = load(self, name)?;
        self.modules.borrow_mut().insert(name.into(), m.clone());
        // Keep `sys.modules` (made when `sys` is first imported) in step.
        if let Value::Dict(ref d) = self.sys_modules() {
            d.borrow_mut()
                .insert(crate::value::Key(Value::str(name)), m.clone());
        }
        Ok(m)
    }

    /// A module written in Python that ships with the interpreter (its body
    /// must not await): compiled, run in globals of its own, and returned
    /// as a module object.
    ///
    /// # Errors
    ///
    /// What its body raises; a `SystemError` if it does not compile or
    /// suspends (a bug in the module).
    pub fn load_source_module(&self, name: &str, source: &str) -> Result<Value, Exc> {
        let def = crate::compile::compile_module(source).map_err(|e| {
            Exc::of(
                "SystemError",
                format!(
                    "the built-in module {name} does not compile: line {}: {}",
                    e.pos.line, e.message
                ),
            )
        })?;
        let globals: Namespace = Rc::new(RefCell::new(IndexMap::default()));
        globals
            .borrow_mut()
            .insert("__name__".into(), Value::str(name));
        self.source_modules.borrow_mut().push((
            Rc::downgrade(&globals),
            Rc::new(crate::exc::ModuleSource {
                name: name.into(),
                source: source.into(),
            }),
        ));
        let frame = Frame::module(&def, globals.clone());
        crate::vm::run_function(self, frame, crate::vm::code_for(&def))?;
        let items: Vec<(Rc<str>, Value)> = globals
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Value::Native(Rc::new(Module {
            name: name.into(),
            dict: RefCell::new(items.into_iter().collect()),
            globals: Some(globals),
        })))
    }

    /// `import module` / `from module import names` in frame `f`.
    pub(crate) fn import_names(
        &self,
        f: &mut Frame,
        module: &str,
        names: &[(Option<Rc<str>>, Var)],
    ) -> Result<(), Exc> {
        let m = self.import(module)?;
        for (attr, var) in names {
            if attr.as_deref() == Some("*") {
                for (name, v) in self.public_names(&m)? {
                    self.store(f, &Var::Global(name), v)?;
                }
                continue;
            }
            let v = match attr {
                None => m.clone(),
                Some(a) => self.getattr(&m, a).map_err(|_| {
                    Exc::of(
                        "ImportError",
                        format!("cannot import name '{a}' from '{module}'"),
                    )
                })?,
            };
            self.store(f, var, v)?;
        }
        Ok(())
    }

    /// What `from module import *` binds: the names in the module's
    /// `__all__`, else every name not starting with an underscore.
    fn public_names(&self, m: &Value) -> Result<Vec<(Rc<str>, Value)>, Exc> {
        let Some(module) = native_ref::<Module>(m) else {
            return Ok(Vec::new());
        };
        let all = module.dict.borrow().get("__all__").cloned();
        let Some(all) = all else {
            return Ok(module
                .dict
                .borrow()
                .iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect());
        };
        let mut out = Vec::new();
        for name in self.collect(&all)? {
            let Value::Str(ref name) = name else {
                return Err(Exc::type_error(format!(
                    "Item in {}.__all__ must be str, not {}",
                    module.name,
                    name.type_name()
                )));
            };
            let v = self.getattr(m, name)?;
            out.push((name.clone(), v));
        }
        Ok(out)
    }
}
