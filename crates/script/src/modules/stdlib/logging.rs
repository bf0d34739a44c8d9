//! `logging`: loggers in a dotted hierarchy, levels, `basicConfig`,
//! `StreamHandler`/`NullHandler` with `Formatter`s (`%`, `{` and `$`
//! styles), the module-level shortcuts, and CPython's "last resort"
//! handler (bare messages of WARNING and above to stderr when nothing is
//! configured).
//!
//! Differences: `%(asctime)s` shows the virtual clock as UTC wall time
//! (`time.time()` is 1_700_000_000 + the loop clock); `exception()` and
//! `exc_info=True` cannot see the exception being handled, so only an
//! explicit `exc_info=<exception>` adds a traceback; filters are accepted
//! and ignored.

use super::{func, make_module, now_secs, split_first};
use crate::builtins::builtin_with;
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::bound;
use crate::value::*;
use indexmap::IndexMap;
use looplab_core::trace::Stream;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

const LEVELS: &[(&str, i64)] = &[
    ("CRITICAL", 50),
    ("FATAL", 50),
    ("ERROR", 40),
    ("WARNING", 30),
    ("WARN", 30),
    ("INFO", 20),
    ("DEBUG", 10),
    ("NOTSET", 0),
];
const BASIC_FORMAT: &str = "%(levelname)s:%(name)s:%(message)s";

fn level_name(level: i64) -> String {
    match level {
        50 => "CRITICAL".into(),
        40 => "ERROR".into(),
        30 => "WARNING".into(),
        20 => "INFO".into(),
        10 => "DEBUG".into(),
        0 => "NOTSET".into(),
        n => format!("Level {n}"),
    }
}

/// A level given as a number or a name.
fn level_of(v: &Value) -> Result<i64, Exc> {
    match v {
        Value::Str(s) => LEVELS
            .iter()
            .find(|(n, _)| *n == &**s)
            .map(|(_, l)| *l)
            .ok_or_else(|| {
                Exc::value_error(format!("Unknown level: {}", crate::format::str_repr(s)))
            }),
        other => other.as_int().ok_or_else(|| {
            Exc::type_error(format!(
                "Level not an integer or a valid string: {}",
                crate::format::repr_plain(other)
            ))
        }),
    }
}

/// The logging system of one program.
struct LogState {
    loggers: RefCell<crate::value::Names>,
    root: RefCell<Value>,
    disable: Cell<i64>,
    start: f64,
}

