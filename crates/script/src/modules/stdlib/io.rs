//! `io`: `StringIO`, an in-memory text file, and `UnsupportedOperation`.
//!
//! `StringIO` is a class whose methods are built-ins (so it can be
//! subclassed and used as a context manager and an iterator); its text
//! and position live in a hidden `__buf__` slot. It has `write`,
//! `writelines`, `getvalue`, `read`, `readline`, `readlines`, `seek`,
//! `tell`, `truncate`, `close`, `closed`, `flush` and the `readable` /
//! `writable` / `seekable` / `isatty` queries, with CPython's errors for a
//! closed buffer and bad arguments. Positions count characters, as
//! CPython's do.
//!
//! Left out: `BytesIO`, `TextIOWrapper` and the other stream classes, and
//! the `newline` argument's translations (it is accepted; text is kept as
//! written, which is what the default `newline='\n'` does).

use super::{call_builtin, make_module, method, new_class, recv, set_slot, slot};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The `io` module.
pub(super) fn module(interp: &Interp) -> Value {
    make_module(
        "io",
        vec![
            ("StringIO", Value::Class(string_io_class(interp))),
            (
                "UnsupportedOperation",
                Value::Class(crate::exc::class("UnsupportedOperation")),
            ),
        ],
    )
}

/// A `StringIO`'s state.
#[derive(Default)]
struct Buf {
    text: RefCell<Vec<char>>,
    pos: Cell<usize>,
    closed: Cell<bool>,
}

impl Native for Buf {
    fn type_name(&self) -> &'static str {
        "StringIO buffer"
    }
    fn repr(&self) -> String {
        "<StringIO buffer>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn buf_of(v: &Value) -> Result<Rc<dyn Native>, Exc> {
    match slot(v, "__buf__") {
        Some(Value::Native(ref n)) if n.as_any().is::<Buf>() => Ok(n.clone()),
        _ => Err(Exc::type_error(format!(
            "descriptor requires a '_io.StringIO' object but received a '{}'",
            v.type_name()
        ))),
    }
}

/// Runs `f` on the receiver's buffer.
fn with_buf<T>(a: &Args, f: impl FnOnce(&Buf) -> Result<T, Exc>) -> Result<T, Exc> {
    let n = buf_of(&recv(a)?)?;
    match n.as_any().downcast_ref::<Buf>() {
        Some(b) => f(b),
        None => Err(Exc::type_error("expected a StringIO")),
    }
}

/// Runs `f` on the receiver's buffer, which must be open.
fn with_open<T>(a: &Args, f: impl FnOnce(&Buf) -> Result<T, Exc>) -> Result<T, Exc> {
    with_buf(a, |b| {
        if b.closed.get() {
            return Err(Exc::value_error("I/O operation on closed file"));
        }
        f(b)
    })
}

/// An optional size argument: `None` or a negative number mean "all".
fn size_arg(a: &Args, i: usize) -> Result<Option<usize>, Exc> {
    match a.pos.get(i) {
        None | Some(Value::None) => Ok(None),
        Some(v) => match v.as_int() {
            Some(n) if n < 0 => Ok(None),
            Some(n) => Ok(Some(n as usize)),
            None => Err(Exc::type_error(format!(
                "argument should be integer or None, not '{}'",
                v.type_name()
            ))),
        },
    }
}

impl Buf {
    fn write(&self, s: &str) -> usize {
        let mut text = self.text.borrow_mut();
        let at = self.pos.get();
        if text.len() < at {
            text.resize(at, '\0');
        }
        let mut n = 0;
        for (k, c) in s.chars().enumerate() {
            match text.get_mut(at + k) {
                Some(slot) => *slot = c,
                None => text.push(c),
            }
            n += 1;
        }
        self.pos.set(at + n);
        n
    }

    fn read(&self, size: Option<usize>) -> String {
        let text = self.text.borrow();
        let at = self.pos.get().min(text.len());
        let end = size.map_or(text.len(), |n| (at + n).min(text.len()));
        if end > at {
            self.pos.set(end);
        }
        text[at..end].iter().collect()
    }

    fn readline(&self, size: Option<usize>) -> String {
        let text = self.text.borrow();
        let at = self.pos.get().min(text.len());
        let mut end = text[at..]
            .iter()
            .position(|c| *c == '\n')
            .map_or(text.len(), |i| at + i + 1);
        if let Some(n) = size {
            end = end.min(at + n);
        }
        if end > at {
            self.pos.set(end);
        }
        text[at..end].iter().collect()
    }
}

