//! Python exceptions: the built-in class hierarchy and [`Exc`], the Rust
//! error every evaluation step returns.

use crate::ir::Pos;
use crate::value::{BuiltinType, Class, Object, Value};
use indexmap::IndexMap;
use looplab_core::{Cancelled, TaskError};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

/// One line of a traceback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TbEntry {
    /// The frame it belongs to (so each frame is listed once).
    pub frame: u64,
    /// The function's name.
    pub name: Rc<str>,
    /// Where in it: the failing instruction's first character.
    pub pos: Pos,
    /// Just past its last character (line 0: unknown, no markers).
    pub end: Pos,
    /// Whether the frame runs the program's own code (its globals are the
    /// program's), not a module that ships with the interpreter.
    pub main: bool,
    /// For a frame of a library module written in Python: its name and
    /// source (the traceback shows a stand-in path and that source's line).
    pub module: Option<Rc<ModuleSource>>,
}

/// A library module written in Python, as its tracebacks name it.
#[derive(Debug, PartialEq, Eq)]
pub struct ModuleSource {
    /// The module's dotted name (`statistics`, `urllib.parse`).
    pub name: Rc<str>,
    /// Its source text.
    pub source: Rc<str>,
}

impl ModuleSource {
    /// The stand-in path a traceback shows: `<looplab>/urllib/parse.py`.
    pub fn path(&self) -> String {
        format!("<looplab>/{}.py", self.name.replace('.', "/"))
    }

    /// Its line `n` (1-based), if it has one.
    pub fn line(&self, n: u32) -> Option<&str> {
        self.source.lines().nth(n.checked_sub(1)? as usize)
    }
}

/// Where a `NameError` or `AttributeError` looks for the name meant.
#[derive(Clone, Debug)]
pub enum Suggest {
    /// The names in scope, nearest first (locals, globals, builtins); the
    /// first set with a close name wins, as in CPython.
    Names(Rc<str>, Vec<Vec<Rc<str>>>),
    /// The attributes of a value.
    Attr(Rc<str>, Value),
}

impl Suggest {
    /// CPython's suggestion, if a candidate is close enough.
    pub fn suggestion(&self) -> Option<Rc<str>> {
        match self {
            Suggest::Names(name, sets) => sets.iter().find_map(|set| closest(name, set)),
            Suggest::Attr(name, obj) => {
                let mut names = attr_names(obj);
                names.sort();
                names.dedup();
                closest(name, &names)
            }
        }
    }
}

/// The attribute names `dir()` would list for the kinds of value that
/// have them here: an instance's and its classes', a class's, a module's.
fn attr_names(obj: &Value) -> Vec<Rc<str>> {
    fn class_chain(c: &Rc<Class>, out: &mut Vec<Rc<str>>) {
        for x in c.ancestry() {
            out.extend(x.dict.borrow().keys().cloned());
        }
    }
    let mut out = Vec::new();
    match obj {
        Value::Object(o) => {
            out.extend(o.dict.borrow().keys().cloned());
            class_chain(&o.class, &mut out);
        }
        Value::Class(c) => class_chain(c, &mut out),
        Value::Native(n) => out.extend(n.attr_names()),
        other => out.extend(builtin_dir(other).iter().map(|n| Rc::from(*n))),
    }
    out
}