impl Native for LogState {
    fn type_name(&self) -> &'static str {
        "Manager"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A `Logger`.
struct Logger {
    name: Rc<str>,
    level: Cell<i64>,
    handlers: RefCell<Vec<Value>>,
    propagate: Cell<bool>,
    disabled: Cell<bool>,
    state: Weak<LogState>,
    is_root: bool,
}

/// A `Formatter`.
struct Formatter {
    fmt: String,
    datefmt: Option<String>,
    style: char,
}

/// Where a handler writes.
enum Sink {
    Stream(Value),
    Null,
}

/// A `StreamHandler` or `NullHandler`.
struct Handler {
    sink: Sink,
    level: Cell<i64>,
    formatter: RefCell<Option<Value>>,
}

/// The `logging` module.
pub(super) fn module() -> Value {
    let state = Rc::new(LogState {
        loggers: RefCell::new(IndexMap::default()),
        root: RefCell::new(Value::None),
        disable: Cell::new(0),
        start: 0.0,
    });
    let root = Value::Native(Rc::new(Logger {
        name: "root".into(),
        level: Cell::new(30),
        handlers: RefCell::new(Vec::new()),
        propagate: Cell::new(true),
        disabled: Cell::new(false),
        state: Rc::downgrade(&state),
        is_root: true,
    }));
    *state.root.borrow_mut() = root.clone();
    let sv = Value::Native(state);
    let mut items: Vec<(&str, Value)> = LEVELS.iter().map(|(n, l)| (*n, Value::Int(*l))).collect();
    let with = |name: &'static str, f: BuiltinFn| builtin_with(name, f, sv.clone());
    items.extend([
        ("getLogger", with("getLogger", get_logger)),
        ("basicConfig", with("basicConfig", basic_config)),
        (
            "disable",
            with("disable", |_, a| {
                let (s, a) = split_first(a);
                let level = match a.pos.first() {
                    Some(v) => level_of(v)?,
                    None => 50,
                };
                state_of(&s)?.disable.set(level);
                Ok(Value::None)
            }),
        ),
        ("debug", with("debug", |i, a| module_log(i, a, Some(10)))),
        ("info", with("info", |i, a| module_log(i, a, Some(20)))),
        (
            "warning",
            with("warning", |i, a| module_log(i, a, Some(30))),
        ),
        ("warn", with("warn", |i, a| module_log(i, a, Some(30)))),
        ("error", with("error", |i, a| module_log(i, a, Some(40)))),
        (
            "exception",
            with("exception", |i, a| module_log(i, a, Some(40))),
        ),
        (
            "critical",
            with("critical", |i, a| module_log(i, a, Some(50))),
        ),
        ("fatal", with("fatal", |i, a| module_log(i, a, Some(50)))),
        ("log", with("log", |i, a| module_log(i, a, None))),
        (
            "getLevelName",
            func("getLevelName", |_, a| {
                Ok(match a.pos.first() {
                    Some(Value::Str(s)) => match LEVELS.iter().find(|(n, _)| *n == &**s) {
                        Some((_, l)) => Value::Int(*l),
                        None => Value::str(format!("Level {s}")),
                    },
                    Some(v) => match v.as_int() {
                        Some(l) => Value::str(level_name(l)),
                        None => Value::str(format!("Level {}", crate::format::repr_plain(v))),
                    },
                    None => {
                        return Err(Exc::type_error(
                            "getLevelName() missing 1 required positional argument: 'level'",
                        ))
                    }
                })
            }),
        ),
        (
            "StreamHandler",
            func("StreamHandler", |_, a| {
                let stream = a.pos.first().cloned().or_else(|| {
                    a.kw.iter()
                        .find(|(k, _)| &**k == "stream")
                        .map(|(_, v)| v.clone())
                });
                Ok(handler(Sink::Stream(stream.unwrap_or(Value::None))))
            }),
        ),
        (
            "NullHandler",
            func("NullHandler", |_, _| Ok(handler(Sink::Null))),
        ),
        ("Formatter", func("Formatter", formatter_new)),
        ("shutdown", func("shutdown", |_, _| Ok(Value::None))),
        (
            "captureWarnings",
            func("captureWarnings", |_, _| Ok(Value::None)),
        ),
        ("BASIC_FORMAT", Value::str(BASIC_FORMAT)),
        ("root", root),
    ]);
    make_module("logging", items)
}

fn state_of(v: &Value) -> Result<Rc<LogState>, Exc> {
    match v {
        Value::Native(n) => match Rc::downcast::<LogState>(crate::value::into_any(n.clone())) {
            Ok(s) => Ok(s),
            Err(_) => Err(Exc::type_error("expected the logging manager")),
        },
        _ => Err(Exc::type_error("expected the logging manager")),
    }
}

fn logger_of(v: &Value) -> Result<&Logger, Exc> {
    native_ref::<Logger>(v)
        .ok_or_else(|| Exc::type_error(format!("expected a Logger, got '{}'", v.type_name())))
}

fn root_of(st: &LogState) -> Value {
    st.root.borrow().clone()
}

fn logger_named(st: &Rc<LogState>, name: &str) -> Value {
    if name.is_empty() {
        return root_of(st);
    }
    if let Some(l) = st.loggers.borrow().get(name) {
        return l.clone();
    }
    let l = Value::Native(Rc::new(Logger {
        name: name.into(),
        level: Cell::new(0),
        handlers: RefCell::new(Vec::new()),
        propagate: Cell::new(true),
        disabled: Cell::new(false),
        state: Rc::downgrade(st),
        is_root: false,
    }));
    st.loggers.borrow_mut().insert(name.into(), l.clone());
    l
}

fn get_logger(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (s, a) = split_first(a);
    let st = state_of(&s)?;
    Ok(
        match a.pos.first().or_else(|| a.kw.first().map(|(_, v)| v)) {
            None | Some(Value::None) => root_of(&st),
            Some(Value::Str(n)) => logger_named(&st, n),
            Some(_) => return Err(Exc::type_error("A logger name must be a string")),
        },
    )
}

/// The nearest existing ancestor (or the root).
fn parent_of(l: &Logger) -> Option<Value> {
    let st = l.state.upgrade()?;
    if l.is_root {
        return None;
    }
    let mut name: &str = &l.name;
    while let Some(i) = name.rfind('.') {
        name = &name[..i];
        if let Some(p) = st.loggers.borrow().get(name) {
            return Some(p.clone());
        }
    }
    Some(root_of(&st))
}

fn effective_level(l: &Logger) -> i64 {
    if l.level.get() != 0 {
        return l.level.get();
    }
    let mut cur = parent_of(l);
    while let Some(p) = cur {
        let Some(pl) = native_ref::<Logger>(&p) else {
            break;
        };
        if pl.level.get() != 0 {
            return pl.level.get();
        }
        cur = parent_of(pl);
    }
    0
}

fn enabled_for(l: &Logger, level: i64) -> bool {
    let disable = l.state.upgrade().map(|s| s.disable.get()).unwrap_or(0);
    !l.disabled.get() && level > disable && level >= effective_level(l)
}

fn basic_config(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (s, a) = split_first(a);
    let st = state_of(&s)?;
    let root = root_of(&st);
    let rl = logger_of(&root)?;
    let mut kw: crate::value::Names = a.kw.into_iter().collect();
    let force = match kw.shift_remove("force") {
        Some(v) => interp.truthy(&v)?,
        None => false,
    };
    if force {
        rl.handlers.borrow_mut().clear();
    }
    if !rl.handlers.borrow().is_empty() {
        return Ok(Value::None);
    }
    let style = match kw.shift_remove("style") {
        Some(Value::Str(ref s)) => s.chars().next().unwrap_or('%'),
        _ => '%',
    };
    if !matches!(style, '%' | '{' | '$') {
        return Err(Exc::value_error("Style must be one of: %,{,$"));
    }
    let default_fmt = match style {
        '{' => "{levelname}:{name}:{message}",
        '$' => "${levelname}:${name}:${message}",
        _ => BASIC_FORMAT,
    };
    let fmt = match kw.shift_remove("format") {
        Some(v) => interp.str(&v)?,
        None => default_fmt.into(),
    };
    let datefmt = match kw.shift_remove("datefmt") {
        Some(Value::None) | None => None,
        Some(v) => Some(interp.str(&v)?),
    };
    let formatter = Value::Native(Rc::new(Formatter {
        fmt,
        datefmt,
        style,
    }));
    let handlers = match kw.shift_remove("handlers") {
        Some(h) if !matches!(h, Value::None) => interp.collect(&h)?,
        _ => {
            let stream = kw.shift_remove("stream").unwrap_or(Value::None);
            if kw
                .shift_remove("filename")
                .is_some_and(|v| !matches!(v, Value::None))
            {
                return Err(Exc::unsupported("logging to a file"));
            }
            vec![handler(Sink::Stream(stream))]
        }
    };
    for h in &handlers {
        if let Some(hd) = native_ref::<Handler>(h) {
            if hd.formatter.borrow().is_none() {
                *hd.formatter.borrow_mut() = Some(formatter.clone());
            }
        }
        rl.handlers.borrow_mut().push(h.clone());
    }
    if let Some(level) = kw.shift_remove("level") {
        rl.level.set(level_of(&level)?);
    }
    kw.shift_remove("filemode");
    kw.shift_remove("encoding");
    kw.shift_remove("errors");
    if let Some((k, _)) = kw.first() {
        return Err(Exc::value_error(format!("Unrecognised argument(s): {k}")));
    }
    Ok(Value::None)
}

fn module_log(interp: &Interp, a: Args, level: Option<i64>) -> Result<Value, Exc> {
    let (s, a) = split_first(a);
    let st = state_of(&s)?;
    let root = root_of(&st);
    if logger_of(&root)?.handlers.borrow().is_empty() {
        basic_config(interp, Args::new(vec![s.clone()]))?;
    }
    let mut a = a;
    a.pos.insert(0, root);
    log_call(interp, a, level)
}

/// `logger.info(msg, *args, exc_info=None, extra=None, ...)` and friends;
/// `level` `None` is `logger.log(level, msg, ...)`.
fn log_call(interp: &Interp, a: Args, level: Option<i64>) -> Result<Value, Exc> {
    let (this, mut a) = split_first(a);
    let level = match level {
        Some(l) => l,
        None => {
            if a.pos.is_empty() {
                return Err(Exc::type_error(
                    "log() missing 2 required positional arguments: 'level' and 'msg'",
                ));
            }
            let l = a.pos.remove(0);
            l.as_int()
                .ok_or_else(|| Exc::type_error("level must be an integer"))?
        }
    };
    let l = logger_of(&this)?;
    if a.pos.is_empty() {
        return Err(Exc::type_error(
            "missing 1 required positional argument: 'msg'",
        ));
    }
    let msg = a.pos.remove(0);
    let exc_info = a.take_kw("exc_info");
    let extra = a.take_kw("extra");
    a.take_kw("stack_info");
    a.take_kw("stacklevel");
    if let Some((k, _)) = a.kw.first() {
        return Err(Exc::type_error(format!(
            "Logger._log() got an unexpected keyword argument '{k}'"
        )));
    }
    if !enabled_for(l, level) {
        return Ok(Value::None);
    }
    let record = make_record(interp, l, level, msg, a.pos, extra, exc_info)?;
    emit_all(interp, &this, &record)?;
    Ok(Value::None)
}

/// The fields of a `LogRecord`, as a dict for `%(name)s` formatting.
fn make_record(
    interp: &Interp,
    l: &Logger,
    level: i64,
    msg: Value,
    args: Vec<Value>,
    extra: Option<Value>,
    exc_info: Option<Value>,
) -> Result<Value, Exc> {
    let st = l.state.upgrade();
    let now = now_secs(interp);
    let created = 1_700_000_000.0 + now;
    let args_v = match args.as_slice() {
        [Value::Dict(d)] if !d.borrow().is_empty() => args[0].clone(),
        _ => Value::tuple(args.clone()),
    };
    let text = interp.str(&msg)?;
    let message = if args.is_empty() {
        text
    } else {
        crate::format::percent_format(interp, &text, &args_v)?
    };
    let msecs = ((created.fract()) * 1000.0).floor();
    let mut d = Dict::default();
    let mut put = |k: &str, v: Value| {
        d.insert(Key(Value::str(k)), v);
    };
    put("name", Value::Str(l.name.clone()));
    put("msg", msg);
    put("args", args_v);
    put("levelname", Value::str(level_name(level)));
    put("levelno", Value::Int(level));
    put("pathname", Value::Str(interp.filename.clone()));
    put("filename", Value::Str(interp.filename.clone()));
    put(
        "module",
        Value::str(interp.filename.trim_end_matches(".py")),
    );
    put("lineno", Value::Int(0));
    put("funcName", Value::str("<module>"));
    put("created", Value::Float(created));
    put("msecs", Value::Float(msecs));
    put(
        "relativeCreated",
        Value::Float((now - st.map(|s| s.start).unwrap_or(0.0)) * 1000.0),
    );
    put("thread", Value::Int(1));
    put("threadName", Value::str("MainThread"));
    put("processName", Value::str("MainProcess"));
    put("process", Value::Int(1));
    put("message", Value::str(message));
    if let Some(e) = exc_info {
        let exc = match &e {
            Value::Object(o) if o.exc.is_some() => Some(Exc(o.clone())),
            Value::Tuple(t) => match t.get(1) {
                Some(Value::Object(o)) if o.exc.is_some() => Some(Exc(o.clone())),
                _ => None,
            },
            _ => None,
        };
        if let Some(exc) = exc {
            put(
                "exc_text",
                Value::str(
                    crate::traceback::traceback_with_source(&exc, &interp.filename, "")
                        .trim_end()
                        .to_string(),
                ),
            );
        }
    }
    if let Some(extra) = extra.filter(|v| !matches!(v, Value::None)) {
        for (k, v) in interp.mapping_items(&extra)? {
            let name = crate::format::str_plain(&k);
            if matches!(name.as_str(), "message" | "asctime")
                || d.contains_key(&Key(Value::str(name.as_str())))
            {
                return Err(Exc::of(
                    "KeyError",
                    format!(
                        "\"Attempt to overwrite {} in LogRecord\"",
                        crate::format::str_repr(&name)
                    ),
                ));
            }
            d.insert(Key(Value::str(name)), v);
        }
    }
    Ok(Value::dict(d))
}

fn get(record: &Value, key: &str) -> Value {
    match record {
        Value::Dict(d) => d
            .borrow()
            .get(&Key(Value::str(key)))
            .cloned()
            .unwrap_or(Value::None),
        _ => Value::None,
    }
}

/// Passes the record to the handlers up the hierarchy (or the last
/// resort).
fn emit_all(interp: &Interp, logger: &Value, record: &Value) -> Result<(), Exc> {
    let level = get(record, "levelno").as_int().unwrap_or(0);
    let mut found = 0;
    let mut cur = Some(logger.clone());
    while let Some(c) = cur {
        let l = logger_of(&c)?;
        let hs = l.handlers.borrow().clone();
        for h in hs {
            found += 1;
            if let Some(hd) = native_ref::<Handler>(&h) {
                if level >= hd.level.get() {
                    handle(interp, hd, record)?;
                }
            }
        }
        cur = if l.propagate.get() {
            parent_of(l)
        } else {
            None
        };
    }
    if found == 0 && level >= 30 {
        let text = format!("{}\n", crate::format::str_plain(&get(record, "message")));
        interp.write(Stream::Stderr, &text);
    }
    Ok(())
}

fn handle(interp: &Interp, h: &Handler, record: &Value) -> Result<(), Exc> {
    let Sink::Stream(stream) = &h.sink else {
        return Ok(());
    };
    let formatter = h.formatter.borrow().clone();
    let text = match formatter.as_ref().and_then(native_ref::<Formatter>) {
        Some(f) => format_record(interp, f, record),
        None => format_record(
            interp,
            &Formatter {
                fmt: "%(message)s".into(),
                datefmt: None,
                style: '%',
            },
            record,
        ),
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            interp.write(
                Stream::Stderr,
                &format!("--- Logging error ---\n{}\n", e.summary()),
            );
            return Ok(());
        }
    };
    let line = format!("{text}\n");
    if matches!(stream, Value::None) || super::is_stderr(stream) {
        interp.write(Stream::Stderr, &line);
    } else if super::is_stdout(stream) {
        interp.write(Stream::Stdout, &line);
    } else {
        let write = interp.getattr(stream, "write")?;
        interp.call(&write, Args::new(vec![Value::str(line)]))?;
    }
    Ok(())
}

