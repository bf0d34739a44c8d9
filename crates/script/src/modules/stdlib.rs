//! The standard-library subset: `time`, `sys`, `random`, `functools`,
//! `contextlib`, `dataclasses`, `json`, `logging`, `typing`, `math`,
//! `itertools`, `collections`, `enum`, `abc`, `heapq`, `bisect`,
//! `operator`, `copy`, `string` (with `Template`), `io`, `datetime`,
//! `textwrap`, `base64`, `binascii`, `types`, `hashlib`, `traceback`,
//! `inspect`, `re`, and, written in Python (`stdlib/*.py`), `statistics`,
//! `collections.abc`, `shlex`, `fnmatch`, `pathlib`, `urllib.parse`, `html`,
//! `pprint`, `uuid`, `decimal` and `fractions`.
//!
//! `time` follows the virtual clock: `time.time()` is 1_700_000_000 plus
//! the clock, and `time.strftime(fmt)` formats that instant as UTC
//! (`gmtime`, `localtime`, `asctime`, `strptime`: `stdlib/time_struct.rs`).
//!
//! Each module lives in its own file under `stdlib/`; this file holds the
//! small ones (`time`, `sys`), the loader, and helpers they share:
//! classes whose methods are built-ins (so instances get every protocol the
//! evaluator offers objects: `len`, `in`, `[]`, `==`, iteration, `repr`),
//! argument binding with CPython's messages, and a lazy iterator.

#[cfg(feature = "full")]
mod base64;
mod bisect;
mod collections;
mod contextlib;
pub(crate) mod contextvars;
mod dataclasses;
// `time` formats with its calendar code: compiled in every engine.
#[cfg_attr(not(feature = "full"), allow(dead_code))]
mod datetime;
pub(crate) mod enums;
mod functools;
#[cfg(feature = "full")]
mod hashlib;
mod inspect;
mod io;
mod itertools;
pub(crate) mod json;
mod logging;
mod math;
mod operator;
mod random;
#[cfg(feature = "full")]
mod re;
#[cfg(feature = "full")]
mod struct_mod;
mod template;
#[cfg(feature = "full")]
mod textwrap;
mod time_struct;
mod traceback;
mod types;
mod typing;

use super::module as make_module;
use super::{func, module};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use indexmap::IndexMap;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