/// The attribute names of built-in values (CPython 3.11's `dir()`), for
/// "Did you mean" suggestions.
fn builtin_dir(v: &Value) -> &'static [&'static str] {
    match v {
        Value::Str(_) => &[
            "__add__",
            "__class__",
            "__contains__",
            "__delattr__",
            "__dir__",
            "__doc__",
            "__eq__",
            "__format__",
            "__ge__",
            "__getattribute__",
            "__getitem__",
            "__getnewargs__",
            "__getstate__",
            "__gt__",
            "__hash__",
            "__init__",
            "__init_subclass__",
            "__iter__",
            "__le__",
            "__len__",
            "__lt__",
            "__mod__",
            "__mul__",
            "__ne__",
            "__new__",
            "__reduce__",
            "__reduce_ex__",
            "__repr__",
            "__rmod__",
            "__rmul__",
            "__setattr__",
            "__sizeof__",
            "__str__",
            "__subclasshook__",
            "capitalize",
            "casefold",
            "center",
            "count",
            "encode",
            "endswith",
            "expandtabs",
            "find",
            "format",
            "format_map",
            "index",
            "isalnum",
            "isalpha",
            "isascii",
            "isdecimal",
            "isdigit",
            "isidentifier",
            "islower",
            "isnumeric",
            "isprintable",
            "isspace",
            "istitle",
            "isupper",
            "join",
            "ljust",
            "lower",
            "lstrip",
            "maketrans",
            "partition",
            "removeprefix",
            "removesuffix",
            "replace",
            "rfind",
            "rindex",
            "rjust",
            "rpartition",
            "rsplit",
            "rstrip",
            "split",
            "splitlines",
            "startswith",
            "strip",
            "swapcase",
            "title",
            "translate",
            "upper",
            "zfill",
        ],
        Value::List(_) => &[
            "__add__",
            "__class__",
            "__class_getitem__",
            "__contains__",
            "__delattr__",
            "__delitem__",
            "__dir__",
            "__doc__",
            "__eq__",
            "__format__",
            "__ge__",
            "__getattribute__",
            "__getitem__",
            "__getstate__",
            "__gt__",
            "__hash__",
            "__iadd__",
            "__imul__",
            "__init__",
            "__init_subclass__",
            "__iter__",
            "__le__",
            "__len__",
            "__lt__",
            "__mul__",
            "__ne__",
            "__new__",
            "__reduce__",
            "__reduce_ex__",
            "__repr__",
            "__reversed__",
            "__rmul__",
            "__setattr__",
            "__setitem__",
            "__sizeof__",
            "__str__",
            "__subclasshook__",
            "append",
            "clear",
            "copy",
            "count",
            "extend",
            "index",
            "insert",
            "pop",
            "remove",
            "reverse",
            "sort",
        ],
        Value::Dict(_) => &[
            "__class__",
            "__class_getitem__",
            "__contains__",
            "__delattr__",
            "__delitem__",
            "__dir__",
            "__doc__",
            "__eq__",
            "__format__",
            "__ge__",
            "__getattribute__",
            "__getitem__",
            "__getstate__",
            "__gt__",
            "__hash__",
            "__init__",
            "__init_subclass__",
            "__ior__",
            "__iter__",
            "__le__",
            "__len__",
            "__lt__",
            "__ne__",
            "__new__",
            "__or__",
            "__reduce__",
            "__reduce_ex__",
            "__repr__",
            "__reversed__",
            "__ror__",
            "__setattr__",
            "__setitem__",
            "__sizeof__",
            "__str__",
            "__subclasshook__",
            "clear",
            "copy",
            "fromkeys",
            "get",
            "items",
            "keys",
            "pop",
            "popitem",
            "setdefault",
            "update",
            "values",
        ],
        Value::Set(_) => &[
            "__and__",
            "__class__",
            "__class_getitem__",
            "__contains__",
            "__delattr__",
            "__dir__",
            "__doc__",
            "__eq__",
            "__format__",
            "__ge__",
            "__getattribute__",
            "__getstate__",
            "__gt__",
            "__hash__",
            "__iand__",
            "__init__",
            "__init_subclass__",
            "__ior__",
            "__isub__",
            "__iter__",
            "__ixor__",
            "__le__",
            "__len__",
            "__lt__",
            "__ne__",
            "__new__",
            "__or__",
            "__rand__",
            "__reduce__",
            "__reduce_ex__",
            "__repr__",
            "__ror__",
            "__rsub__",
            "__rxor__",
            "__setattr__",
            "__sizeof__",
            "__str__",
            "__sub__",
            "__subclasshook__",
            "__xor__",
            "add",
            "clear",
            "copy",
            "difference",
            "difference_update",
            "discard",
            "intersection",
            "intersection_update",
            "isdisjoint",
            "issubset",
            "issuperset",
            "pop",
            "remove",
            "symmetric_difference",
            "symmetric_difference_update",
            "union",
            "update",
        ],
        Value::Tuple(_) => &[
            "__add__",
            "__class__",
            "__class_getitem__",
            "__contains__",
            "__delattr__",
            "__dir__",
            "__doc__",
            "__eq__",
            "__format__",
            "__ge__",
            "__getattribute__",
            "__getitem__",
            "__getnewargs__",
            "__getstate__",
            "__gt__",
            "__hash__",
            "__init__",
            "__init_subclass__",
            "__iter__",
            "__le__",
            "__len__",
            "__lt__",
            "__mul__",
            "__ne__",
            "__new__",
            "__reduce__",
            "__reduce_ex__",
            "__repr__",
            "__rmul__",
            "__setattr__",
            "__sizeof__",
            "__str__",
            "__subclasshook__",
            "count",
            "index",
        ],
        // bool has exactly int's attributes.
        Value::Int(_) | Value::Big(_) | Value::Bool(_) => &[
            "__abs__",
            "__add__",
            "__and__",
            "__bool__",
            "__ceil__",
            "__class__",
            "__delattr__",
            "__dir__",
            "__divmod__",
            "__doc__",
            "__eq__",
            "__float__",
            "__floor__",
            "__floordiv__",
            "__format__",
            "__ge__",
            "__getattribute__",
            "__getnewargs__",
            "__getstate__",
            "__gt__",
            "__hash__",
            "__index__",
            "__init__",
            "__init_subclass__",
            "__int__",
            "__invert__",
            "__le__",
            "__lshift__",
            "__lt__",
            "__mod__",
            "__mul__",
            "__ne__",
            "__neg__",
            "__new__",
            "__or__",
            "__pos__",
            "__pow__",
            "__radd__",
            "__rand__",
            "__rdivmod__",
            "__reduce__",
            "__reduce_ex__",
            "__repr__",
            "__rfloordiv__",
            "__rlshift__",
            "__rmod__",
            "__rmul__",
            "__ror__",
            "__round__",
            "__rpow__",
            "__rrshift__",
            "__rshift__",
            "__rsub__",
            "__rtruediv__",
            "__rxor__",
            "__setattr__",
            "__sizeof__",
            "__str__",
            "__sub__",
            "__subclasshook__",
            "__truediv__",
            "__trunc__",
            "__xor__",
            "as_integer_ratio",
            "bit_count",
            "bit_length",
            "conjugate",
            "denominator",
            "from_bytes",
            "imag",
            "numerator",
            "real",
            "to_bytes",
        ],
        Value::Float(_) => &[
            "__abs__",
            "__add__",
            "__bool__",
            "__ceil__",
            "__class__",
            "__delattr__",
            "__dir__",
            "__divmod__",
            "__doc__",
            "__eq__",
            "__float__",
            "__floor__",
            "__floordiv__",
            "__format__",
            "__ge__",
            "__getattribute__",
            "__getformat__",
            "__getnewargs__",
            "__getstate__",
            "__gt__",
            "__hash__",
            "__init__",
            "__init_subclass__",
            "__int__",
            "__le__",
            "__lt__",
            "__mod__",
            "__mul__",
            "__ne__",
            "__neg__",
            "__new__",
            "__pos__",
            "__pow__",
            "__radd__",
            "__rdivmod__",
            "__reduce__",
            "__reduce_ex__",
            "__repr__",
            "__rfloordiv__",
            "__rmod__",
            "__rmul__",
            "__round__",
            "__rpow__",
            "__rsub__",
            "__rtruediv__",
            "__setattr__",
            "__sizeof__",
            "__str__",
            "__sub__",
            "__subclasshook__",
            "__truediv__",
            "__trunc__",
            "as_integer_ratio",
            "conjugate",
            "fromhex",
            "hex",
            "imag",
            "is_integer",
            "real",
        ],
        Value::Bytes(_) => &[
            "__add__",
            "__bytes__",
            "__class__",
            "__contains__",
            "__delattr__",
            "__dir__",
            "__doc__",
            "__eq__",
            "__format__",
            "__ge__",
            "__getattribute__",
            "__getitem__",
            "__getnewargs__",
            "__getstate__",
            "__gt__",
            "__hash__",
            "__init__",
            "__init_subclass__",
            "__iter__",
            "__le__",
            "__len__",
            "__lt__",
            "__mod__",
            "__mul__",
            "__ne__",
            "__new__",
            "__reduce__",
            "__reduce_ex__",
            "__repr__",
            "__rmod__",
            "__rmul__",
            "__setattr__",
            "__sizeof__",
            "__str__",
            "__subclasshook__",
            "capitalize",
            "center",
            "count",
            "decode",
            "endswith",
            "expandtabs",
            "find",
            "fromhex",
            "hex",
            "index",
            "isalnum",
            "isalpha",
            "isascii",
            "isdigit",
            "islower",
            "isspace",
            "istitle",
            "isupper",
            "join",
            "ljust",
            "lower",
            "lstrip",
            "maketrans",
            "partition",
            "removeprefix",
            "removesuffix",
            "replace",
            "rfind",
            "rindex",
            "rjust",
            "rpartition",
            "rsplit",
            "rstrip",
            "split",
            "splitlines",
            "startswith",
            "strip",
            "swapcase",
            "title",
            "translate",
            "upper",
            "zfill",
        ],

        Value::None => &[
            "__bool__",
            "__class__",
            "__delattr__",
            "__dir__",
            "__doc__",
            "__eq__",
            "__format__",
            "__ge__",
            "__getattribute__",
            "__getstate__",
            "__gt__",
            "__hash__",
            "__init__",
            "__init_subclass__",
            "__le__",
            "__lt__",
            "__ne__",
            "__new__",
            "__reduce__",
            "__reduce_ex__",
            "__repr__",
            "__setattr__",
            "__sizeof__",
            "__str__",
            "__subclasshook__",
        ],
        _ => &[],
    }
}