fn format_record(interp: &Interp, f: &Formatter, record: &Value) -> Result<String, Exc> {
    if let Value::Dict(d) = record {
        let created = get(record, "created")
            .as_number()
            .map(|n| n.as_f64())
            .unwrap_or(0.0);
        let asctime = match &f.datefmt {
            Some(df) => strftime(df, created),
            None => format!(
                "{},{:03}",
                strftime("%Y-%m-%d %H:%M:%S", created),
                (created.fract() * 1000.0).floor() as i64
            ),
        };
        d.borrow_mut()
            .insert(Key(Value::str("asctime")), Value::str(asctime));
    }
    let mut out = match f.style {
        '{' => {
            let kw: Vec<(Rc<str>, Value)> = match record {
                Value::Dict(d) => d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (Rc::from(crate::format::str_plain(&k.0)), v.clone()))
                    .collect(),
                _ => Vec::new(),
            };
            crate::format::str_format(interp, &f.fmt, &[], &kw)?
        }
        '$' => {
            let mut s = f.fmt.clone();
            if let Value::Dict(d) = record {
                for (k, v) in d.borrow().iter() {
                    let name = crate::format::str_plain(&k.0);
                    let val = interp.str(v)?;
                    s = s
                        .replace(&format!("${{{name}}}"), &val)
                        .replace(&format!("${name}"), &val);
                }
            }
            s
        }
        _ => crate::format::percent_format(interp, &f.fmt, record)?,
    };
    if let Value::Str(ref tb) = get(record, "exc_text") {
        out.push('\n');
        out.push_str(tb);
    }
    Ok(out)
}

