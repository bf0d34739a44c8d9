//! `time`'s calendar functions: `gmtime`, `localtime` (the sandbox's zone
//! is UTC), `mktime`, `asctime`, `ctime`, `strftime` with a time tuple,
//! `strptime`, and the `timezone`/`altzone`/`daylight`/`tzname` constants.
//! The calendar math, formatting and parsing are `datetime`'s.
//!
//! `struct_time` is a named tuple whose class is named `time.struct_time`,
//! so that it prints as CPython's (`time.struct_time(tm_year=..., ...,
//! tm_isdst=0)`); `type(t).__name__` says so too. Left out: its `tm_zone`
//! and `tm_gmtoff` attributes, `time.struct_time(...)` as a constructor,
//! other time zones, `%Z` other than `UTC`, and `%a`/`%A`/`%j`/`%U`/`%W`
//! from a tuple's own `tm_wday` and `tm_yday` (they follow its date).

use super::collections::record;
use super::datetime::{gmtime_tm, strftime_tm, strptime_tm, timegm};
use super::{func, now_secs};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;

const FIELDS: [&str; 9] = [
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
];

/// The functions and constants this file adds to `time`.
pub(super) fn items() -> Vec<(&'static str, Value)> {
    vec![
        ("gmtime", func("gmtime", |i, a| from_secs(i, &a, "gmtime"))),
        (
            "localtime",
            func("localtime", |i, a| from_secs(i, &a, "localtime")),
        ),
        ("mktime", func("mktime", mktime)),
        ("asctime", func("asctime", asctime)),
        ("ctime", func("ctime", ctime)),
        ("strftime", func("strftime", strftime)),
        ("strptime", func("strptime", strptime)),
        ("timezone", Value::Int(0)),
        ("altzone", Value::Int(0)),
        ("daylight", Value::Int(0)),
        (
            "tzname",
            Value::tuple(vec![Value::str("UTC"), Value::str("UTC")]),
        ),
    ]
}

fn struct_time(tm: [i64; 8], isdst: i64) -> Value {
    let mut values: Vec<Value> = tm.iter().map(|v| Value::Int(*v)).collect();
    values.push(Value::Int(isdst));
    record("time.struct_time", &FIELDS, values)
}

/// The optional seconds argument (`None` or missing: now).
fn secs_arg(i: &Interp, a: &Args, name: &str) -> Result<i64, Exc> {
    if a.pos.len() > 1 {
        return Err(Exc::type_error(format!(
            "{name}() takes at most 1 argument ({} given)",
            a.pos.len()
        )));
    }
    let secs = match a.pos.first() {
        None | Some(Value::None) => 1_700_000_000.0 + now_secs(i),
        Some(v) => match v.as_number() {
            Some(n) => n.as_f64(),
            None => {
                return Err(Exc::type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    v.type_name()
                )))
            }
        },
    };
    if !secs.is_finite() {
        return Err(Exc::value_error("Invalid value NaN (not a number)"));
    }
    if secs.abs() > 1e15 {
        return Err(Exc::of(
            "OverflowError",
            "timestamp out of range for platform time_t",
        ));
    }
    Ok(secs.floor() as i64)
}

fn from_secs(i: &Interp, a: &Args, name: &str) -> Result<Value, Exc> {
    let secs = secs_arg(i, a, name)?;
    let tm = gmtime_tm(secs).ok_or_else(|| {
        Exc::of(
            "OverflowError",
            "timestamp out of range for platform time_t",
        )
    })?;
    Ok(struct_time(tm, 0))
}