const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;
const MAX_CANDIDATES: usize = 750;
const MAX_STRING: usize = 40;

/// CPython's `calculate_suggestions` (Python/suggestions.c): the candidate
/// with the least edit distance, if it is under about a third of the
/// characters involved; the first wins a tie.
fn closest(name: &str, candidates: &[Rc<str>]) -> Option<Rc<str>> {
    if candidates.len() >= MAX_CANDIDATES {
        return None;
    }
    let mut best: Option<(usize, &Rc<str>)> = None;
    for item in candidates {
        if &**item == name {
            continue;
        }
        let mut max = (name.len() + item.len() + 3) * MOVE_COST / 6;
        if let Some((d, _)) = best {
            max = max.min(d.saturating_sub(1));
        }
        let d = distance(name.as_bytes(), item.as_bytes(), max);
        if d > max {
            continue;
        }
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, item));
        }
    }
    best.map(|(_, s)| s.clone())
}

fn substitution_cost(a: u8, b: u8) -> usize {
    if a & 31 != b & 31 {
        return MOVE_COST;
    }
    if a == b {
        0
    } else if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// CPython's `levenshtein_distance`: more than `max` once it is sure to be.
fn distance<'a>(mut a: &'a [u8], mut b: &'a [u8], max: usize) -> usize {
    while let (Some(x), Some(y)) = (a.first(), b.first()) {
        if x != y {
            break;
        }
        a = &a[1..];
        b = &b[1..];
    }
    while let (Some(x), Some(y)) = (a.last(), b.last()) {
        if x != y {
            break;
        }
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING || b.len() > MAX_STRING {
        return max + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max {
        return max + 1;
    }
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (bi, &code) in b.iter().enumerate() {
        let mut dist = bi * MOVE_COST;
        result = dist;
        let mut minimum = usize::MAX;
        for (ai, &ac) in a.iter().enumerate() {
            let substitute = dist + substitution_cost(code, ac);
            dist = row[ai];
            let insert_delete = result.min(dist) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[ai] = result;
            minimum = minimum.min(result);
        }
        if minimum > max {
            return max + 1;
        }
    }
    result
}

/// The state an exception instance carries.
#[derive(Debug, Default)]
pub struct ExcState {
    /// `e.args`
    pub args: RefCell<Vec<Value>>,
    /// Innermost frame last.
    pub traceback: RefCell<Vec<TbEntry>>,
    /// `raise ... from cause`
    pub cause: RefCell<Option<Exc>>,
    /// The exception being handled when this one was raised.
    pub context: RefCell<Option<Exc>>,
    /// Set by `raise ... from`.
    pub suppress_context: Cell<bool>,
    /// For `CancelledError`: the runtime's cancellation.
    pub cancelled: Option<Cancelled>,
    /// For exception groups: the message and the sub-exceptions.
    pub group: RefCell<Option<(Rc<str>, Vec<Exc>)>>,
    /// For a `NameError` or `AttributeError`: what to look for a close
    /// name in, when its traceback is printed ("Did you mean: 'total'?").
    pub suggest: RefCell<Option<Suggest>>,
    /// What `str(e)` shows instead of the arguments (asyncpg's errors add
    /// their `DETAIL:` and `HINT:` lines to the message in `args`).
    pub shown: RefCell<Option<Rc<str>>>,
    /// Values the raising call's frame kept alive in CPython, whose
    /// traceback holds that frame for as long as the exception lives (the
    /// coroutine `asyncio.run` refused is dropped, and warned about, with
    /// the exception).
    pub held: RefCell<Vec<Value>>,
}

/// A raised Python exception (an instance of a `BaseException` subclass).
#[derive(Clone)]
pub struct Exc(pub Rc<Object>);

thread_local! {
    static CLASSES: RefCell<Option<crate::classes::ClassTable>> = const { RefCell::new(None) };
}

/// `(name, base)` for every built-in exception class, bases first.
const HIERARCHY: &[(&str, Option<&str>)] = &[
    ("BaseException", None),
    ("Exception", Some("BaseException")),
    ("GeneratorExit", Some("BaseException")),
    ("KeyboardInterrupt", Some("BaseException")),
    ("SystemExit", Some("BaseException")),
    ("CancelledError", Some("BaseException")),
    ("BaseExceptionGroup", Some("BaseException")),
    ("ExceptionGroup", Some("Exception")),
    ("ArithmeticError", Some("Exception")),
    ("ZeroDivisionError", Some("ArithmeticError")),
    ("OverflowError", Some("ArithmeticError")),
    ("AssertionError", Some("Exception")),
    ("AttributeError", Some("Exception")),
    ("LookupError", Some("Exception")),
    ("IndexError", Some("LookupError")),
    ("KeyError", Some("LookupError")),
    ("NameError", Some("Exception")),
    ("UnboundLocalError", Some("NameError")),
    ("RuntimeError", Some("Exception")),
    ("NotImplementedError", Some("RuntimeError")),
    ("RecursionError", Some("RuntimeError")),
    ("StopIteration", Some("Exception")),
    ("StopAsyncIteration", Some("Exception")),
    ("TypeError", Some("Exception")),
    ("ValueError", Some("Exception")),
    ("UnicodeError", Some("ValueError")),
    ("UnicodeDecodeError", Some("UnicodeError")),
    ("UnicodeEncodeError", Some("UnicodeError")),
    ("JSONDecodeError", Some("ValueError")),
    ("error", Some("Exception")),
    ("OSError", Some("Exception")),
    ("TimeoutError", Some("OSError")),
    ("ConnectionError", Some("OSError")),
    ("ConnectionRefusedError", Some("ConnectionError")),
    ("ConnectionResetError", Some("ConnectionError")),
    ("BrokenPipeError", Some("ConnectionError")),
    ("PermissionError", Some("OSError")),
    ("FileNotFoundError", Some("OSError")),
    ("FileExistsError", Some("OSError")),
    ("IsADirectoryError", Some("OSError")),
    ("NotADirectoryError", Some("OSError")),
    ("UnsupportedOperation", Some("OSError")),
    ("InterruptedError", Some("OSError")),
    ("EOFError", Some("Exception")),
    ("BufferError", Some("Exception")),
    ("FloatingPointError", Some("ArithmeticError")),
    ("SyntaxError", Some("Exception")),
    ("SystemError", Some("Exception")),
    ("ReferenceError", Some("Exception")),
    ("Warning", Some("Exception")),
    ("UserWarning", Some("Warning")),
    ("DeprecationWarning", Some("Warning")),
    ("RuntimeWarning", Some("Warning")),
    ("MemoryError", Some("Exception")),
    ("ImportError", Some("Exception")),
    ("ModuleNotFoundError", Some("ImportError")),
    ("QueueEmpty", Some("Exception")),
    ("QueueFull", Some("Exception")),
    ("QueueShutDown", Some("Exception")),
    ("InvalidStateError", Some("Exception")),
    ("BrokenBarrierError", Some("RuntimeError")),
    ("ClientError", Some("Exception")),
    ("ClientResponseError", Some("ClientError")),
    ("ContentTypeError", Some("ClientResponseError")),
    ("ClientConnectionError", Some("ClientError")),
    ("ClientConnectorError", Some("ClientConnectionError")),
    ("ServerTimeoutError", Some("ClientConnectionError")),
    ("PostgresMessage", Some("Exception")),
    ("PostgresError", Some("PostgresMessage")),
    ("InterfaceError", Some("Exception")),
    ("IntegrityConstraintViolationError", Some("PostgresError")),
    (
        "UniqueViolationError",
        Some("IntegrityConstraintViolationError"),
    ),
    (
        "NotNullViolationError",
        Some("IntegrityConstraintViolationError"),
    ),
    (
        "ForeignKeyViolationError",
        Some("IntegrityConstraintViolationError"),
    ),
    (
        "CheckViolationError",
        Some("IntegrityConstraintViolationError"),
    ),
    ("SyntaxOrAccessError", Some("PostgresError")),
    ("PostgresSyntaxError", Some("SyntaxOrAccessError")),
    ("UndefinedTableError", Some("SyntaxOrAccessError")),
    ("UndefinedColumnError", Some("SyntaxOrAccessError")),
    ("UndefinedFunctionError", Some("SyntaxOrAccessError")),
    ("UndefinedObjectError", Some("SyntaxOrAccessError")),
    ("DuplicateTableError", Some("SyntaxOrAccessError")),
    ("DuplicateColumnError", Some("SyntaxOrAccessError")),
    ("AmbiguousColumnError", Some("SyntaxOrAccessError")),
    ("DataError", Some("PostgresError")),
    ("NumericValueOutOfRangeError", Some("DataError")),
    ("InvalidTransactionStateError", Some("PostgresError")),
    (
        "NoActiveSQLTransactionError",
        Some("InvalidTransactionStateError"),
    ),
    (
        "InFailedSQLTransactionError",
        Some("InvalidTransactionStateError"),
    ),
    ("InvalidSavepointSpecificationError", Some("PostgresError")),
    ("InvalidCatalogNameError", Some("PostgresError")),
    ("PostgresConnectionError", Some("PostgresError")),
    (
        "ConnectionDoesNotExistError",
        Some("PostgresConnectionError"),
    ),
];

/// The asyncpg exception classes, by name (`asyncpg.X` and
/// `asyncpg.exceptions.X`).
pub const ASYNCPG_CLASSES: &[&str] = &[
    "PostgresMessage",
    "PostgresError",
    "InterfaceError",
    "IntegrityConstraintViolationError",
    "UniqueViolationError",
    "NotNullViolationError",
    "ForeignKeyViolationError",
    "CheckViolationError",
    "SyntaxOrAccessError",
    "PostgresSyntaxError",
    "UndefinedTableError",
    "UndefinedColumnError",
    "UndefinedFunctionError",
    "UndefinedObjectError",
    "DuplicateTableError",
    "DuplicateColumnError",
    "AmbiguousColumnError",
    "DataError",
    "NumericValueOutOfRangeError",
    "InvalidTransactionStateError",
    "NoActiveSQLTransactionError",
    "InFailedSQLTransactionError",
    "InvalidSavepointSpecificationError",
    "InvalidCatalogNameError",
    "PostgresConnectionError",
    "ConnectionDoesNotExistError",
];

fn module_of(name: &str) -> &'static str {
    match name {
        // The modules CPython defines them in, as tracebacks name them.
        "CancelledError" | "InvalidStateError" | "BrokenBarrierError" => "asyncio.exceptions",
        "QueueEmpty" | "QueueFull" | "QueueShutDown" => "asyncio.queues",
        "JSONDecodeError" => "json.decoder",
        "error" => "re",
        n if ASYNCPG_CLASSES.contains(&n) => "asyncpg.exceptions",
        "UnsupportedOperation" => "io",
        "ClientError"
        | "ClientResponseError"
        | "ContentTypeError"
        | "ClientConnectionError"
        | "ClientConnectorError"
        | "ServerTimeoutError" => "aiohttp",
        _ => "builtins",
    }
}

/// The built-in exception classes, by name (made once per thread).
pub fn classes() -> Rc<HashMap<&'static str, Rc<Class>>> {
    CLASSES.with(|c| {
        if let Some(m) = &*c.borrow() {
            return m.clone();
        }
        let object = crate::classes::object_class();
        let mut m: HashMap<&'static str, Rc<Class>> = HashMap::new();
        for (name, base) in HIERARCHY {
            let base = match base {
                Some(b) => m.get(b).cloned(),
                None => Some(object.clone()),
            };
            let class = Class::made(
                name,
                module_of(name),
                base,
                crate::value::Names::default(),
                Some(BuiltinType::Exception),
            );
            m.insert(name, class);
        }
        let m = Rc::new(m);
        *c.borrow_mut() = Some(m.clone());
        m
    })
}

