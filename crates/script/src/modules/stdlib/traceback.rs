//! `traceback`: `format_exc`, `print_exc`, `format_exception`,
//! `print_exception`, `format_exception_only`, and `sys.exc_info()`'s
//! source. The text is the traceback Looplab prints for an uncaught
//! exception (frames with source lines, chained exceptions), split into
//! the pieces CPython's lists hold (the header, one per frame, the
//! exception line).
//!
//! The exception `format_exc` / `print_exc` report is the one an `except`
//! clause most recently caught: inside the clause that is CPython's
//! answer; after it CPython says `NoneType: None`, and so does Looplab
//! unless the program still holds that exception. `limit` and `chain` are accepted and ignored.
//!
//! Left out: traceback objects (`e.__traceback__` is `None`), `format_tb`,
//! `extract_tb`, `extract_stack`, `print_stack`, `format_stack`,
//! `walk_tb`, `StackSummary`, `FrameSummary` and `TracebackException`.

use super::{func, make_module};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;

/// The exception an `except` clause most recently caught.
pub(crate) fn caught(interp: &Interp) -> Option<Exc> {
    interp
        .last_caught
        .borrow()
        .upgrade()
        .filter(|o| o.exc.is_some())
        .map(Exc)
}

/// The whole traceback text of `e`, as printed for an uncaught exception.
fn text_of(interp: &Interp, e: &Exc) -> String {
    crate::traceback::traceback_with_source(e, &interp.filename, &interp.source())
}

/// Splits traceback text into CPython's list items: the header, each frame
/// (its `File` line and source lines), each chaining sentence, each
/// exception line.
fn pieces(text: &str) -> Vec<String> {
    #[derive(PartialEq)]
    enum Kind {
        Frame,
        Summary,
        Other,
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out: Vec<(Kind, String)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let chain_sentence = |l: &str| {
            l.starts_with("The above exception was the direct cause")
                || l.starts_with("During handling of the above exception")
        };
        if line == "\n" && lines.get(i + 1).is_some_and(|l| chain_sentence(l)) {
            let mut piece = String::from(line);
            piece.push_str(lines[i + 1]);
            if let Some(blank) = lines.get(i + 2).filter(|l| **l == "\n") {
                piece.push_str(blank);
                i += 1;
            }
            out.push((Kind::Other, piece));
            i += 2;
            continue;
        }
        if line.starts_with("Traceback (most recent call last):") {
            out.push((Kind::Other, line.to_string()));
        } else if line.starts_with("  File ") {
            out.push((Kind::Frame, line.to_string()));
        } else if line.starts_with("    ") && out.last().is_some_and(|(k, _)| *k == Kind::Frame) {
            if let Some((_, p)) = out.last_mut() {
                p.push_str(line);
            }
        } else if let Some((Kind::Summary, p)) = out.last_mut() {
            p.push_str(line);
        } else {
            out.push((Kind::Summary, line.to_string()));
        }
        i += 1;
    }
    out.into_iter().map(|(_, p)| p).collect()
}

/// The exception an argument names: an exception, or (the old calling
/// convention) a class followed by the exception.
fn exception_arg(interp: &Interp, a: &Args, fname: &str) -> Result<Option<Exc>, Exc> {
    let v = match (a.pos.first(), a.pos.get(1)) {
        (Some(Value::Class(_)), Some(value)) => value.clone(),
        (Some(v), _) => v.clone(),
        (None, _) => match a.kw.iter().find(|(k, _)| &**k == "exc" || &**k == "value") {
            Some((_, v)) => v.clone(),
            None => {
                return Err(Exc::type_error(format!(
                    "{fname}() missing required argument 'exc' (pos 1)"
                )))
            }
        },
    };
    match v {
        Value::None => Ok(None),
        other => interp.make_exception(other).map(Some),
    }
}

fn only_line(e: Option<&Exc>) -> String {
    match e {
        Some(e) => format!("{}\n", crate::traceback::summary_with_suggestion(e)),
        None => "NoneType: None\n".into(),
    }
}

fn full_text(interp: &Interp, e: Option<&Exc>) -> String {
    match e {
        Some(e) => text_of(interp, e),
        None => "NoneType: None\n".into(),
    }
}

/// Writes `text` where `print(..., file=file)` would, `sys.stderr` by default.
fn write_to(interp: &Interp, file: Option<Value>, text: &str) -> Result<(), Exc> {
    let file = match file {
        None | Some(Value::None) => super::sys_stream(interp, "stderr"),
        f => f,
    };
    match file {
        None => {
            interp.write(looplab_core::trace::Stream::Stderr, text);
            Ok(())
        }
        Some(f) => match super::print_target(interp, Some(f)) {
            super::PrintTarget::Std(stream) => {
                interp.write(stream, text);
                Ok(())
            }
            super::PrintTarget::Object(obj) => {
                let w = interp.getattr(&obj, "write")?;
                interp.call(&w, Args::new(vec![Value::str(text)]))?;
                Ok(())
            }
        },
    }
}

pub(super) fn module() -> Value {
    make_module(
        "traceback",
        vec![
            (
                "format_exc",
                func("format_exc", |i, _| {
                    Ok(Value::str(full_text(i, caught(i).as_ref())))
                }),
            ),
            (
                "print_exc",
                func("print_exc", |i, mut a| {
                    let file = a.take_kw("file").or_else(|| a.pos.get(1).cloned());
                    write_to(i, file, &full_text(i, caught(i).as_ref()))?;
                    Ok(Value::None)
                }),
            ),
            (
                "format_exception",
                func("format_exception", |i, a| {
                    let e = exception_arg(i, &a, "format_exception")?;
                    let text = full_text(i, e.as_ref());
                    Ok(Value::list(
                        pieces(&text).into_iter().map(Value::str).collect(),
                    ))
                }),
            ),
            (
                "print_exception",
                func("print_exception", |i, mut a| {
                    let file = a.take_kw("file");
                    let e = exception_arg(i, &a, "print_exception")?;
                    write_to(i, file, &full_text(i, e.as_ref()))?;
                    Ok(Value::None)
                }),
            ),
            (
                "format_exception_only",
                func("format_exception_only", |i, a| {
                    let e = exception_arg(i, &a, "format_exception_only")?;
                    Ok(Value::list(vec![Value::str(only_line(e.as_ref()))]))
                }),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn format_exception_pieces() {
        // Expected output: CPython 3.11 on the same program (file name
        // and line numbers aside, which are Looplab's main.py).
        let src = "import traceback\ndef g():\n    raise KeyError('k')\ntry:\n    g()\nexcept KeyError as e:\n    print(traceback.format_exception(e))\n    try:\n        raise ValueError('v') from e\n    except ValueError as e2:\n        print(len(traceback.format_exception(e2)), traceback.format_exception_only(type(e2), e2))\nprint(traceback.format_exception_only(None))\n";
        assert_eq!(
            run_py(src),
            "['Traceback (most recent call last):\\n', '  File \"main.py\", line 5, in <module>\\n    g()\\n', '  File \"main.py\", line 3, in g\\n    raise KeyError(\\'k\\')\\n', \"KeyError: 'k'\\n\"]\n8 ['ValueError: v\\n']\n['NoneType: None\\n']\n"
        );
    }
}