/// A time tuple's nine fields (now's when `v` is missing or `None`).
fn tuple_arg(i: &Interp, v: Option<&Value>, name: &str) -> Result<[i64; 9], Exc> {
    let v = match v {
        None | Some(Value::None) => {
            let secs = (1_700_000_000.0 + now_secs(i)).floor() as i64;
            let tm = gmtime_tm(secs).unwrap_or([1970, 1, 1, 0, 0, 0, 3, 1]);
            let mut out = [0; 9];
            out[..8].copy_from_slice(&tm);
            return Ok(out);
        }
        Some(v) => v,
    };
    let items = match v {
        Value::Tuple(t) => t.to_vec(),
        Value::Object(_) if &*v.type_name() == "time.struct_time" => i.collect(v)?,
        _ => return Err(Exc::type_error("Tuple or struct_time argument required")),
    };
    if items.len() != 9 {
        return Err(Exc::type_error(format!(
            "{name}(): illegal time tuple argument"
        )));
    }
    let mut out = [0i64; 9];
    for (slot, item) in out.iter_mut().zip(&items) {
        *slot = item.as_int().ok_or_else(|| {
            Exc::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                item.type_name()
            ))
        })?;
    }
    let [_, mon, mday, hour, min, sec, ..] = out;
    if !(0..=12).contains(&mon) {
        return Err(Exc::value_error("month out of range"));
    }
    if !(0..=31).contains(&mday) {
        return Err(Exc::value_error("day of month out of range"));
    }
    if !(0..=23).contains(&hour) {
        return Err(Exc::value_error("hour out of range"));
    }
    if !(0..=59).contains(&min) {
        return Err(Exc::value_error("minute out of range"));
    }
    if !(0..=61).contains(&sec) {
        return Err(Exc::value_error("seconds out of range"));
    }
    // C's strftime takes 0 for January and for the first of the month.
    out[1] = mon.max(1);
    out[2] = mday.max(1);
    out[5] = sec.min(59);
    Ok(out)
}

fn format(t: &[i64; 9], fmt: &str) -> String {
    if !(1..=9999).contains(&t[0]) {
        // Beyond `datetime`'s years: only the plain fields.
        return fmt.to_string();
    }
    strftime_tm(fmt, t[0], t[1], t[2], t[3], t[4], t[5])
}

fn strftime(i: &Interp, a: Args) -> Result<Value, Exc> {
    let fmt = match a.pos.first() {
        Some(Value::Str(s)) => s.clone(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "strftime() argument 1 must be str, not {}",
                other.type_name()
            )))
        }
        None => {
            return Err(Exc::type_error(
                "strftime() takes at least 1 argument (0 given)",
            ))
        }
    };
    let t = tuple_arg(i, a.pos.get(1), "strftime")?;
    Ok(Value::str(format(&t, &fmt)))
}

fn asctime(i: &Interp, a: Args) -> Result<Value, Exc> {
    let t = tuple_arg(i, a.pos.first(), "asctime")?;
    Ok(Value::str(format(&t, "%a %b %e %H:%M:%S %Y")))
}

fn ctime(i: &Interp, a: Args) -> Result<Value, Exc> {
    let secs = secs_arg(i, &a, "ctime")?;
    let tm = gmtime_tm(secs).ok_or_else(|| {
        Exc::of(
            "OverflowError",
            "timestamp out of range for platform time_t",
        )
    })?;
    let mut t = [0; 9];
    t[..8].copy_from_slice(&tm);
    Ok(Value::str(format(&t, "%a %b %e %H:%M:%S %Y")))
}

fn mktime(i: &Interp, a: Args) -> Result<Value, Exc> {
    let Some(v) = a.pos.first() else {
        return Err(Exc::type_error(
            "time.mktime() takes exactly one argument (0 given)",
        ));
    };
    let t = tuple_arg(i, Some(v), "mktime")?;
    Ok(Value::Float(
        timegm(t[0], t[1], t[2], t[3], t[4], t[5]) as f64
    ))
}

fn strptime(_: &Interp, a: Args) -> Result<Value, Exc> {
    let s = match a.pos.first() {
        Some(Value::Str(s)) => s.clone(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "strptime() argument 0 must be str, not {}",
                other.tp_name()
            )))
        }
        None => {
            return Err(Exc::type_error(
                "strptime() takes at least 1 argument (0 given)",
            ))
        }
    };
    let fmt = match a.pos.get(1) {
        None => "%a %b %d %H:%M:%S %Y".into(),
        Some(Value::Str(f)) => f.clone(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "strptime() argument 1 must be str, not {}",
                other.tp_name()
            )))
        }
    };
    Ok(struct_time(strptime_tm(&s, &fmt)?, -1))
}
