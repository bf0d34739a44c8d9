//! The standard-library subset: `time`, `random`, `sys` (others to come).

use super::{func, module};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::any::Any;
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
            "write" => Some(crate::gen::bound(this, "write", |interp, a| {
                let stream = if a.pos.first().is_some_and(is_stderr) { looplab_core::trace::Stream::Stderr } else { looplab_core::trace::Stream::Stdout };
                let text = a.pos.get(1).map(crate::format::str_plain).unwrap_or_default();
                interp.write(stream, &text);
                Ok(Value::Int(text.chars().count() as i64))
            })),
            "flush" => Some(crate::gen::bound(this, "flush", |_, _| Ok(Value::None))),
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

fn now_secs(interp: &Interp) -> f64 {
    interp.runtime().map(|h| h.now().as_secs_f64()).unwrap_or(0.0)
}

/// Loads a standard-library module, or `None` if it does not exist here.
pub fn load(interp: &Interp, name: &str) -> Option<Result<Value, Exc>> {
    let _ = interp;
    Some(Ok(match name {
        "time" => module(
            "time",
            vec![
                ("monotonic", func("monotonic", |i, _| Ok(Value::Float(now_secs(i))))),
                ("perf_counter", func("perf_counter", |i, _| Ok(Value::Float(now_secs(i))))),
                ("time", func("time", |i, _| Ok(Value::Float(1_700_000_000.0 + now_secs(i))))),
                ("sleep", func("sleep", |i, a| {
                    let secs = a.pos.first().and_then(|v| v.as_number()).map(|n| n.as_f64()).ok_or_else(|| Exc::type_error("time.sleep() takes a number"))?;
                    if secs < 0.0 {
                        return Err(Exc::value_error("sleep length must be non-negative"));
                    }
                    if let Some(h) = i.runtime() {
                        h.block_for(looplab_core::duration_from_secs(secs));
                    }
                    Ok(Value::None)
                })),
            ],
        ),
        "sys" => module(
            "sys",
            vec![
                ("stdout", Value::Native(Rc::new(StdStream("stdout")))),
                ("stderr", Value::Native(Rc::new(StdStream("stderr")))),
                ("exit", func("exit", |_, a| Err(Exc::new(crate::exc::class("SystemExit"), a.pos)))),
                ("version", Value::str("3.11 (Looplab)")),
                ("platform", Value::str("looplab")),
                ("maxsize", Value::Int(i64::MAX)),
            ],
        ),
        "random" => module(
            "random",
            vec![
                ("seed", func("seed", |i, a| {
                    let s = match a.pos.first() {
                        Some(v) => v.as_int().map(|x| x.unsigned_abs()).unwrap_or(0),
                        None => 0,
                    };
                    i.rng.borrow_mut().seed(s);
                    Ok(Value::None)
                })),
                ("random", func("random", |i, _| Ok(Value::Float(i.rng.borrow_mut().random())))),
            ],
        ),
        _ => return None,
    }))
}