fn string_io_class(interp: &Interp) -> Rc<Class> {
    let methods: &[(&str, BuiltinFn)] = &[
        ("__init__", sio_init),
        ("write", |_, a| {
            let s = match a.pos.get(1) {
                Some(Value::Str(s)) => s.clone(),
                Some(other) => {
                    return Err(Exc::type_error(format!(
                        "string argument expected, got '{}'",
                        other.type_name()
                    )))
                }
                None => {
                    return Err(Exc::type_error(
                        "StringIO.write() takes exactly one argument (0 given)",
                    ))
                }
            };
            with_open(&a, |b| Ok(Value::Int(b.write(&s) as i64)))
        }),
        ("writelines", |i, a| {
            let lines = match a.pos.get(1) {
                Some(v) => i.collect(v)?,
                None => {
                    return Err(Exc::type_error(
                        "StringIO.writelines() takes exactly one argument (0 given)",
                    ))
                }
            };
            with_open(&a, |b| {
                for line in &lines {
                    match line {
                        Value::Str(s) => {
                            b.write(s);
                        }
                        other => {
                            return Err(Exc::type_error(format!(
                                "string argument expected, got '{}'",
                                other.type_name()
                            )))
                        }
                    }
                }
                Ok(Value::None)
            })
        }),
        ("getvalue", |_, a| {
            with_open(&a, |b| {
                Ok(Value::str(b.text.borrow().iter().collect::<String>()))
            })
        }),
        ("read", |_, a| {
            let size = size_arg(&a, 1)?;
            with_open(&a, |b| Ok(Value::str(b.read(size))))
        }),
        ("readline", |_, a| {
            let size = size_arg(&a, 1)?;
            with_open(&a, |b| Ok(Value::str(b.readline(size))))
        }),
        ("readlines", |_, a| {
            let hint = size_arg(&a, 1)?.filter(|n| *n > 0);
            with_open(&a, |b| {
                let mut lines = Vec::new();
                let mut total = 0;
                loop {
                    let line = b.readline(None);
                    if line.is_empty() {
                        break;
                    }
                    total += line.chars().count();
                    lines.push(Value::str(line));
                    if hint.is_some_and(|h| total >= h) {
                        break;
                    }
                }
                Ok(Value::list(lines))
            })
        }),
        ("seek", |_, a| {
            let pos = match a.pos.get(1) {
                Some(v) => v.as_int().ok_or_else(|| {
                    Exc::type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        v.type_name()
                    ))
                })?,
                None => return Err(Exc::type_error("seek expected at least 1 argument, got 0")),
            };
            let whence = match a.pos.get(2) {
                Some(v) => v.as_int().ok_or_else(|| {
                    Exc::type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        v.type_name()
                    ))
                })?,
                None => 0,
            };
            with_open(&a, |b| {
                let to = match whence {
                    0 if pos < 0 => {
                        return Err(Exc::value_error(format!("Negative seek position {pos}")))
                    }
                    0 => pos as usize,
                    1 | 2 if pos != 0 => {
                        return Err(Exc::of(
                            "OSError",
                            if whence == 1 {
                                "Can't do nonzero cur-relative seeks"
                            } else {
                                "Can't do nonzero end-relative seeks"
                            },
                        ))
                    }
                    1 => b.pos.get(),
                    2 => b.text.borrow().len(),
                    w => {
                        return Err(Exc::value_error(format!(
                            "Invalid whence ({w}, should be 0, 1 or 2)"
                        )))
                    }
                };
                b.pos.set(to);
                Ok(Value::Int(to as i64))
            })
        }),
        ("tell", |_, a| {
            with_open(&a, |b| Ok(Value::Int(b.pos.get() as i64)))
        }),
        ("truncate", |_, a| {
            let size = match a.pos.get(1) {
                None | Some(Value::None) => None,
                Some(v) => match v.as_int() {
                    Some(n) if n < 0 => {
                        return Err(Exc::value_error(format!("Negative size value {n}")))
                    }
                    Some(n) => Some(n as usize),
                    None => {
                        return Err(Exc::type_error(format!(
                            "'{}' object cannot be interpreted as an integer",
                            v.type_name()
                        )))
                    }
                },
            };
            with_open(&a, |b| {
                let n = size.unwrap_or(b.pos.get());
                let mut text = b.text.borrow_mut();
                if n < text.len() {
                    text.truncate(n);
                }
                Ok(Value::Int(n as i64))
            })
        }),
        ("close", |_, a| {
            with_buf(&a, |b| {
                b.closed.set(true);
                Ok(Value::None)
            })
        }),
        ("flush", |_, a| with_open(&a, |_| Ok(Value::None))),
        ("readable", |_, a| with_open(&a, |_| Ok(Value::Bool(true)))),
        ("writable", |_, a| with_open(&a, |_| Ok(Value::Bool(true)))),
        ("seekable", |_, a| with_open(&a, |_| Ok(Value::Bool(true)))),
        ("isatty", |_, a| with_open(&a, |_| Ok(Value::Bool(false)))),
        ("__enter__", |_, a| {
            let this = recv(&a)?;
            with_open(&a, |_| Ok(this))
        }),
        ("__exit__", |_, a| {
            with_buf(&a, |b| {
                b.closed.set(true);
                Ok(Value::None)
            })
        }),
        ("__iter__", |_, a| {
            let this = recv(&a)?;
            with_open(&a, |_| Ok(this))
        }),
        ("__next__", |_, a| {
            let line = with_open(&a, |b| Ok(b.readline(None)))?;
            if line.is_empty() {
                return Err(super::stop_iteration());
            }
            Ok(Value::str(line))
        }),
    ];
    let mut items: Vec<(&str, Value)> = methods.iter().map(|(n, f)| (*n, method(n, *f))).collect();
    let closed = method("closed", |_, a| {
        with_buf(&a, |b| Ok(Value::Bool(b.closed.get())))
    });
    if let Ok(p) = call_builtin(interp, "property", Args::new(vec![closed])) {
        items.push(("closed", p));
    }
    new_class("StringIO", "_io", None, items)
}