/// Formats a Unix time (UTC) with the common `strftime` directives.
pub(super) fn strftime(fmt: &str, t: f64) -> String {
    let secs = t.floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (h, mi, s) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    let weekday = (days + 4).rem_euclid(7) as usize; // 0 = Sunday
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&y.to_string()),
            Some('y') => out.push_str(&format!("{:02}", y % 100)),
            Some('m') => out.push_str(&format!("{m:02}")),
            Some('d') => out.push_str(&format!("{d:02}")),
            Some('H') => out.push_str(&format!("{h:02}")),
            Some('I') => out.push_str(&format!("{:02}", if h % 12 == 0 { 12 } else { h % 12 })),
            Some('p') => out.push_str(if h < 12 { "AM" } else { "PM" }),
            Some('M') => out.push_str(&format!("{mi:02}")),
            Some('S') => out.push_str(&format!("{s:02}")),
            Some('b') => out.push_str(MONTHS[(m - 1) as usize]),
            Some('a') => out.push_str(DAYS[weekday]),
            Some('j') => out.push_str(&format!("{:03}", doy_of(y, m, d))),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

fn doy_of(y: i64, m: i64, d: i64) -> i64 {
    const CUM: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    CUM[(m - 1) as usize] + d + if leap && m > 2 { 1 } else { 0 }
}