struct StdStream(&'static str);

impl Native for StdStream {
    fn type_name(&self) -> &'static str {
        "TextIOWrapper"
    }
    fn repr(&self) -> String {
        format!("<_io.TextIOWrapper name='<{}>'>", self.0)
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "write" => Some(crate::value::bound(this, "write", |interp, a| {
                let stream = if a.pos.first().is_some_and(is_stderr) {
                    looplab_core::trace::Stream::Stderr
                } else {
                    looplab_core::trace::Stream::Stdout
                };
                let text = a
                    .pos
                    .get(1)
                    .map(crate::format::str_plain)
                    .unwrap_or_default();
                interp.write(stream, &text);
                Ok(Value::Int(text.chars().count() as i64))
            })),
            "flush" => Some(crate::value::bound(this, "flush", |_, _| Ok(Value::None))),
            "name" => Some(Value::str(format!("<{}>", self.0))),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Whether `v` is `sys.stderr`.
pub fn is_stderr(v: &Value) -> bool {
    native_ref::<StdStream>(v).is_some_and(|s| s.0 == "stderr")
}

/// Whether `v` is `sys.stdout`.
fn is_stdout(v: &Value) -> bool {
    native_ref::<StdStream>(v).is_some_and(|s| s.0 == "stdout")
}

/// Where `print(..., file=file)` writes: `file` when given and not `None`,
/// else what `sys.stdout` is now (`contextlib.redirect_stdout` or the
/// program may have replaced it).
pub(crate) use crate::builtins::PrintTarget;

impl Interp {
    /// [`print_target`], for `print()` (a builtin, below this module).
    pub(crate) fn print_target(&self, file: Option<Value>) -> PrintTarget {
        print_target(self, file)
    }
}

pub(crate) fn print_target(interp: &Interp, file: Option<Value>) -> PrintTarget {
    use looplab_core::trace::Stream;
    let target = match file {
        None | Some(Value::None) => match sys_stream(interp, "stdout") {
            Some(v) => v,
            None => return PrintTarget::Std(Stream::Stdout),
        },
        Some(f) => f,
    };
    if is_stdout(&target) {
        PrintTarget::Std(Stream::Stdout)
    } else if is_stderr(&target) {
        PrintTarget::Std(Stream::Stderr)
    } else {
        PrintTarget::Object(target)
    }
}

/// `sys.stdout` or `sys.stderr` as it is now.
pub(crate) fn sys_stream(interp: &Interp, name: &str) -> Option<Value> {
    let sys = interp.import("sys").ok()?;
    let m = native_ref::<super::Module>(&sys)?;
    let v = m.dict.borrow().get(name).cloned();
    v
}

/// Replaces `sys.stdout` or `sys.stderr` (`redirect_stdout`).
pub(crate) fn set_sys_stream(interp: &Interp, name: &str, v: Value) {
    if let Ok(sys) = interp.import("sys") {
        if let Some(m) = native_ref::<super::Module>(&sys) {
            m.dict.borrow_mut().insert(name.into(), v);
        }
    }
}

pub(super) fn now_secs(interp: &Interp) -> f64 {
    interp
        .runtime()
        .map(|h| h.now().as_secs_f64())
        .unwrap_or(0.0)
}

/// Loads a standard-library module, or `None` if it does not exist here.
pub fn load(interp: &Interp, name: &str) -> Option<Result<Value, Exc>> {
    Some(Ok(match name {
        "time" => time_module(),
        "sys" => sys_module(interp),
        "random" => random::module(interp),
        "functools" => {
            // `singledispatch` is written in Python (`functools_dispatch.py`).
            let m = functools::module();
            let extra = match interp
                .load_source_module("functools", include_str!("stdlib/functools_dispatch.py"))
            {
                Ok(x) => x,
                Err(e) => return Some(Err(e)),
            };
            if let (Some(module), Some(extra)) = (
                native_ref::<super::Module>(&m),
                native_ref::<super::Module>(&extra),
            ) {
                let found = extra.dict.borrow().get("singledispatch").cloned();
                if let Some(sd) = found {
                    module.dict.borrow_mut().insert("singledispatch".into(), sd);
                }
            }
            m
        }
        "contextlib" => contextlib::module(),
        "contextvars" => contextvars::module(),
        "dataclasses" => dataclasses::module(),
        "json" => json::module(),
        "logging" => logging::module(),
        "typing" => typing::module(),
        "abc" => typing::abc_module(),
        "math" => math::module(),
        "itertools" => itertools::module(),
        "collections" => {
            // `import collections.abc` binds `collections`: its `abc`
            // attribute is the submodule, as in CPython.
            let m = collections::module();
            let abc = interp.import("collections.abc");
            if let (Some(module), Ok(abc)) = (native_ref::<super::Module>(&m), abc) {
                module.dict.borrow_mut().insert("abc".into(), abc);
            }
            m
        }
        "enum" => enums::module(),
        "heapq" => bisect::heapq_module(),
        "bisect" => bisect::bisect_module(),
        "operator" => operator::module(),
        "copy" => operator::copy_module(),
        "string" => string_module(),
        "io" => io::module(interp),
        #[cfg(feature = "full")]
        "base64" => base64::base64_module(),
        #[cfg(feature = "full")]
        "textwrap" => textwrap::module(),
        #[cfg(feature = "full")]
        "binascii" => base64::binascii_module(),
        #[cfg(feature = "full")]
        "struct" => struct_mod::module(),
        #[cfg(feature = "full")]
        "datetime" => datetime::module(interp),
        "types" => types::module(),
        #[cfg(feature = "full")]
        "hashlib" => hashlib::module(),
        "traceback" => traceback::module(),
        "inspect" => inspect::module(),
        #[cfg(feature = "full")]
        "re" => re::module(),
        "collections.abc" => {
            return Some(interp.load_source_module(
                crate::collections_abc::MODULE,
                include_str!("stdlib/collections_abc.py"),
            ))
        }
        #[cfg(feature = "full")]
        "shlex" => {
            return Some(interp.load_source_module("shlex", include_str!("stdlib/shlex.py")))
        }
        #[cfg(feature = "full")]
        "fnmatch" => {
            return Some(interp.load_source_module("fnmatch", include_str!("stdlib/fnmatch.py")))
        }
        #[cfg(feature = "full")]
        "pathlib" => {
            return Some(interp.load_source_module("pathlib", include_str!("stdlib/pathlib.py")))
        }
        #[cfg(feature = "full")]
        "urllib.parse" => {
            return Some(
                interp.load_source_module("urllib.parse", include_str!("stdlib/urllib_parse.py")),
            )
        }
        #[cfg(feature = "full")]
        "urllib" => {
            // `import urllib.parse` binds `urllib`: its `parse` attribute
            // is the submodule, as in CPython.
            let parse = match interp.import("urllib.parse") {
                Ok(p) => p,
                Err(e) => return Some(Err(e)),
            };
            module("urllib", vec![("parse", parse)])
        }
        #[cfg(feature = "full")]
        "calendar" => {
            return Some(interp.load_source_module("calendar", include_str!("stdlib/calendar.py")))
        }
        #[cfg(feature = "full")]
        "html" => return Some(interp.load_source_module("html", include_str!("stdlib/html.py"))),
        #[cfg(feature = "full")]
        "pprint" => {
            return Some(interp.load_source_module("pprint", include_str!("stdlib/pprint.py")))
        }
        #[cfg(feature = "full")]
        "uuid" => return Some(interp.load_source_module("uuid", include_str!("stdlib/uuid.py"))),
        #[cfg(feature = "full")]
        "statistics" => {
            return Some(
                interp.load_source_module("statistics", include_str!("stdlib/statistics.py")),
            )
        }
        #[cfg(feature = "full")]
        "decimal" => {
            return Some(load_with_c_types(
                interp,
                "decimal",
                include_str!("stdlib/decimal.py"),
                &["Decimal", "Context"],
            ))
        }
        #[cfg(feature = "full")]
        "fractions" => {
            return Some(
                interp.load_source_module("fractions", include_str!("stdlib/fractions.py")),
            )
        }
        _ => return None,
    }))
}

/// Loads a module written in Python that stands in for a module CPython
/// writes in C: error messages name the type of instances of its classes
/// `c_types` `module.Class` (`'decimal.Decimal'`), and tracebacks show none
/// of its frames, as CPython's do.
#[cfg(feature = "full")]
fn load_with_c_types(
    interp: &Interp,
    name: &str,
    source: &str,
    c_types: &[&str],
) -> Result<Value, Exc> {
    let m = interp.load_source_module(name, source)?;
    if let Some(module) = native_ref::<super::Module>(&m) {
        if let Some(globals) = &module.globals {
            interp.mark_c_module(globals);
        }
        for t in c_types {
            if let Some(Value::Class(c)) = module.dict.borrow().get(*t) {
                let _ = c.tp_name.set(format!("{name}.{t}").into());
            }
        }
    }
    Ok(m)
}

fn time_module() -> Value {
    let mut items = vec![
        (
            "monotonic",
            func("monotonic", |i, _| Ok(Value::Float(now_secs(i)))),
        ),
        (
            "perf_counter",
            func("perf_counter", |i, _| Ok(Value::Float(now_secs(i)))),
        ),
        (
            "process_time",
            func("process_time", |i, _| Ok(Value::Float(now_secs(i)))),
        ),
        (
            "time",
            func("time", |i, _| {
                Ok(Value::Float(1_700_000_000.0 + now_secs(i)))
            }),
        ),
        (
            "monotonic_ns",
            func("monotonic_ns", |i, _| {
                Ok(Value::Int((now_secs(i) * 1e9).round() as i64))
            }),
        ),
        (
            "perf_counter_ns",
            func("perf_counter_ns", |i, _| {
                Ok(Value::Int((now_secs(i) * 1e9).round() as i64))
            }),
        ),
        (
            "time_ns",
            func("time_ns", |i, _| {
                Ok(Value::Int(
                    1_700_000_000_000_000_000 + (now_secs(i) * 1e9).round() as i64,
                ))
            }),
        ),
        ("sleep", func("sleep", time_sleep)),
    ];
    items.extend(time_struct::items());
    module("time", items)
}

/// `time.sleep(secs)`: blocks the loop for `secs` of its clock, visibly (on
/// a worker thread it only waits: see `modules::threads`).
fn time_sleep(i: &Interp, a: Args) -> Result<Value, Exc> {
    let secs = sleep_secs(&a)?;
    if let (Some(h), Some(task)) = (i.runtime(), looplab_core::current_task()) {
        // Named, so that a blocked loop (or a waiting thread) can say where.
        let thread = if i.in_worker.get() {
            ", in a worker thread"
        } else {
            ""
        };
        h.record(looplab_core::trace::EventKind::TaskNote {
            task,
            text: format!(
                "time.sleep({}) on line {}{thread}",
                crate::format::float_repr(secs),
                i.current_line()
            )
            .into(),
        });
    }
    i.block_for(looplab_core::duration_from_secs(secs));
    Ok(Value::None)
}

/// `time.sleep`'s argument, checked as CPython checks it.
fn sleep_secs(a: &Args) -> Result<f64, Exc> {
    let secs = match a.pos.first() {
        Some(v) => v.as_number().map(|n| n.as_f64()).ok_or_else(|| {
            Exc::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ))
        })?,
        None => {
            return Err(Exc::type_error(
                "time.sleep() takes exactly one argument (0 given)",
            ))
        }
    };
    if secs < 0.0 {
        return Err(Exc::value_error("sleep length must be non-negative"));
    }
    Ok(secs)
}