/// The built-in exception class `name`.
///
/// # Panics
///
/// If `name` is not in the built-in hierarchy (a bug in this crate).
#[allow(clippy::expect_used)]
pub fn class(name: &str) -> Rc<Class> {
    classes()
        .get(name)
        .cloned()
        .expect("built-in exception class")
}

impl Exc {
    /// A new exception of `class` with `args`.
    pub fn new(class: Rc<Class>, args: Vec<Value>) -> Exc {
        let cancelled = if class.is_subclass(&self::class("CancelledError")) {
            let msg = match args.first() {
                Some(Value::Str(s)) => Some(s.clone()),
                _ => None,
            };
            Some(Cancelled::new(msg))
        } else {
            None
        };
        Exc::build(class, args, cancelled)
    }

    fn build(class: Rc<Class>, args: Vec<Value>, cancelled: Option<Cancelled>) -> Exc {
        let state = ExcState {
            args: RefCell::new(args),
            cancelled,
            ..Default::default()
        };
        Exc(Rc::new(Object {
            class,
            dict: RefCell::new(IndexMap::default()),
            exc: Some(state),
            inner: None,
        }))
    }

    /// A built-in exception with a message.
    pub fn of(name: &str, msg: impl Into<Rc<str>>) -> Exc {
        Exc::new(class(name), vec![Value::Str(msg.into())])
    }