fn sio_init(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = super::split_first(a);
    let p = super::params("StringIO", &["initial_value", "newline"], a)?;
    let text: Vec<char> = match &p[0] {
        None | Some(Value::None) => Vec::new(),
        Some(Value::Str(s)) => s.chars().collect(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "initial_value must be str or None, not {}",
                other.type_name()
            )))
        }
    };
    match &p[1] {
        None | Some(Value::None) => {}
        Some(Value::Str(s)) if matches!(&**s, "" | "\n" | "\r" | "\r\n") => {}
        Some(Value::Str(s)) => {
            return Err(Exc::value_error(format!(
                "illegal newline value: {}",
                crate::format::str_repr(s)
            )))
        }
        Some(other) => {
            return Err(Exc::type_error(format!(
                "newline must be str or None, not {}",
                other.type_name()
            )))
        }
    }
    let buf = Buf {
        text: RefCell::new(text),
        ..Buf::default()
    };
    set_slot(&this, "__buf__", Value::Native(Rc::new(buf)));
    Ok(Value::None)
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn string_io_reads_and_writes() {
        // Expected output: CPython 3.11 on the same program.
        let src = "import io\nf = io.StringIO('ab\\ncd\\nef')\nprint(repr(f.readline()), repr(f.read(1)), f.tell())\nprint(f.readlines())\nf.seek(0)\nprint(list(f))\nf.seek(1)\nf.write('XYZW')\nprint(repr(f.getvalue()), f.tell())\nf.truncate(3)\nprint(repr(f.getvalue()), f.closed)\ntry:\n    f.seek(1, 1)\nexcept OSError as e:\n    print(e)\ntry:\n    f.write(3)\nexcept TypeError as e:\n    print(e)\nwith io.StringIO() as g:\n    print('x', 1, sep='-', file=g)\n    print(repr(g.getvalue()))\nprint(g.closed)\ntry:\n    g.getvalue()\nexcept ValueError as e:\n    print(e)\nh = io.StringIO()\nh.seek(3)\nh.write('z')\nprint(repr(h.getvalue()))\n";
        assert_eq!(
            run_py(src),
            "'ab\\n' 'c' 4\n['d\\n', 'ef']\n['ab\\n', 'cd\\n', 'ef']\n'aXYZW\\nef' 5\n'aXY' False\nCan't do nonzero cur-relative seeks\nstring argument expected, got 'int'\n'x-1\\n'\nTrue\nI/O operation on closed file\n'\\x00\\x00\\x00z'\n"
        );
    }

    #[test]
    fn print_follows_sys_stdout_and_redirects() {
        // Expected output: CPython 3.11 on the same program.
        let src = "import sys, io\nfrom contextlib import redirect_stdout, redirect_stderr\nb = io.StringIO()\nwith redirect_stderr(b):\n    print(\"err\", file=sys.stderr)\nprint(repr(b.getvalue()))\nold = sys.stdout\nsys.stdout = io.StringIO()\nprint(\"hidden\")\ncap = sys.stdout.getvalue()\nsys.stdout = old\nprint(\"cap\", repr(cap))\nclass W:\n    def __init__(self): self.calls=[]\n    def write(self, s): self.calls.append(s)\nw = W()\nprint(1, 2, sep=\",\", file=w)\nprint(w.calls)\nprint(isinstance(b, io.StringIO), type(b).__name__)\nwith redirect_stdout(io.StringIO()) as f:\n    print(\"x\")\nprint(f.getvalue())\n";
        assert_eq!(
            run_py(src),
            "'err\\n'\ncap 'hidden\\n'\n['1', ',', '2', '\\n']\nTrue StringIO\nx\n\n"
        );
    }
}