fn string_module() -> Value {
    let lower = "abcdefghijklmnopqrstuvwxyz";
    let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    let whitespace = " \t\n\r\x0b\x0c";
    module(
        "string",
        vec![
            ("ascii_lowercase", Value::str(lower)),
            ("ascii_uppercase", Value::str(upper)),
            ("ascii_letters", Value::str(format!("{lower}{upper}"))),
            ("digits", Value::str("0123456789")),
            ("hexdigits", Value::str("0123456789abcdefABCDEF")),
            ("octdigits", Value::str("01234567")),
            ("punctuation", Value::str(punctuation)),
            ("whitespace", Value::str(whitespace)),
            ("Template", template::template_class()),
            (
                "printable",
                Value::str(format!("0123456789{lower}{upper}{punctuation}{whitespace}")),
            ),
            (
                "capwords",
                func("capwords", |i, a| {
                    let s = match a.pos.first() {
                        Some(Value::Str(s)) => s.clone(),
                        _ => {
                            return Err(Exc::type_error(
                                "capwords() missing 1 required positional argument: 's'",
                            ))
                        }
                    };
                    let words: Vec<String> = match a.pos.get(1) {
                        Some(Value::Str(sep)) => s.split(&**sep).map(capitalize).collect(),
                        _ => s.split_whitespace().map(capitalize).collect(),
                    };
                    let sep = match a.pos.get(1) {
                        Some(Value::Str(sep)) => sep.to_string(),
                        _ => " ".into(),
                    };
                    let _ = i;
                    Ok(Value::str(words.join(&sep)))
                }),
            ),
        ],
    )
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

fn sys_module(interp: &Interp) -> Value {
    module(
        "sys",
        vec![
            ("stdout", Value::Native(Rc::new(StdStream("stdout")))),
            ("stderr", Value::Native(Rc::new(StdStream("stderr")))),
            ("__stdout__", Value::Native(Rc::new(StdStream("stdout")))),
            ("__stderr__", Value::Native(Rc::new(StdStream("stderr")))),
            (
                "exit",
                func("exit", |_, a| {
                    Err(Exc::new(crate::exc::class("SystemExit"), a.pos))
                }),
            ),
            ("version", Value::str("3.11 (Looplab)")),
            (
                "version_info",
                // A named tuple, named with its module so that it prints
                // as CPython's does.
                collections::record(
                    "sys.version_info",
                    &["major", "minor", "micro", "releaselevel", "serial"],
                    vec![
                        Value::Int(3),
                        Value::Int(11),
                        Value::Int(0),
                        Value::str("final"),
                        Value::Int(0),
                    ],
                ),
            ),
            ("platform", Value::str("looplab")),
            ("maxsize", Value::Int(i64::MAX)),
            (
                // Filled in from the imports so far; `Interp::import` adds
                // the rest (`sys` itself included).
                "modules",
                Value::dict(
                    interp
                        .imported_modules()
                        .into_iter()
                        .map(|(k, m)| (Key(Value::Str(k)), m))
                        .collect(),
                ),
            ),
            (
                "argv",
                Value::list(vec![Value::Str(interp.filename.clone())]),
            ),
            (
                "exc_info",
                func("exc_info", |i, _| {
                    Ok(match traceback::caught(i) {
                        Some(e) => Value::tuple(vec![
                            Value::Class(e.class().clone()),
                            e.value(),
                            Value::None,
                        ]),
                        None => Value::tuple(vec![Value::None, Value::None, Value::None]),
                    })
                }),
            ),
            (
                "getrecursionlimit",
                func("getrecursionlimit", |i, _| {
                    Ok(Value::Int(i.limits.max_depth as i64))
                }),
            ),
        ],
    )
}

// ----------------------------------------------------------------- helpers

/// The first positional argument (the receiver of a method, or the data a
/// built-in was made with) and the rest.
fn split_first(mut a: Args) -> (Value, Args) {
    if a.pos.is_empty() {
        return (Value::None, a);
    }
    let first = a.pos.remove(0);
    (first, a)
}

/// The receiver of a method implemented as a built-in (missing when the
/// method is called through its class without an instance).
///
/// # Errors
///
/// `TypeError` when there is no receiver.
fn recv(a: &Args) -> Result<Value, Exc> {
    a.pos
        .first()
        .cloned()
        .ok_or_else(|| Exc::type_error("unbound method needs an argument"))
}

/// Binds arguments to the parameters `names` (all optional) of a built-in:
/// by position first, then by keyword.
///
/// # Errors
///
/// `TypeError` for too many positional arguments or unknown keywords, worded
/// as CPython words them.
fn params(fname: &str, names: &[&str], a: Args) -> Result<Vec<Option<Value>>, Exc> {
    if a.pos.len() > names.len() {
        return Err(Exc::type_error(format!(
            "{fname}() takes at most {} argument{} ({} given)",
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            a.pos.len()
        )));
    }
    let mut out: Vec<Option<Value>> = vec![None; names.len()];
    for (i, v) in a.pos.into_iter().enumerate() {
        out[i] = Some(v);
    }
    for (k, v) in a.kw {
        match names.iter().position(|n| **n == *k) {
            Some(i) if out[i].is_none() => out[i] = Some(v),
            Some(_) => {
                return Err(Exc::type_error(format!(
                    "{fname}() got multiple values for argument '{k}'"
                )))
            }
            None => {
                return Err(Exc::type_error(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    Ok(out)
}

/// A required argument.
fn required(v: Option<Value>, fname: &str, name: &str, pos: usize) -> Result<Value, Exc> {
    v.ok_or_else(|| {
        Exc::type_error(format!(
            "{fname}() missing required argument '{name}' (pos {pos})"
        ))
    })
}

/// Quotes and joins names as CPython's argument errors do: `'a'`,
/// `'a' and 'b'`, `'a', 'b', and 'c'`.
fn name_list(names: &[Rc<str>]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// A parameter of a generated signature (dataclass `__init__`, namedtuple
/// `__new__`).
struct Param {
    name: Rc<str>,
    has_default: bool,
    kw_only: bool,
}

/// Binds `a` to `ps` as a Python function `fname(self, *ps)` would,
/// with CPython's error messages. Missing parameters that have defaults
/// come back as `None` for the caller to fill.
///
/// # Errors
///
/// `TypeError` for any mismatch.
fn bind_signature(fname: &str, ps: &[Param], a: Args) -> Result<Vec<Option<Value>>, Exc> {
    let positional: Vec<usize> = (0..ps.len()).filter(|i| !ps[*i].kw_only).collect();
    let npos = positional.len();
    if a.pos.len() > npos {
        let required = positional.iter().filter(|i| !ps[**i].has_default).count();
        let takes = if required < npos {
            format!("from {} to {}", required + 1, npos + 1)
        } else {
            (npos + 1).to_string()
        };
        let given = a.pos.len() + 1;
        return Err(Exc::type_error(format!(
            "{fname}() takes {takes} positional argument{} but {given} {} given",
            if takes == "1" { "" } else { "s" },
            if given == 1 { "was" } else { "were" }
        )));
    }
    let mut out: Vec<Option<Value>> = vec![None; ps.len()];
    for (slot, v) in positional.iter().zip(a.pos) {
        out[*slot] = Some(v);
    }
    for (k, v) in a.kw {
        match ps.iter().position(|p| p.name == k) {
            Some(i) if out[i].is_some() => {
                return Err(Exc::type_error(format!(
                    "{fname}() got multiple values for argument '{k}'"
                )))
            }
            Some(i) => out[i] = Some(v),
            None => {
                return Err(Exc::type_error(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    for kw_only in [false, true] {
        let missing: Vec<Rc<str>> = ps
            .iter()
            .zip(&out)
            .filter(|(p, v)| p.kw_only == kw_only && !p.has_default && v.is_none())
            .map(|(p, _)| p.name.clone())
            .collect();
        if !missing.is_empty() {
            return Err(Exc::type_error(format!(
                "{fname}() missing {} required {}argument{}: {}",
                missing.len(),
                if kw_only {
                    "keyword-only "
                } else {
                    "positional "
                },
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
    }
    Ok(out)
}

/// A class implemented by built-in methods.
fn new_class(
    name: &str,
    module: &str,
    base: Option<Rc<Class>>,
    items: Vec<(&str, Value)>,
) -> Rc<Class> {
    let dict: crate::value::Names = items.into_iter().map(|(k, v)| (Rc::from(k), v)).collect();
    let base = Some(base.unwrap_or_else(crate::classes::object_class));
    Class::made(name, module, base, dict, None)
}

/// A built-in method for a class namespace (bound to instances on lookup).
fn method(name: &str, f: BuiltinFn) -> Value {
    func(name, f)
}

/// A fresh instance of `class`, without calling `__init__`.
fn new_object(class: &Rc<Class>) -> Value {
    new_object_with(class, None)
}

/// A fresh instance of `class` carrying the built-in value `inner` (for a
/// subclass of a built-in type), without calling `__init__`.
fn new_object_with(class: &Rc<Class>, inner: Option<Value>) -> Value {
    Value::Object(Rc::new(Object {
        class: class.clone(),
        dict: RefCell::new(IndexMap::default()),
        exc: None,
        inner,
    }))
}

/// An attribute stored directly in an instance's namespace.
fn slot(v: &Value, name: &str) -> Option<Value> {
    match v {
        Value::Object(o) => o.dict.borrow().get(name).cloned(),
        _ => None,
    }
}

/// Stores an attribute directly in an instance's namespace (bypassing
/// `__setattr__`).
fn set_slot(v: &Value, name: &str, value: Value) {
    if let Value::Object(o) = v {
        o.dict.borrow_mut().insert(name.into(), value);
    }
}

/// `NotImplemented`.
fn not_implemented(interp: &Interp) -> Value {
    interp
        .builtins
        .get("NotImplemented")
        .cloned()
        .unwrap_or(Value::None)
}

/// Calls a built-in by name (`property`, `classmethod`, `dict`, ...).
fn call_builtin(interp: &Interp, name: &str, args: Args) -> Result<Value, Exc> {
    let f = interp
        .builtins
        .get(name)
        .cloned()
        .ok_or_else(|| Exc::runtime_error(format!("built-in '{name}' is missing")))?;
    interp.call(&f, args)
}

/// `StopIteration()`.
fn stop_iteration() -> Exc {
    Exc::new(crate::exc::class("StopIteration"), vec![])
}

/// Converts a number to an integer index argument.
fn int_of(v: &Value, what: &str) -> Result<i64, Exc> {
    v.as_int().ok_or_else(|| {
        Exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer{what}",
            v.type_name()
        ))
    })
}

/// The class and qualified name of a value's type, as `repr` shows it.
fn type_repr(v: &Value) -> String {
    crate::format::repr_plain(&crate::builtins::class_of(v))
}

type NextFn = Box<dyn FnMut(&Interp) -> Result<Option<Value>, Exc>>;

/// A lazy iterator driven by a Rust closure (`itertools`, `elements()`,
/// ...). Once the closure reports the end, it stays exhausted.
struct LazyIter {
    name: &'static str,
    repr: Option<String>,
    next: RefCell<Option<NextFn>>,
    running: std::cell::Cell<bool>,
}

impl LazyIter {
    fn value(name: &'static str, next: NextFn) -> Value {
        Value::Native(Rc::new(LazyIter {
            name,
            repr: None,
            next: RefCell::new(Some(next)),
            running: std::cell::Cell::new(false),
        }))
    }

    fn with_repr(name: &'static str, repr: String, next: NextFn) -> Value {
        Value::Native(Rc::new(LazyIter {
            name,
            repr: Some(repr),
            next: RefCell::new(Some(next)),
            running: std::cell::Cell::new(false),
        }))
    }

    fn advance(&self, interp: &Interp) -> Result<Option<Value>, Exc> {
        if self.running.get() {
            return Err(Exc::value_error(format!(
                "{} iterator already executing",
                self.name
            )));
        }
        let Some(mut f) = self.next.borrow_mut().take() else {
            return Ok(None);
        };
        self.running.set(true);
        let r = f(interp);
        self.running.set(false);
        if let Ok(Some(_)) = &r {
            *self.next.borrow_mut() = Some(f);
        }
        r
    }
}

impl Native for LazyIter {
    fn clear_refs(&mut self) {
        drop(self.next.get_mut().take());
    }

    fn type_name(&self) -> &'static str {
        self.name
    }
    fn repr(&self) -> String {
        match &self.repr {
            Some(r) => r.clone(),
            None => format!(
                "<{} object at {}>",
                self.name,
                crate::format::address(self as *const Self)
            ),
        }
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "__iter__" => Some(crate::value::bound(this, "__iter__", |_, a| {
                Ok(a.pos.first().cloned().unwrap_or(Value::None))
            })),
            "__next__" => Some(crate::value::bound(this, "__next__", |interp, a| {
                let Some(it) = a.pos.first().and_then(native_ref::<LazyIter>) else {
                    return Err(Exc::type_error("expected an iterator"));
                };
                it.advance(interp)?.ok_or_else(stop_iteration)
            })),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A lazy iterator over `items`.
fn iter_of(name: &'static str, items: Vec<Value>) -> Value {
    let mut it = items.into_iter();
    LazyIter::value(name, Box::new(move |_| Ok(it.next())))
}

/// Runs `src` and returns its standard output, or the error text.
#[cfg(test)]
fn run_py(src: &str) -> String {
    let out = crate::run(src, &crate::Options::default());
    match out.error {
        None => out.stdout,
        Some(e) => format!("{}ERROR: {:?}\n{}", out.stdout, e, out.stderr),
    }
}

/// Runs `src` and returns its standard output and standard error.
#[cfg(test)]
fn run_py_err(src: &str) -> (String, String) {
    let out = crate::run(src, &crate::Options::default());
    (out.stdout, out.stderr)
}

#[cfg(test)]
mod tests {
    use super::run_py;

    #[test]
    fn sys_argv_and_version_info() {
        assert_eq!(
            run_py("import sys\nprint(sys.argv, sys.version_info[0], sys.version_info.minor, sys.version_info[:2] >= (3, 8))\n"),
            "['main.py'] 3 11 True\n"
        );
    }

    #[test]
    fn time_ns_variants() {
        assert_eq!(
            run_py("import time\ntime.sleep(1.5)\nprint(time.monotonic_ns(), time.monotonic())\n"),
            "1500000000 1.5\n"
        );
    }

    #[test]
    fn string_constants() {
        // Expected output: CPython 3.11 on the same program.
        let src = "import string\nprint(string.ascii_letters, string.digits, string.punctuation, repr(string.whitespace), len(string.printable))\nprint(string.capwords(' hello   wORLD  foo'), string.capwords('a-b-c', '-'))\n";
        assert_eq!(run_py(src), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ' \\t\\n\\r\\x0b\\x0c' 100\nHello World Foo A-B-C\n");
    }

    #[test]
    fn time_strftime_is_virtual_utc() {
        // time.time() starts at 1_700_000_000 (2023-11-14 22:13:20 UTC).
        assert_eq!(
            run_py("import time\nprint(time.strftime('%Y-%m-%d %H:%M:%S'))\n"),
            "2023-11-14 22:13:20\n"
        );
    }
}