    /// `TypeError(msg)`
    pub fn type_error(msg: impl Into<Rc<str>>) -> Exc {
        Exc::of("TypeError", msg)
    }

    /// `ValueError(msg)`
    pub fn value_error(msg: impl Into<Rc<str>>) -> Exc {
        Exc::of("ValueError", msg)
    }

    /// `RuntimeError(msg)`
    pub fn runtime_error(msg: impl Into<Rc<str>>) -> Exc {
        Exc::of("RuntimeError", msg)
    }

    /// `AttributeError(msg)`
    pub fn attribute_error(msg: impl Into<Rc<str>>) -> Exc {
        Exc::of("AttributeError", msg)
    }

    /// `NotImplementedError` for a feature the subset does not cover.
    pub fn unsupported(what: impl fmt::Display) -> Exc {
        Exc::of(
            "NotImplementedError",
            format!("{what} is not supported by Looplab yet"),
        )
    }

    /// The instance as a value.
    pub fn value(&self) -> Value {
        Value::Object(self.0.clone())
    }

    /// The exception's class.
    pub fn class(&self) -> &Rc<Class> {
        &self.0.class
    }

    /// Its state.
    ///
    /// # Panics
    ///
    /// Never: every `Exc` is made with state.
    #[allow(clippy::expect_used)]
    pub fn state(&self) -> &ExcState {
        self.0
            .exc
            .as_ref()
            .expect("exception instances carry state")
    }