impl Native for Logger {
    fn type_name(&self) -> &'static str {
        if self.parent_is_none() {
            "RootLogger"
        } else {
            "Logger"
        }
    }
    fn repr(&self) -> String {
        format!(
            "<{} {} ({})>",
            self.type_name(),
            self.name,
            level_name(effective_level(self))
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "name" => return Some(Value::Str(self.name.clone())),
            "level" => return Some(Value::Int(self.level.get())),
            "parent" => return Some(parent_of(self).unwrap_or(Value::None)),
            "propagate" => return Some(Value::Bool(self.propagate.get())),
            "disabled" => return Some(Value::Bool(self.disabled.get())),
            "handlers" => return Some(Value::list(self.handlers.borrow().clone())),
            "debug" => |i, a| log_call(i, a, Some(10)),
            "info" => |i, a| log_call(i, a, Some(20)),
            "warning" | "warn" => |i, a| log_call(i, a, Some(30)),
            "error" | "exception" => |i, a| log_call(i, a, Some(40)),
            "critical" | "fatal" => |i, a| log_call(i, a, Some(50)),
            "log" => |i, a| log_call(i, a, None),
            "setLevel" => |_, a| {
                let l = logger_of(&a.pos[0])?;
                let level = a.pos.get(1).ok_or_else(|| {
                    Exc::type_error("setLevel() missing 1 required positional argument: 'level'")
                })?;
                l.level.set(level_of(level)?);
                Ok(Value::None)
            },
            "getEffectiveLevel" => |_, a| Ok(Value::Int(effective_level(logger_of(&a.pos[0])?))),
            "isEnabledFor" => |_, a| {
                let l = logger_of(&a.pos[0])?;
                let level = a
                    .pos
                    .get(1)
                    .and_then(|v| v.as_int())
                    .ok_or_else(|| Exc::type_error("isEnabledFor() needs a level"))?;
                Ok(Value::Bool(enabled_for(l, level)))
            },
            "getChild" => |_, a| {
                let l = logger_of(&a.pos[0])?;
                let suffix = a
                    .pos
                    .get(1)
                    .map(crate::format::str_plain)
                    .unwrap_or_default();
                let st = l
                    .state
                    .upgrade()
                    .ok_or_else(|| Exc::runtime_error("logging is shut down"))?;
                let full = if l.parent_is_none() {
                    suffix
                } else {
                    format!("{}.{suffix}", l.name)
                };
                Ok(logger_named(&st, &full))
            },
            "addHandler" => |_, a| {
                let l = logger_of(&a.pos[0])?;
                if let Some(h) = a.pos.get(1) {
                    if !l.handlers.borrow().iter().any(|x| x.is(h)) {
                        l.handlers.borrow_mut().push(h.clone());
                    }
                }
                Ok(Value::None)
            },
            "removeHandler" => |_, a| {
                let l = logger_of(&a.pos[0])?;
                if let Some(h) = a.pos.get(1) {
                    l.handlers.borrow_mut().retain(|x| !x.is(h));
                }
                Ok(Value::None)
            },
            "hasHandlers" => |_, a| {
                let mut cur = Some(a.pos[0].clone());
                while let Some(c) = cur {
                    let l = logger_of(&c)?;
                    if !l.handlers.borrow().is_empty() {
                        return Ok(Value::Bool(true));
                    }
                    cur = if l.propagate.get() {
                        parent_of(l)
                    } else {
                        None
                    };
                }
                Ok(Value::Bool(false))
            },
            "addFilter" | "removeFilter" => |_, _| Ok(Value::None),
            "__setattr__" => |_, a| {
                let l = logger_of(&a.pos[0])?;
                let name = a
                    .pos
                    .get(1)
                    .map(crate::format::str_plain)
                    .unwrap_or_default();
                let v = a.pos.get(2).cloned().unwrap_or(Value::None);
                match name.as_str() {
                    "propagate" => l.propagate.set(v.truthy_builtin().unwrap_or(true)),
                    "disabled" => l.disabled.set(v.truthy_builtin().unwrap_or(false)),
                    "level" => l.level.set(level_of(&v)?),
                    other => {
                        return Err(Exc::attribute_error(format!(
                            "'Logger' object attribute '{other}' is read-only"
                        )))
                    }
                }
                Ok(Value::None)
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Logger {
    fn parent_is_none(&self) -> bool {
        self.is_root
    }
}

fn handler(sink: Sink) -> Value {
    Value::Native(Rc::new(Handler {
        sink,
        level: Cell::new(0),
        formatter: RefCell::new(None),
    }))
}

fn handler_of(v: &Value) -> Result<&Handler, Exc> {
    native_ref::<Handler>(v).ok_or_else(|| Exc::type_error("expected a Handler"))
}

impl Native for Handler {
    fn type_name(&self) -> &'static str {
        match self.sink {
            Sink::Stream(_) => "StreamHandler",
            Sink::Null => "NullHandler",
        }
    }
    fn repr(&self) -> String {
        let stream = match &self.sink {
            Sink::Stream(s) if super::is_stdout(s) => " <stdout>",
            Sink::Stream(_) => " <stderr>",
            Sink::Null => "",
        };
        format!(
            "<{}{stream} ({})>",
            self.type_name(),
            level_name(self.level.get())
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "level" => return Some(Value::Int(self.level.get())),
            "formatter" => return Some(self.formatter.borrow().clone().unwrap_or(Value::None)),
            "setLevel" => |_, a| {
                let h = handler_of(&a.pos[0])?;
                h.level
                    .set(level_of(a.pos.get(1).unwrap_or(&Value::Int(0)))?);
                Ok(Value::None)
            },
            "setFormatter" => |_, a| {
                let h = handler_of(&a.pos[0])?;
                *h.formatter.borrow_mut() =
                    a.pos.get(1).cloned().filter(|v| !matches!(v, Value::None));
                Ok(Value::None)
            },
            "addFilter" | "removeFilter" | "flush" | "close" | "acquire" | "release" => {
                |_, _| Ok(Value::None)
            }
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn formatter_new(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let p = super::params(
        "Formatter",
        &["fmt", "datefmt", "style", "validate", "defaults"],
        a,
    )?;
    let style = match &p[2] {
        Some(Value::Str(s)) => s.chars().next().unwrap_or('%'),
        _ => '%',
    };
    if !matches!(style, '%' | '{' | '$') {
        return Err(Exc::value_error("Style must be one of: %,{,$"));
    }
    let fmt = match &p[0] {
        Some(Value::None) | None => match style {
            '{' => "{message}".to_string(),
            '$' => "${message}".to_string(),
            _ => "%(message)s".to_string(),
        },
        Some(v) => interp.str(v)?,
    };
    let datefmt = match &p[1] {
        Some(Value::None) | None => None,
        Some(v) => Some(interp.str(v)?),
    };
    Ok(Value::Native(Rc::new(Formatter {
        fmt,
        datefmt,
        style,
    })))
}

impl Native for Formatter {
    fn type_name(&self) -> &'static str {
        "Formatter"
    }
    fn repr(&self) -> String {
        format!(
            "<logging.Formatter object at {}>",
            crate::format::address(self as *const Self)
        )
    }
    fn get_attr(&self, _this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "datefmt" => Some(self.datefmt.clone().map(Value::str).unwrap_or(Value::None)),
            "_fmt" => Some(Value::str(self.fmt.as_str())),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::super::{run_py, run_py_err};

    #[test]
    fn logging_to_stdout() {
        // Expected output: CPython 3.11 on the same program.
        let src = "import logging, sys\nlogging.basicConfig(level=logging.INFO, format=\"%(levelname)s:%(name)s:%(message)s\", stream=sys.stdout)\nlog = logging.getLogger(\"app\")\ndb = logging.getLogger(\"app.db\")\nlog.info(\"starting %s\", \"now\")\ndb.debug(\"hidden\")\ndb.warning(\"careful: %d%%\", 5)\nprint(log.name, db.name, db.parent.name, log.parent.name, logging.getLogger() is logging.root, logging.getLogger(\"app\") is log)\nprint(logging.getLevelName(log.getEffectiveLevel()), logging.INFO, logging.getLevelName(15), logging.getLevelName(\"ERROR\"))\nprint(log.isEnabledFor(logging.DEBUG), log.isEnabledFor(logging.ERROR), log.level, logging.root.level)\ndb.setLevel(\"DEBUG\")\ndb.debug(\"now shown %r\", [1])\nlog.log(logging.ERROR, \"via log\")\nlogging.info(\"module level\")\nlogging.error(\"dict %(a)s\", {\"a\": 1})\ndb.propagate = False\ndb.error(\"not propagated: no handler, so last resort goes to stderr\")\nh = logging.StreamHandler(sys.stdout)\nh.setFormatter(logging.Formatter(\"[{levelname}] {name}: {message}\", style=\"{\"))\ndb.addHandler(h)\ndb.critical(\"own handler\")\nprint(logging.getLogger(\"app.db.x\").parent.name, repr(log), db.getChild(\"y\").name)\ntry:\n    log.setLevel(\"LOUD\")\nexcept ValueError as e:\n    print(e)\n";
        assert_eq!(run_py(src), "INFO:app:starting now\nWARNING:app.db:careful: 5%\napp app.db app root True True\nINFO 20 Level 15 40\nFalse True 0 20\nDEBUG:app.db:now shown [1]\nERROR:app:via log\nINFO:root:module level\nERROR:root:dict 1\n[CRITICAL] app.db: own handler\napp.db <Logger app (INFO)> app.db.y\nUnknown level: 'LOUD'\n");
    }

    #[test]
    fn logging_defaults_to_stderr() {
        // Expected stdout and stderr: CPython 3.11 on the same program.
        let src = "import logging\nlog = logging.getLogger(\"svc\")\nlog.info(\"dropped: default level is WARNING\")\nlog.warning(\"last resort prints the bare message\")\nprint(\"between\")\nlogging.warning(\"module-level call configures the root logger\")\nlog.error(\"now through the root handler: %s\", 42)\nlogging.getLogger().setLevel(logging.DEBUG)\nlog.debug(\"debug after lowering the root level\")\nlogging.basicConfig(format=\"ignored: already configured\")\nlogging.basicConfig(format=\"%(name)s|%(levelno)s|%(message)s\", force=True)\nlog.critical(\"forced\")\nlogging.disable(logging.CRITICAL)\nlog.critical(\"disabled\")\n";
        assert_eq!(run_py_err(src), ("between\n".to_string(), "last resort prints the bare message\nWARNING:root:module-level call configures the root logger\nERROR:svc:now through the root handler: 42\nDEBUG:svc:debug after lowering the root level\nsvc|50|forced\n".to_string()));
    }

    #[test]
    fn asctime_is_virtual_utc() {
        // The virtual clock starts at time.time() == 1_700_000_000, which is
        // 2023-11-14 22:13:20 UTC; after sleeping 1.25 s the milliseconds show.
        let src = "import logging, sys, time\nlogging.basicConfig(stream=sys.stdout, format='%(asctime)s %(message)s')\nlogging.warning('a')\ntime.sleep(1.25)\nlogging.warning('b')\nh = logging.StreamHandler(sys.stdout)\nh.setFormatter(logging.Formatter('%(asctime)s|%(message)s', datefmt='%d/%b/%Y %I:%M %p'))\nlog = logging.getLogger('x')\nlog.propagate = False\nlog.addHandler(h)\nlog.warning('c')\n";
        assert_eq!(
            run_py(src),
            "2023-11-14 22:13:20,000 a\n2023-11-14 22:13:21,250 b\n14/Nov/2023 10:13 PM|c\n"
        );
    }
}