    /// Whether it is an instance of the built-in class `name`.
    pub fn is(&self, name: &str) -> bool {
        self.0.class.is_subclass(&class(name))
    }

    /// The innermost traceback entry of the program's own code within its
    /// first `lines` lines (in a check, the learner's part of the program).
    pub fn learner_frame(&self, lines: u32) -> Option<TbEntry> {
        self.state()
            .traceback
            .borrow()
            .iter()
            .find(|t| t.main && t.pos.line >= 1 && t.pos.line <= lines)
            .cloned()
    }

    /// Appends a traceback line (callers add outer frames as the error
    /// travels up).
    pub fn push_frame(
        &self,
        frame: u64,
        name: Rc<str>,
        span: crate::ir::Span,
        main: bool,
        module: Option<Rc<ModuleSource>>,
    ) {
        let mut tb = self.state().traceback.borrow_mut();
        if tb.last().is_some_and(|t| t.frame == frame) {
            return;
        }
        tb.push(TbEntry {
            frame,
            name,
            pos: span.start,
            end: span.end,
            main,
            module,
        });
    }

    /// `str(e)`: the message as Python prints after the class name.
    pub fn message(&self) -> String {
        if let Some(shown) = &*self.state().shown.borrow() {
            return shown.to_string();
        }
        let args = self.state().args.borrow();
        if let Some((msg, subs)) = &*self.state().group.borrow() {
            return format!(
                "{msg} ({} sub-exception{})",
                subs.len(),
                if subs.len() == 1 { "" } else { "s" }
            );
        }
        match args.len() {
            0 => String::new(),
            1 if self.is("KeyError") => crate::plain::repr_plain(&args[0]),
            1 => crate::plain::str_plain(&args[0]),
            _ => crate::plain::repr_plain(&Value::tuple(args.clone())),
        }
    }

    /// The last traceback line: `ValueError: boom` (or just the class name).
    pub fn summary(&self) -> String {
        let msg = self.message();
        let name = self.qualified_name();
        if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        }
    }

    fn qualified_name(&self) -> String {
        let c = &self.0.class;
        match &*c.module {
            "builtins" | "__main__" => c.name.to_string(),
            m => format!("{m}.{}", c.name),
        }
    }
}

impl fmt::Debug for Exc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}

impl fmt::Display for Exc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}

impl From<Cancelled> for Exc {
    fn from(c: Cancelled) -> Exc {
        let args = match c.message() {
            Some(m) => vec![Value::str(m)],
            None => vec![],
        };
        Exc::build(class("CancelledError"), args, Some(c))
    }
}

impl From<looplab_core::StreamClosed> for Exc {
    fn from(_: looplab_core::StreamClosed) -> Exc {
        Exc::new(class("GeneratorExit"), vec![])
    }
}

impl TaskError for Exc {
    fn as_cancelled(&self) -> Option<&Cancelled> {
        self.0.exc.as_ref()?.cancelled.as_ref()
    }

    fn is_stream_closed(&self) -> bool {
        self.is("GeneratorExit")
    }
}
