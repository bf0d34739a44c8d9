//! `datetime`: `date`, `time`, `datetime`, `timedelta`, `tzinfo` and
//! `timezone` (fixed offsets, `timezone.utc`), with `MINYEAR`, `MAXYEAR`
//! and `UTC`.
//!
//! They are classes whose methods are built-ins (`datetime` a subclass of
//! `date`, `timezone` of `tzinfo`), so instances hash, compare, sort and
//! do arithmetic through the evaluator's protocols and can be subclassed.
//! Each instance keeps its fields in a hidden slot (`__dt__`, `__td__`,
//! `__tz__`). The calendar is the proleptic Gregorian one of CPython's
//! `datetime.py`, written out here (ordinals, ISO weeks).
//!
//! Covered: construction with CPython's checks and messages, arithmetic
//! (`date ± timedelta`, `date - date`, aware and naive `datetime`
//! subtraction, `timedelta` with numbers), comparison (naive against aware
//! refused as CPython refuses it), `str`/`repr`, `isoformat` /
//! `fromisoformat` (3.11's forms), `strftime` (glibc's directives and the
//! `-`/`_` flags) and `strptime` (matched as CPython's regular expressions
//! match, backtracking included), `replace`, `weekday`, `isocalendar`,
//! `timestamp`, `astimezone` and user `tzinfo` subclasses (their
//! `utcoffset` / `tzname` are called).
//!
//! The machine's local time zone is UTC, and "now" is the program's
//! virtual clock as `time.time()` reads it (1_700_000_000 plus the clock):
//! `datetime.now()`, `date.today()`, `fromtimestamp`.
//!
//! Left out: pickling, `timetuple()` / `utctimetuple()` (no
//! `time.struct_time`), `dst()` rules (a `tzinfo`'s `dst` is never
//! consulted), `fold` (kept, never used), locales other than C, and
//! `strptime`'s `%U`/`%W`/`%G`/`%V` date arithmetic (matched but ignored).
//! Error messages name the types without the module (`'date'` where
//! CPython says `'datetime.date'`) when the evaluator words them.

use super::{
    call_builtin, make_module, method, new_class, new_object, not_implemented, recv, set_slot, slot,
};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::rc::Rc;

const MINYEAR: i64 = 1;
const MAXYEAR: i64 = 9999;
const US_PER_SEC: i64 = 1_000_000;
const US_PER_DAY: i64 = 86_400 * US_PER_SEC;
const MAX_DAYS: i64 = 999_999_999;
/// `date(1970, 1, 1).toordinal()`.
const EPOCH_ORD: i64 = 719_163;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

// ================================================================ calendar

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn days_before_month(y: i64, m: i64) -> i64 {
    const CUM: [i64; 13] = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    CUM[m.clamp(1, 12) as usize] + i64::from(m > 2 && is_leap(y))
}

/// Days before January 1st of `y` (year 1 has none).
fn days_before_year(y: i64) -> i64 {
    let y = y - 1;
    y * 365 + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400)
}

/// The proleptic Gregorian ordinal: 0001-01-01 is day 1.
fn ymd_to_ord(y: i64, m: i64, d: i64) -> i64 {
    days_before_year(y) + days_before_month(y, m) + d
}

/// The date of an ordinal (CPython's `_ord2ymd`).
fn ord_to_ymd(n: i64) -> (i64, i64, i64) {
    let n = n - 1;
    let (n400, n) = (n.div_euclid(146_097), n.rem_euclid(146_097));
    let mut year = n400 * 400 + 1;
    let (n100, n) = (n / 36_524, n % 36_524);
    let (n4, n) = (n / 1461, n % 1461);
    let (n1, n) = (n / 365, n % 365);
    year += n100 * 100 + n4 * 4 + n1;
    if n1 == 4 || n100 == 4 {
        return (year - 1, 12, 31);
    }
    let leap = n1 == 3 && (n4 != 24 || n100 == 3);
    let mut month = (n + 50) >> 5;
    let before = |m: i64| days_before_month(if leap { 4 } else { 1 }, m);
    let mut preceding = before(month);
    if preceding > n {
        month -= 1;
        preceding = before(month);
    }
    (year, month, n - preceding + 1)
}

/// Monday is 0.
fn weekday(y: i64, m: i64, d: i64) -> i64 {
    (ymd_to_ord(y, m, d) + 6).rem_euclid(7)
}

fn iso_week1_monday(y: i64) -> i64 {
    let first = ymd_to_ord(y, 1, 1);
    let first_wd = (first + 6).rem_euclid(7);
    let mut monday = first - first_wd;
    if first_wd > 3 {
        monday += 7;
    }
    monday
}

/// `(iso_year, week, weekday)`, weekday 1 being Monday.
fn iso_calendar(y: i64, m: i64, d: i64) -> (i64, i64, i64) {
    let mut year = y;
    let mut monday = iso_week1_monday(year);
    let today = ymd_to_ord(y, m, d);
    let (mut week, mut day) = (
        (today - monday).div_euclid(7),
        (today - monday).rem_euclid(7),
    );
    if week < 0 {
        year -= 1;
        monday = iso_week1_monday(year);
        week = (today - monday).div_euclid(7);
        day = (today - monday).rem_euclid(7);
    } else if week >= 52 && today >= iso_week1_monday(year + 1) {
        year += 1;
        week = 0;
    }
    (year, week + 1, day + 1)
}

/// The last ordinal `date` reaches.
fn max_ord() -> i64 {
    ymd_to_ord(MAXYEAR, 12, 31)
}

// =============================================================== integers

fn floor_div(a: i128, b: i128) -> i128 {
    let q = a / b;
    if a % b != 0 && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

/// `a / b` rounded half to even (CPython's `_divide_and_round`).
fn div_round(a: i128, b: i128) -> i128 {
    let q = floor_div(a, b);
    let r = (a - q * b) * 2;
    let above = if b > 0 { r > b } else { r < b };
    if above || (r == b && q % 2 != 0) {
        q + 1
    } else {
        q
    }
}

fn round_half_even(x: f64) -> f64 {
    x.round_ties_even()
}

fn zero_division(msg: &str) -> Exc {
    Exc::of("ZeroDivisionError", msg.to_string())
}

fn overflow(msg: impl Into<Rc<str>>) -> Exc {
    Exc::of("OverflowError", msg)
}

/// An integer argument, as C's `int` converters take it.
fn int_arg(v: &Value) -> Result<i64, Exc> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(*b)),
        Value::Big(_) => Err(overflow("Python int too large to convert to C int")),
        other => Err(Exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            other.type_name()
        ))),
    }
}

/// Binds the arguments of a C-level function: `names` by position or
/// keyword, the first `required` of them required.
fn cargs(fname: &str, names: &[&str], required: usize, a: Args) -> Result<Vec<Option<Value>>, Exc> {
    let given = a.pos.len() + a.kw.len();
    if given > names.len() {
        return Err(Exc::type_error(format!(
            "{fname} takes at most {} argument{} ({given} given)",
            names.len(),
            if names.len() == 1 { "" } else { "s" }
        )));
    }
    let mut out: Vec<Option<Value>> = vec![None; names.len()];
    let npos = a.pos.len();
    for (i, v) in a.pos.into_iter().enumerate() {
        out[i] = Some(v);
    }
    let mut unknown = None;
    let mut twice = None;
    for (k, v) in a.kw {
        match names.iter().position(|n| **n == *k) {
            Some(i) if out[i].is_some() => twice = twice.or(Some((k, i))),
            Some(i) => out[i] = Some(v),
            None => unknown = unknown.or(Some(k)),
        }
    }
    if let Some(i) = (npos..required).find(|i| out[*i].is_none()) {
        return Err(Exc::type_error(format!(
            "{fname} missing required argument '{}' (pos {})",
            names[i],
            i + 1
        )));
    }
    if let Some((k, i)) = twice {
        return Err(Exc::type_error(format!(
            "argument for {fname} given by name ('{k}') and position ({})",
            i + 1
        )));
    }
    if let Some(k) = unknown {
        return Err(Exc::type_error(format!(
            "'{k}' is an invalid keyword argument for {fname}"
        )));
    }
    Ok(out)
}

// ================================================================= values

/// A `timedelta`: days, seconds in a day, microseconds in a second.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Td {
    days: i64,
    secs: i64,
    us: i64,
}

impl Td {
    fn total_us(self) -> i128 {
        (i128::from(self.days) * 86_400 + i128::from(self.secs)) * 1_000_000 + i128::from(self.us)
    }

    fn from_us(total: i128) -> Result<Td, Exc> {
        let per_day = i128::from(US_PER_DAY);
        let days = floor_div(total, per_day);
        let rest = total - days * per_day;
        if days.abs() > i128::from(MAX_DAYS) {
            return Err(overflow(format!(
                "days={days}; must have magnitude <= {MAX_DAYS}"
            )));
        }
        Ok(Td {
            days: days as i64,
            secs: (rest / 1_000_000) as i64,
            us: (rest % 1_000_000) as i64,
        })
    }

    fn zero() -> Td {
        Td {
            days: 0,
            secs: 0,
            us: 0,
        }
    }

    fn str(self) -> String {
        let (mm, ss) = (self.secs / 60, self.secs % 60);
        let (hh, mm) = (mm / 60, mm % 60);
        let mut s = format!("{hh}:{mm:02}:{ss:02}");
        if self.days != 0 {
            s = format!(
                "{} day{}, {s}",
                self.days,
                if self.days.abs() == 1 { "" } else { "s" }
            );
        }
        if self.us != 0 {
            s.push_str(&format!(".{:06}", self.us));
        }
        s
    }

    fn repr_args(self) -> String {
        let mut parts = Vec::new();
        if self.days != 0 {
            parts.push(format!("days={}", self.days));
        }
        if self.secs != 0 {
            parts.push(format!("seconds={}", self.secs));
        }
        if self.us != 0 {
            parts.push(format!("microseconds={}", self.us));
        }
        if parts.is_empty() {
            "0".into()
        } else {
            parts.join(", ")
        }
    }
}

/// A `date`, `time` or `datetime`: a `time` has the date 1900-01-01, a
/// `date` the time 00:00.
#[derive(Clone)]
struct Dt {
    y: i64,
    m: i64,
    d: i64,
    hh: i64,
    mi: i64,
    ss: i64,
    us: i64,
    tz: Value,
    fold: i64,
}

impl Dt {
    fn date(y: i64, m: i64, d: i64) -> Dt {
        Dt {
            y,
            m,
            d,
            hh: 0,
            mi: 0,
            ss: 0,
            us: 0,
            tz: Value::None,
            fold: 0,
        }
    }

    fn time_us(&self) -> i64 {
        ((self.hh * 60 + self.mi) * 60 + self.ss) * US_PER_SEC + self.us
    }

    /// Microseconds since 0001-01-01 00:00 of the fields (no offset).
    fn local_us(&self) -> i64 {
        (ymd_to_ord(self.y, self.m, self.d) - 1) * US_PER_DAY + self.time_us()
    }

    /// The same time zone and fold at another instant.
    fn at_us(&self, us: i128) -> Result<Dt, Exc> {
        if us < 0 || us >= i128::from(max_ord()) * i128::from(US_PER_DAY) {
            return Err(overflow("date value out of range"));
        }
        let us = us as i64;
        let (y, m, d) = ord_to_ymd(us.div_euclid(US_PER_DAY) + 1);
        let t = us.rem_euclid(US_PER_DAY);
        Ok(Dt {
            y,
            m,
            d,
            hh: t / (3600 * US_PER_SEC),
            mi: t / (60 * US_PER_SEC) % 60,
            ss: t / US_PER_SEC % 60,
            us: t % US_PER_SEC,
            tz: self.tz.clone(),
            fold: self.fold,
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Date,
    Time,
    DateTime,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Date => "date",
            Kind::Time => "time",
            Kind::DateTime => "datetime",
        }
    }
}

// ================================================================ classes

struct Classes {
    timedelta: Rc<Class>,
    date: Rc<Class>,
    time: Rc<Class>,
    datetime: Rc<Class>,
    tzinfo: Rc<Class>,
    timezone: Rc<Class>,
    utc: Value,
}

thread_local! {
    static CLASSES: RefCell<Option<Rc<Classes>>> = const { RefCell::new(None) };
}

/// The module's classes (made once a thread).
fn classes(interp: &Interp) -> Rc<Classes> {
    if let Some(c) = CLASSES.with(|c| c.borrow().clone()) {
        return c;
    }
    let c = Rc::new(build_classes(interp));
    CLASSES.with(|slot| *slot.borrow_mut() = Some(c.clone()));
    c
}

/// The `datetime` module.
pub(super) fn module(interp: &Interp) -> Value {
    let c = classes(interp);
    make_module(
        "datetime",
        vec![
            ("date", Value::Class(c.date.clone())),
            ("time", Value::Class(c.time.clone())),
            ("datetime", Value::Class(c.datetime.clone())),
            ("timedelta", Value::Class(c.timedelta.clone())),
            ("tzinfo", Value::Class(c.tzinfo.clone())),
            ("timezone", Value::Class(c.timezone.clone())),
            ("UTC", c.utc.clone()),
            ("MINYEAR", Value::Int(MINYEAR)),
            ("MAXYEAR", Value::Int(MAXYEAR)),
        ],
    )
}

fn methods(list: &[(&'static str, BuiltinFn)]) -> Vec<(&'static str, Value)> {
    list.iter().map(|(n, f)| (*n, method(n, *f))).collect()
}

fn add_props(
    interp: &Interp,
    items: &mut Vec<(&'static str, Value)>,
    list: &[(&'static str, BuiltinFn)],
) {
    for (n, f) in list {
        if let Ok(p) = call_builtin(interp, "property", Args::new(vec![method(n, *f)])) {
            items.push((n, p));
        }
    }
}

fn add_classmethods(
    interp: &Interp,
    items: &mut Vec<(&'static str, Value)>,
    list: &[(&'static str, BuiltinFn)],
) {
    for (n, f) in list {
        if let Ok(p) = call_builtin(interp, "classmethod", Args::new(vec![method(n, *f)])) {
            items.push((n, p));
        }
    }
}

fn build_classes(interp: &Interp) -> Classes {
    // timedelta
    let mut items = methods(&[
        ("__init__", td_init),
        ("__repr__", td_repr),
        ("__str__", |_, a| Ok(Value::str(this_td(&a)?.str()))),
        ("total_seconds", |_, a| {
            Ok(Value::Float(this_td(&a)?.total_us() as f64 / 1e6))
        }),
        ("__add__", |i, a| td_addsub(i, a, false)),
        ("__radd__", |i, a| {
            if a.pos.get(1).and_then(td_of).is_none() {
                return no_op(i, "+", &recv(&a)?, a.pos.get(1), true);
            }
            td_addsub(i, a, false)
        }),
        ("__sub__", |i, a| td_addsub(i, a, true)),
        ("__rsub__", |i, a| {
            let (x, y) = (this_td(&a)?, a.pos.get(1).and_then(td_of));
            match y {
                Some(y) => new_td(i, Td::from_us(y.total_us() - x.total_us())?),
                None => no_op(i, "-", &recv(&a)?, a.pos.get(1), true),
            }
        }),
        ("__mul__", td_mul),
        ("__rmul__", td_mul),
        ("__truediv__", td_truediv),
        ("__floordiv__", td_floordiv),
        ("__mod__", |i, a| td_divmod(i, a, 1)),
        ("__divmod__", |i, a| td_divmod(i, a, 2)),
        ("__neg__", |i, a| {
            new_td(i, Td::from_us(-this_td(&a)?.total_us())?)
        }),
        ("__pos__", |i, a| new_td(i, this_td(&a)?)),
        ("__abs__", |i, a| {
            new_td(i, Td::from_us(this_td(&a)?.total_us().abs())?)
        }),
        ("__bool__", |_, a| {
            Ok(Value::Bool(this_td(&a)? != Td::zero()))
        }),
        ("__eq__", |i, a| td_cmp(i, a, |o| o == Ordering::Equal)),
        ("__ne__", |i, a| td_cmp(i, a, |o| o != Ordering::Equal)),
        ("__lt__", |i, a| td_cmp(i, a, |o| o == Ordering::Less)),
        ("__le__", |i, a| td_cmp(i, a, |o| o != Ordering::Greater)),
        ("__gt__", |i, a| td_cmp(i, a, |o| o == Ordering::Greater)),
        ("__ge__", |i, a| td_cmp(i, a, |o| o != Ordering::Less)),
        ("__hash__", |_, a| {
            Ok(Value::Int(hash_i128(this_td(&a)?.total_us())))
        }),
    ]);
    add_props(
        interp,
        &mut items,
        &[
            ("days", |_, a| Ok(Value::Int(this_td(&a)?.days))),
            ("seconds", |_, a| Ok(Value::Int(this_td(&a)?.secs))),
            ("microseconds", |_, a| Ok(Value::Int(this_td(&a)?.us))),
        ],
    );
    let timedelta = new_class("timedelta", "datetime", None, items);

    // date (and what datetime inherits)
    let mut items = methods(&[
        ("__init__", |i, a| dt_init(i, a, Kind::Date)),
        ("__repr__", dt_repr),
        ("__str__", |i, a| dt_isoformat(i, a, true)),
        ("__format__", dt_format),
        ("isoformat", |i, a| dt_isoformat(i, a, false)),
        ("strftime", dt_strftime),
        ("ctime", |i, a| {
            let (this, dt, kind) = this_dt(i, &a)?;
            Ok(Value::str(strftime(
                i,
                &this,
                &dt,
                kind,
                "%a %b %e %H:%M:%S %Y",
            )?))
        }),
        ("replace", dt_replace),
        ("__eq__", |i, a| dt_compare(i, a, CmpKind::Eq)),
        ("__ne__", |i, a| dt_compare(i, a, CmpKind::Ne)),
        ("__lt__", |i, a| dt_compare(i, a, CmpKind::Lt)),
        ("__le__", |i, a| dt_compare(i, a, CmpKind::Le)),
        ("__gt__", |i, a| dt_compare(i, a, CmpKind::Gt)),
        ("__ge__", |i, a| dt_compare(i, a, CmpKind::Ge)),
        ("__hash__", dt_hash),
        ("__add__", dt_add),
        ("__radd__", |i, a| {
            let this = recv(&a)?;
            match a.pos.get(1).and_then(td_of) {
                Some(_) => dt_add(i, a),
                None => no_op(i, "+", &this, a.pos.get(1), true),
            }
        }),
        ("__sub__", dt_sub),
        ("__rsub__", |i, a| {
            let this = recv(&a)?;
            no_op(i, "-", &this, a.pos.get(1), true)
        }),
        ("weekday", |i, a| {
            let (_, dt, _) = this_dt(i, &a)?;
            Ok(Value::Int(weekday(dt.y, dt.m, dt.d)))
        }),
        ("isoweekday", |i, a| {
            let (_, dt, _) = this_dt(i, &a)?;
            Ok(Value::Int(weekday(dt.y, dt.m, dt.d) + 1))
        }),
        ("toordinal", |i, a| {
            let (_, dt, _) = this_dt(i, &a)?;
            Ok(Value::Int(ymd_to_ord(dt.y, dt.m, dt.d)))
        }),
        ("isocalendar", |i, a| {
            let (_, dt, _) = this_dt(i, &a)?;
            let (y, w, d) = iso_calendar(dt.y, dt.m, dt.d);
            // Named with its module, so that it prints as CPython's does.
            Ok(super::collections::record(
                "datetime.IsoCalendarDate",
                &["year", "week", "weekday"],
                vec![Value::Int(y), Value::Int(w), Value::Int(d)],
            ))
        }),
    ]);
    add_props(
        interp,
        &mut items,
        &[
            ("year", |i, a| Ok(Value::Int(this_dt(i, &a)?.1.y))),
            ("month", |i, a| Ok(Value::Int(this_dt(i, &a)?.1.m))),
            ("day", |i, a| Ok(Value::Int(this_dt(i, &a)?.1.d))),
        ],
    );
    add_classmethods(
        interp,
        &mut items,
        &[
            ("today", |i, a| {
                let cls = recv(&a)?;
                from_timestamp(i, &cls, &Value::Float(now_ts(i)), Value::None)
            }),
            ("fromtimestamp", |i, a| {
                let (cls, a) = super::split_first(a);
                let p = cargs("fromtimestamp()", &["timestamp", "tz"], 1, a)?;
                let ts = p[0].clone().unwrap_or(Value::None);
                from_timestamp(i, &cls, &ts, p[1].clone().unwrap_or(Value::None))
            }),
            ("fromordinal", |i, a| {
                let (cls, a) = super::split_first(a);
                let p = cargs("fromordinal()", &["ordinal"], 1, a)?;
                let n = int_arg(p[0].as_ref().unwrap_or(&Value::None))?;
                if n < 1 || n > max_ord() {
                    return Err(Exc::value_error(format!(
                        "ordinal must be >= 1{}",
                        if n < 1 { "" } else { " and <= 3652059" }
                    )));
                }
                let (y, m, d) = ord_to_ymd(n);
                new_dt_of_class(i, &cls, &Dt::date(y, m, d))
            }),
            ("fromisoformat", dt_fromisoformat),
            ("fromisocalendar", |i, a| {
                let (cls, a) = super::split_first(a);
                let p = cargs("fromisocalendar()", &["year", "week", "day"], 3, a)?;
                let get = |k: usize| int_arg(p[k].as_ref().unwrap_or(&Value::None));
                let (y, w, d) = (get(0)?, get(1)?, get(2)?);
                if !(MINYEAR..=MAXYEAR).contains(&y) {
                    return Err(Exc::value_error(format!("Year is out of range: {y}")));
                }
                let weeks = if iso_calendar(y, 12, 28).1 == 53 {
                    53
                } else {
                    52
                };
                if !(1..=weeks).contains(&w) {
                    return Err(Exc::value_error(format!("Invalid week: {w}")));
                }
                if !(1..=7).contains(&d) {
                    return Err(Exc::value_error(format!(
                        "Invalid weekday: {d} (range is [1, 7])"
                    )));
                }
                let (y, m, dd) = ord_to_ymd(iso_week1_monday(y) + (w - 1) * 7 + d - 1);
                new_dt_of_class(i, &cls, &Dt::date(y, m, dd))
            }),
        ],
    );
    let date = new_class("date", "datetime", None, items);

    // datetime
    let mut items = methods(&[
        ("__init__", |i, a| dt_init(i, a, Kind::DateTime)),
        ("date", |i, a| {
            let (_, dt, _) = this_dt(i, &a)?;
            let c = classes(i);
            Ok(new_dt(&c.date, &Dt::date(dt.y, dt.m, dt.d)))
        }),
        ("time", |i, a| {
            let (_, dt, _) = this_dt(i, &a)?;
            let c = classes(i);
            Ok(new_dt(&c.time, &time_part(&dt, false)))
        }),
        ("timetz", |i, a| {
            let (_, dt, _) = this_dt(i, &a)?;
            let c = classes(i);
            Ok(new_dt(&c.time, &time_part(&dt, true)))
        }),
        ("utcoffset", dt_utcoffset),
        ("tzname", dt_tzname),
        ("dst", |_, _| Ok(Value::None)),
        ("timestamp", |i, a| {
            let (this, dt, _) = this_dt(i, &a)?;
            let off = utcoffset(i, &dt.tz, &this)?.map_or(0, Td::total_us);
            let us = i128::from(dt.local_us()) - off - i128::from((EPOCH_ORD - 1) * US_PER_DAY);
            Ok(Value::Float(us as f64 / 1e6))
        }),
        ("astimezone", dt_astimezone),
    ]);
    add_props(interp, &mut items, TIME_PROPS);
    add_classmethods(
        interp,
        &mut items,
        &[
            ("now", |i, a| {
                let (cls, a) = super::split_first(a);
                let p = cargs("now()", &["tz"], 0, a)?;
                let tz = p[0].clone().unwrap_or(Value::None);
                from_timestamp(i, &cls, &Value::Float(now_ts(i)), tz)
            }),
            ("utcnow", |i, a| {
                let cls = recv(&a)?;
                from_timestamp(i, &cls, &Value::Float(now_ts(i)), Value::None)
            }),
            ("utcfromtimestamp", |i, a| {
                let (cls, a) = super::split_first(a);
                let p = cargs("utcfromtimestamp()", &["timestamp"], 1, a)?;
                let ts = p[0].clone().unwrap_or(Value::None);
                from_timestamp(i, &cls, &ts, Value::None)
            }),
            ("combine", |i, a| {
                let (cls, a) = super::split_first(a);
                let p = cargs("combine()", &["date", "time", "tzinfo"], 2, a)?;
                let c = classes(i);
                let d = p[0].clone().unwrap_or(Value::None);
                let t = p[1].clone().unwrap_or(Value::None);
                let dd = match kind_of(&c, &d) {
                    Some(Kind::Date | Kind::DateTime) => dt_of(&d),
                    _ => None,
                }
                .ok_or_else(|| {
                    Exc::type_error(format!(
                        "combine() argument 1 must be datetime.date, not {}",
                        d.type_name()
                    ))
                })?;
                let tt = match kind_of(&c, &t) {
                    Some(Kind::Time) => dt_of(&t),
                    _ => None,
                }
                .ok_or_else(|| {
                    Exc::type_error(format!(
                        "combine() argument 2 must be datetime.time, not {}",
                        t.type_name()
                    ))
                })?;
                let tz = match &p[2] {
                    Some(tz) => {
                        check_tzinfo(&c, tz)?;
                        tz.clone()
                    }
                    None => tt.tz.clone(),
                };
                let out = Dt {
                    y: dd.y,
                    m: dd.m,
                    d: dd.d,
                    tz,
                    ..tt
                };
                new_dt_of_class(i, &cls, &out)
            }),
            ("strptime", dt_strptime),
        ],
    );
    let datetime = new_class("datetime", "datetime", Some(date.clone()), items);

    // time
    let mut items = methods(&[
        ("__init__", |i, a| dt_init(i, a, Kind::Time)),
        ("__repr__", dt_repr),
        ("__str__", |i, a| dt_isoformat(i, a, true)),
        ("__format__", dt_format),
        ("isoformat", |i, a| dt_isoformat(i, a, false)),
        ("strftime", dt_strftime),
        ("replace", dt_replace),
        ("utcoffset", dt_utcoffset),
        ("tzname", dt_tzname),
        ("dst", |_, _| Ok(Value::None)),
        ("__eq__", |i, a| dt_compare(i, a, CmpKind::Eq)),
        ("__ne__", |i, a| dt_compare(i, a, CmpKind::Ne)),
        ("__lt__", |i, a| dt_compare(i, a, CmpKind::Lt)),
        ("__le__", |i, a| dt_compare(i, a, CmpKind::Le)),
        ("__gt__", |i, a| dt_compare(i, a, CmpKind::Gt)),
        ("__ge__", |i, a| dt_compare(i, a, CmpKind::Ge)),
        ("__hash__", dt_hash),
        ("__bool__", |_, _| Ok(Value::Bool(true))),
        ("__add__", |i, a| {
            no_op(i, "+", &recv(&a)?, a.pos.get(1), false)
        }),
        ("__radd__", |i, a| {
            no_op(i, "+", &recv(&a)?, a.pos.get(1), true)
        }),
        ("__sub__", |i, a| {
            no_op(i, "-", &recv(&a)?, a.pos.get(1), false)
        }),
        ("__rsub__", |i, a| {
            no_op(i, "-", &recv(&a)?, a.pos.get(1), true)
        }),
    ]);
    add_props(interp, &mut items, TIME_PROPS);
    add_classmethods(interp, &mut items, &[("fromisoformat", dt_fromisoformat)]);
    let time = new_class("time", "datetime", None, items);

    // tzinfo, timezone
    let tzinfo = new_class(
        "tzinfo",
        "datetime",
        None,
        methods(&[
            ("utcoffset", |_, _| {
                Err(Exc::of(
                    "NotImplementedError",
                    "a tzinfo subclass must implement utcoffset()",
                ))
            }),
            ("tzname", |_, _| {
                Err(Exc::of(
                    "NotImplementedError",
                    "a tzinfo subclass must implement tzname()",
                ))
            }),
            ("dst", |_, _| {
                Err(Exc::of(
                    "NotImplementedError",
                    "a tzinfo subclass must implement dst()",
                ))
            }),
            ("fromutc", tz_fromutc),
        ]),
    );
    let timezone = new_class(
        "timezone",
        "datetime",
        Some(tzinfo.clone()),
        methods(&[
            ("__init__", tz_init),
            ("utcoffset", |i, a| {
                let (off, _) = this_tz(&a)?;
                new_td(i, off)
            }),
            ("tzname", |_, a| {
                let (off, name) = this_tz(&a)?;
                Ok(Value::str(
                    name.map_or_else(|| tz_default_name(off), |n| n.to_string()),
                ))
            }),
            ("__str__", |_, a| {
                let (off, name) = this_tz(&a)?;
                Ok(Value::str(
                    name.map_or_else(|| tz_default_name(off), |n| n.to_string()),
                ))
            }),
            ("dst", |_, _| Ok(Value::None)),
            ("fromutc", tz_fromutc),
            ("__repr__", |_, a| {
                let (off, name) = this_tz(&a)?;
                Ok(Value::str(tz_repr_of(off, name.as_deref())))
            }),
            ("__eq__", |i, a| {
                let (off, _) = this_tz(&a)?;
                match a.pos.get(1).and_then(tz_of) {
                    Some((other, _)) => Ok(Value::Bool(off == other)),
                    None => Ok(not_implemented(i)),
                }
            }),
            ("__hash__", |_, a| {
                Ok(Value::Int(hash_i128(this_tz(&a)?.0.total_us())))
            }),
        ]),
    );

    let td_value = |td: Td| {
        let v = new_object(&timedelta);
        set_td(&v, td);
        v
    };
    let tz_value = |off: Td| {
        let v = new_object(&timezone);
        set_tz(&v, off, None);
        v
    };
    let utc = tz_value(Td::zero());
    let put = |c: &Rc<Class>, k: &str, v: Value| {
        c.dict.borrow_mut().insert(k.into(), v);
    };
    put(
        &timedelta,
        "min",
        td_value(Td {
            days: -MAX_DAYS,
            secs: 0,
            us: 0,
        }),
    );
    put(
        &timedelta,
        "max",
        td_value(Td {
            days: MAX_DAYS,
            secs: 86_399,
            us: 999_999,
        }),
    );
    put(
        &timedelta,
        "resolution",
        td_value(Td {
            days: 0,
            secs: 0,
            us: 1,
        }),
    );
    let max_time = Dt {
        y: 1900,
        m: 1,
        d: 1,
        hh: 23,
        mi: 59,
        ss: 59,
        us: 999_999,
        tz: Value::None,
        fold: 0,
    };
    put(&date, "min", new_dt(&date, &Dt::date(MINYEAR, 1, 1)));
    put(&date, "max", new_dt(&date, &Dt::date(MAXYEAR, 12, 31)));
    put(
        &date,
        "resolution",
        td_value(Td {
            days: 1,
            secs: 0,
            us: 0,
        }),
    );
    put(
        &datetime,
        "min",
        new_dt(&datetime, &Dt::date(MINYEAR, 1, 1)),
    );
    put(
        &datetime,
        "max",
        new_dt(
            &datetime,
            &Dt {
                y: MAXYEAR,
                m: 12,
                d: 31,
                ..max_time.clone()
            },
        ),
    );
    put(
        &datetime,
        "resolution",
        td_value(Td {
            days: 0,
            secs: 0,
            us: 1,
        }),
    );
    put(&time, "min", new_dt(&time, &Dt::date(1900, 1, 1)));
    put(&time, "max", new_dt(&time, &max_time));
    put(
        &time,
        "resolution",
        td_value(Td {
            days: 0,
            secs: 0,
            us: 1,
        }),
    );
    put(&timezone, "utc", utc.clone());
    let limit = Td::from_us(-(i128::from(US_PER_DAY) - 60_000_000)).unwrap_or(Td::zero());
    put(&timezone, "min", tz_value(limit));
    put(
        &timezone,
        "max",
        tz_value(Td {
            days: 0,
            secs: 86_340,
            us: 0,
        }),
    );
    Classes {
        timedelta,
        date,
        time,
        datetime,
        tzinfo,
        timezone,
        utc,
    }
}

const TIME_PROPS: &[(&str, BuiltinFn)] = &[
    ("hour", |i, a| Ok(Value::Int(this_dt(i, &a)?.1.hh))),
    ("minute", |i, a| Ok(Value::Int(this_dt(i, &a)?.1.mi))),
    ("second", |i, a| Ok(Value::Int(this_dt(i, &a)?.1.ss))),
    ("microsecond", |i, a| Ok(Value::Int(this_dt(i, &a)?.1.us))),
    ("tzinfo", |i, a| Ok(this_dt(i, &a)?.1.tz)),
    ("fold", |i, a| Ok(Value::Int(this_dt(i, &a)?.1.fold))),
];

/// A type's name as CPython's messages give it: `datetime.date` for the
/// module's own classes.
fn tp(v: &Value) -> String {
    match v {
        Value::Object(o) if &*o.class.module == "datetime" => format!("datetime.{}", o.class.name),
        other => other.type_name().to_string(),
    }
}

/// An operator that has no meaning between `this` and `other`: left to
/// `other` if it is an object of the program's (it may know the operator),
/// else refused with CPython's message.
fn no_op(
    interp: &Interp,
    sym: &str,
    this: &Value,
    other: Option<&Value>,
    reflected: bool,
) -> Result<Value, Exc> {
    let other = other.cloned().unwrap_or(Value::None);
    let ours = dt_of(&other).is_some() || td_of(&other).is_some() || tz_of(&other).is_some();
    if matches!(other, Value::Object(_)) && !ours {
        return Ok(not_implemented(interp));
    }
    let (l, r) = if reflected {
        (tp(&other), tp(this))
    } else {
        (tp(this), tp(&other))
    };
    Err(Exc::type_error(format!(
        "unsupported operand type(s) for {sym}: '{l}' and '{r}'"
    )))
}

fn hash_i128(v: i128) -> i64 {
    (v % i128::from(i64::MAX)) as i64
}

// ========================================================= slots, makers

fn set_td(v: &Value, td: Td) {
    set_slot(
        v,
        "__td__",
        Value::tuple(vec![
            Value::Int(td.days),
            Value::Int(td.secs),
            Value::Int(td.us),
        ]),
    );
}

fn ints(v: &Value, name: &str) -> Option<Vec<i64>> {
    match slot(v, name)? {
        Value::Tuple(ref t) => t.iter().map(|x| x.as_int()).collect(),
        _ => None,
    }
}

fn td_of(v: &Value) -> Option<Td> {
    let x = ints(v, "__td__")?;
    Some(Td {
        days: *x.first()?,
        secs: *x.get(1)?,
        us: *x.get(2)?,
    })
}

fn new_td(interp: &Interp, td: Td) -> Result<Value, Exc> {
    let c = classes(interp);
    let v = new_object(&c.timedelta);
    set_td(&v, td);
    Ok(v)
}

fn set_tz(v: &Value, off: Td, name: Option<Rc<str>>) {
    set_slot(
        v,
        "__tz__",
        Value::tuple(vec![
            Value::Int(off.days),
            Value::Int(off.secs),
            Value::Int(off.us),
            name.map_or(Value::None, Value::Str),
        ]),
    );
}

fn tz_of(v: &Value) -> Option<(Td, Option<Rc<str>>)> {
    let Some(Value::Tuple(ref t)) = slot(v, "__tz__") else {
        return None;
    };
    let off = Td {
        days: t.first()?.as_int()?,
        secs: t.get(1)?.as_int()?,
        us: t.get(2)?.as_int()?,
    };
    let name = match t.get(3) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    };
    Some((off, name))
}

fn new_tz(interp: &Interp, off: Td) -> Value {
    let c = classes(interp);
    if off == Td::zero() {
        return c.utc.clone();
    }
    let v = new_object(&c.timezone);
    set_tz(&v, off, None);
    v
}

fn set_dt(v: &Value, dt: &Dt) {
    set_slot(
        v,
        "__dt__",
        Value::tuple(vec![
            Value::Int(dt.y),
            Value::Int(dt.m),
            Value::Int(dt.d),
            Value::Int(dt.hh),
            Value::Int(dt.mi),
            Value::Int(dt.ss),
            Value::Int(dt.us),
            dt.tz.clone(),
            Value::Int(dt.fold),
        ]),
    );
}

fn dt_of(v: &Value) -> Option<Dt> {
    let Some(Value::Tuple(ref t)) = slot(v, "__dt__") else {
        return None;
    };
    let n = |i: usize| t.get(i).and_then(Value::as_int);
    Some(Dt {
        y: n(0)?,
        m: n(1)?,
        d: n(2)?,
        hh: n(3)?,
        mi: n(4)?,
        ss: n(5)?,
        us: n(6)?,
        tz: t.get(7)?.clone(),
        fold: n(8)?,
    })
}

fn new_dt(class: &Rc<Class>, dt: &Dt) -> Value {
    let v = new_object(class);
    set_dt(&v, dt);
    v
}

/// An instance of `cls` (a class method's receiver), a subclass of
/// `date`, `time` or `datetime`.
fn new_dt_of_class(interp: &Interp, cls: &Value, dt: &Dt) -> Result<Value, Exc> {
    let c = classes(interp);
    let class = match cls {
        Value::Class(k) => k.clone(),
        _ => c.datetime.clone(),
    };
    let mut dt = dt.clone();
    match class_kind(&c, &class) {
        Some(Kind::Date) => {
            dt = Dt::date(dt.y, dt.m, dt.d);
        }
        Some(Kind::Time) => {
            dt.y = 1900;
            dt.m = 1;
            dt.d = 1;
        }
        _ => {}
    }
    Ok(new_dt(&class, &dt))
}

fn class_kind(c: &Classes, class: &Rc<Class>) -> Option<Kind> {
    if class.is_subclass(&c.datetime) {
        Some(Kind::DateTime)
    } else if class.is_subclass(&c.date) {
        Some(Kind::Date)
    } else if class.is_subclass(&c.time) {
        Some(Kind::Time)
    } else {
        None
    }
}

fn kind_of(c: &Classes, v: &Value) -> Option<Kind> {
    match v {
        Value::Object(o) => class_kind(c, &o.class),
        _ => None,
    }
}

fn descriptor_error(what: &str, v: &Value) -> Exc {
    Exc::type_error(format!(
        "descriptor requires a 'datetime.{what}' object but received a '{}'",
        v.type_name()
    ))
}

/// The receiver of a `date` / `time` / `datetime` method.
fn this_dt(interp: &Interp, a: &Args) -> Result<(Value, Dt, Kind), Exc> {
    let this = recv(a)?;
    let c = classes(interp);
    match (kind_of(&c, &this), dt_of(&this)) {
        (Some(k), Some(dt)) => Ok((this, dt, k)),
        _ => Err(descriptor_error("date", &this)),
    }
}

fn this_td(a: &Args) -> Result<Td, Exc> {
    let this = recv(a)?;
    td_of(&this).ok_or_else(|| descriptor_error("timedelta", &this))
}

fn this_tz(a: &Args) -> Result<(Td, Option<Rc<str>>), Exc> {
    let this = recv(a)?;
    tz_of(&this).ok_or_else(|| descriptor_error("timezone", &this))
}

/// The name `repr` starts with: `datetime.date`, or a subclass's own name.
fn qualname(v: &Value) -> String {
    match v {
        Value::Object(o) if &*o.class.module == "datetime" => {
            format!("datetime.{}", o.class.qualname)
        }
        Value::Object(o) => o.class.qualname.to_string(),
        other => other.type_name().to_string(),
    }
}

// ============================================================== checking

fn check_date(y: i64, m: i64, d: i64) -> Result<(), Exc> {
    if !(MINYEAR..=MAXYEAR).contains(&y) {
        return Err(Exc::value_error(format!("year {y} is out of range")));
    }
    if !(1..=12).contains(&m) {
        return Err(Exc::value_error("month must be in 1..12"));
    }
    if d < 1 || d > days_in_month(y, m) {
        return Err(Exc::value_error("day is out of range for month"));
    }
    Ok(())
}

fn check_time(dt: &Dt) -> Result<(), Exc> {
    for (v, what, hi) in [
        (dt.hh, "hour", 23),
        (dt.mi, "minute", 59),
        (dt.ss, "second", 59),
        (dt.us, "microsecond", 999_999),
    ] {
        if !(0..=hi).contains(&v) {
            return Err(Exc::value_error(format!("{what} must be in 0..{hi}")));
        }
    }
    if !(0..=1).contains(&dt.fold) {
        return Err(Exc::value_error("fold must be either 0 or 1"));
    }
    Ok(())
}

fn check_tzinfo(c: &Classes, tz: &Value) -> Result<(), Exc> {
    match tz {
        Value::None => Ok(()),
        Value::Object(o) if o.class.is_subclass(&c.tzinfo) => Ok(()),
        other => Err(Exc::type_error(format!(
            "tzinfo argument must be None or of a tzinfo subclass, not type '{}'",
            other.type_name()
        ))),
    }
}

// ============================================================== offsets

/// The offset of `tz` for `arg` (a `datetime`, or `None` for a `time`).
fn utcoffset(interp: &Interp, tz: &Value, arg: &Value) -> Result<Option<Td>, Exc> {
    if matches!(tz, Value::None) {
        return Ok(None);
    }
    if let Some((off, _)) = tz_of(tz) {
        return Ok(Some(off));
    }
    let m = interp.getattr(tz, "utcoffset")?;
    let r = interp.call(&m, Args::new(vec![arg.clone()]))?;
    match r {
        Value::None => Ok(None),
        other => match td_of(&other) {
            Some(td) if td.total_us().abs() < i128::from(US_PER_DAY) => Ok(Some(td)),
            Some(td) => Err(Exc::value_error(format!(
                "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta({}).",
                td.repr_args()
            ))),
            None => Err(Exc::type_error(format!(
                "tzinfo.utcoffset() must return None or timedelta, not '{}'",
                other.type_name()
            ))),
        },
    }
}

fn tzname(interp: &Interp, tz: &Value, arg: &Value) -> Result<Option<String>, Exc> {
    if matches!(tz, Value::None) {
        return Ok(None);
    }
    if let Some((off, name)) = tz_of(tz) {
        return Ok(Some(
            name.map_or_else(|| tz_default_name(off), |n| n.to_string()),
        ));
    }
    let m = interp.getattr(tz, "tzname")?;
    match interp.call(&m, Args::new(vec![arg.clone()]))? {
        Value::None => Ok(None),
        Value::Str(ref s) => Ok(Some(s.to_string())),
        other => Err(Exc::type_error(format!(
            "tzinfo.tzname() must return None or a string, not '{}'",
            other.type_name()
        ))),
    }
}

/// `+HH:MM` (with `:SS` and `.ffffff` when needed); `sep` between parts.
fn fmt_offset(off: Td, sep: &str) -> String {
    let total = off.total_us();
    let sign = if total < 0 { '-' } else { '+' };
    let t = total.abs();
    let us = t % 1_000_000;
    let secs = t / 1_000_000;
    let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut s = format!("{sign}{hh:02}{sep}{mm:02}");
    if ss != 0 || us != 0 {
        s.push_str(&format!("{sep}{ss:02}"));
        if us != 0 {
            s.push_str(&format!(".{us:06}"));
        }
    }
    s
}

fn tz_default_name(off: Td) -> String {
    if off == Td::zero() {
        "UTC".into()
    } else {
        format!("UTC{}", fmt_offset(off, ":"))
    }
}

fn tz_repr_of(off: Td, name: Option<&str>) -> String {
    if off == Td::zero() && name.is_none() {
        return "datetime.timezone.utc".into();
    }
    let mut s = format!("datetime.timezone(datetime.timedelta({})", off.repr_args());
    if let Some(n) = name {
        s.push_str(&format!(", {}", crate::format::str_repr(n)));
    }
    s.push(')');
    s
}

fn tz_init(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = super::split_first(a);
    let p = cargs("timezone()", &["offset", "name"], 1, a)?;
    let offset = p[0].clone().unwrap_or(Value::None);
    let off = td_of(&offset).ok_or_else(|| {
        Exc::type_error(format!(
            "timezone() argument 1 must be datetime.timedelta, not {}",
            offset.type_name()
        ))
    })?;
    let name = match &p[1] {
        None => None,
        Some(Value::Str(s)) => Some(s.clone()),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "timezone() argument 2 must be str, not {}",
                other.type_name()
            )))
        }
    };
    if off.total_us().abs() >= i128::from(US_PER_DAY) {
        return Err(Exc::value_error(format!(
            "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta({}).",
            off.repr_args()
        )));
    }
    let _ = interp;
    set_tz(&this, off, name);
    Ok(Value::None)
}

/// `tz.fromutc(dt)`: the UTC time `dt` seen in `tz`.
fn tz_fromutc(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let tz = recv(&a)?;
    let dtv = a.pos.get(1).cloned().unwrap_or(Value::None);
    let c = classes(interp);
    let dt = match (kind_of(&c, &dtv), dt_of(&dtv)) {
        (Some(Kind::DateTime), Some(dt)) => dt,
        _ => {
            return Err(Exc::type_error(
                "fromutc() argument must be a datetime instance or subclass",
            ))
        }
    };
    if !dt.tz.is(&tz) {
        return Err(Exc::value_error("fromutc: dt.tzinfo is not self"));
    }
    let off = utcoffset(interp, &tz, &dtv)?
        .ok_or_else(|| Exc::value_error("fromutc: non-None utcoffset() result required"))?;
    let moved = dt.at_us(i128::from(dt.local_us()) + off.total_us())?;
    Ok(new_dt(&obj_class(&dtv, &c.datetime), &moved))
}

fn obj_class(v: &Value, default: &Rc<Class>) -> Rc<Class> {
    match v {
        Value::Object(o) => o.class.clone(),
        _ => default.clone(),
    }
}

// ============================================================= timedelta

fn td_init(interp: &Interp, a: Args) -> Result<Value, Exc> {
    const NAMES: [&str; 7] = [
        "days",
        "seconds",
        "microseconds",
        "milliseconds",
        "minutes",
        "hours",
        "weeks",
    ];
    const UNITS: [i64; 7] = [
        US_PER_DAY,
        US_PER_SEC,
        1,
        1000,
        60 * US_PER_SEC,
        3600 * US_PER_SEC,
        7 * US_PER_DAY,
    ];
    let (this, a) = super::split_first(a);
    let p = cargs("__new__()", &NAMES, 0, a)?;
    let mut exact: i128 = 0;
    let mut frac = 0.0f64;
    for ((v, name), unit) in p.iter().zip(NAMES).zip(UNITS) {
        match v {
            None => {}
            Some(Value::Int(i)) => exact += i128::from(*i) * i128::from(unit),
            Some(Value::Bool(b)) => exact += i128::from(*b) * i128::from(unit),
            Some(Value::Float(f)) => {
                if f.is_nan() {
                    return Err(Exc::value_error("cannot convert float NaN to integer"));
                }
                let t = f.trunc();
                if t.abs() > 1e20 {
                    return Err(overflow("cannot convert float infinity to integer"));
                }
                exact += (t as i128) * i128::from(unit);
                frac += (f - t) * unit as f64;
            }
            Some(Value::Big(_)) => {
                return Err(overflow("Python int too large to convert to C int"));
            }
            Some(other) => {
                return Err(Exc::type_error(format!(
                    "unsupported type for timedelta {name} component: {}",
                    other.type_name()
                )))
            }
        }
    }
    // Rounded half to even as a whole, as CPython rounds.
    let whole = frac.floor();
    let rest = frac - whole;
    let mut total = exact + whole as i128;
    if rest > 0.5 || (rest == 0.5 && total % 2 != 0) {
        total += 1;
    }
    let _ = interp;
    set_td(&this, Td::from_us(total)?);
    Ok(Value::None)
}

fn td_repr(_: &Interp, a: Args) -> Result<Value, Exc> {
    let td = this_td(&a)?;
    let this = recv(&a)?;
    Ok(Value::str(format!(
        "{}({})",
        qualname(&this),
        td.repr_args()
    )))
}

fn td_addsub(interp: &Interp, a: Args, sub: bool) -> Result<Value, Exc> {
    let x = this_td(&a)?;
    match a.pos.get(1).and_then(td_of) {
        Some(y) => {
            let t = if sub {
                x.total_us() - y.total_us()
            } else {
                x.total_us() + y.total_us()
            };
            new_td(interp, Td::from_us(t)?)
        }
        None => match a.pos.get(1) {
            // `timedelta + date` is the date's to do.
            Some(v) if dt_of(v).is_some() && !sub => Ok(not_implemented(interp)),
            other => no_op(
                interp,
                if sub { "-" } else { "+" },
                &recv(&a)?,
                other,
                false,
            ),
        },
    }
}

fn td_mul(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let x = this_td(&a)?.total_us();
    match a.pos.get(1) {
        Some(Value::Int(n)) => new_td(interp, Td::from_us(x * i128::from(*n))?),
        Some(Value::Bool(b)) => new_td(interp, Td::from_us(x * i128::from(*b))?),
        Some(Value::Float(f)) => {
            if !f.is_finite() {
                return Err(Exc::value_error("cannot convert float NaN to integer"));
            }
            new_td(interp, Td::from_us(round_half_even(x as f64 * f) as i128)?)
        }
        _ => Ok(not_implemented(interp)),
    }
}

fn td_truediv(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let x = this_td(&a)?.total_us();
    let other = a.pos.get(1).cloned().unwrap_or(Value::None);
    if let Some(y) = td_of(&other) {
        let y = y.total_us();
        if y == 0 {
            return Err(zero_division("division by zero"));
        }
        return Ok(Value::Float(x as f64 / y as f64));
    }
    match other {
        Value::Int(0) | Value::Bool(false) => {
            Err(zero_division("integer division or modulo by zero"))
        }
        Value::Int(n) => new_td(interp, Td::from_us(div_round(x, i128::from(n)))?),
        Value::Bool(true) => new_td(interp, Td::from_us(x)?),
        Value::Float(0.0) => Err(zero_division("division by zero")),
        Value::Float(f) => new_td(interp, Td::from_us(round_half_even(x as f64 / f) as i128)?),
        _ => Ok(not_implemented(interp)),
    }
}

fn td_floordiv(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let x = this_td(&a)?.total_us();
    let other = a.pos.get(1).cloned().unwrap_or(Value::None);
    if let Some(y) = td_of(&other) {
        let y = y.total_us();
        if y == 0 {
            return Err(zero_division("integer division or modulo by zero"));
        }
        return Ok(Value::Int(floor_div(x, y) as i64));
    }
    match other.as_int() {
        Some(0) => Err(zero_division("integer division or modulo by zero")),
        Some(n) if !matches!(other, Value::Float(_)) => {
            new_td(interp, Td::from_us(floor_div(x, i128::from(n)))?)
        }
        _ => Ok(not_implemented(interp)),
    }
}

/// `%` (`what == 1`) or `divmod` (`what == 2`) by a timedelta.
fn td_divmod(interp: &Interp, a: Args, what: u8) -> Result<Value, Exc> {
    let x = this_td(&a)?.total_us();
    let Some(y) = a.pos.get(1).and_then(td_of) else {
        return Ok(not_implemented(interp));
    };
    let y = y.total_us();
    if y == 0 {
        return Err(zero_division("integer division or modulo by zero"));
    }
    let q = floor_div(x, y);
    let r = new_td(interp, Td::from_us(x - q * y)?)?;
    if what == 1 {
        Ok(r)
    } else {
        Ok(Value::tuple(vec![Value::Int(q as i64), r]))
    }
}

fn td_cmp(interp: &Interp, a: Args, f: fn(Ordering) -> bool) -> Result<Value, Exc> {
    let x = this_td(&a)?;
    match a.pos.get(1).and_then(td_of) {
        Some(y) => Ok(Value::Bool(f(x.cmp(&y)))),
        None => Ok(not_implemented(interp)),
    }
}

// ======================================================= date, time, datetime

fn dt_init(interp: &Interp, a: Args, kind: Kind) -> Result<Value, Exc> {
    let c = classes(interp);
    let (this, mut a) = super::split_first(a);
    let fold = if kind == Kind::Date {
        None
    } else {
        a.take_kw("fold")
    };
    let (names, required): (&[&str], usize) = match kind {
        Kind::Date => (&["year", "month", "day"], 3),
        Kind::Time => (&["hour", "minute", "second", "microsecond", "tzinfo"], 0),
        Kind::DateTime => (
            &[
                "year",
                "month",
                "day",
                "hour",
                "minute",
                "second",
                "microsecond",
                "tzinfo",
            ],
            3,
        ),
    };
    let p = cargs("function", names, required, a)?;
    let num = |i: usize| match &p[i] {
        Some(v) => int_arg(v),
        None => Ok(0),
    };
    let mut dt = Dt::date(1900, 1, 1);
    let time_at = match kind {
        Kind::Date | Kind::DateTime => {
            dt.y = num(0)?;
            dt.m = num(1)?;
            dt.d = num(2)?;
            check_date(dt.y, dt.m, dt.d)?;
            3
        }
        Kind::Time => 0,
    };
    if kind != Kind::Date {
        dt.hh = num(time_at)?;
        dt.mi = num(time_at + 1)?;
        dt.ss = num(time_at + 2)?;
        dt.us = num(time_at + 3)?;
        dt.fold = match &fold {
            Some(v) => int_arg(v)?,
            None => 0,
        };
        check_time(&dt)?;
        dt.tz = p[time_at + 4].clone().unwrap_or(Value::None);
        check_tzinfo(&c, &dt.tz)?;
    }
    set_dt(&this, &dt);
    Ok(Value::None)
}

fn tz_repr(interp: &Interp, tz: &Value) -> Result<String, Exc> {
    match tz_of(tz) {
        Some((off, name)) => Ok(tz_repr_of(off, name.as_deref())),
        None => interp.repr(tz),
    }
}

fn dt_repr(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, dt, kind) = this_dt(interp, &a)?;
    let mut parts: Vec<i64> = match kind {
        Kind::Date => vec![dt.y, dt.m, dt.d],
        Kind::Time => vec![dt.hh, dt.mi, dt.ss, dt.us],
        Kind::DateTime => vec![dt.y, dt.m, dt.d, dt.hh, dt.mi, dt.ss, dt.us],
    };
    if kind != Kind::Date {
        for _ in 0..2 {
            if parts.last() == Some(&0) {
                parts.pop();
            }
        }
    }
    let nums: Vec<String> = parts.iter().map(i64::to_string).collect();
    let mut s = format!("{}({}", qualname(&this), nums.join(", "));
    if !matches!(dt.tz, Value::None) {
        s.push_str(&format!(", tzinfo={}", tz_repr(interp, &dt.tz)?));
    }
    if dt.fold != 0 {
        s.push_str(", fold=1");
    }
    s.push(')');
    Ok(Value::str(s))
}

fn iso_time(dt: &Dt, spec: &str) -> Result<String, Exc> {
    let spec = if spec == "auto" {
        if dt.us != 0 {
            "microseconds"
        } else {
            "seconds"
        }
    } else {
        spec
    };
    Ok(match spec {
        "hours" => format!("{:02}", dt.hh),
        "minutes" => format!("{:02}:{:02}", dt.hh, dt.mi),
        "seconds" => format!("{:02}:{:02}:{:02}", dt.hh, dt.mi, dt.ss),
        "milliseconds" => format!("{:02}:{:02}:{:02}.{:03}", dt.hh, dt.mi, dt.ss, dt.us / 1000),
        "microseconds" => format!("{:02}:{:02}:{:02}.{:06}", dt.hh, dt.mi, dt.ss, dt.us),
        _ => return Err(Exc::value_error("Unknown timespec value")),
    })
}

/// `isoformat()`, or `str()` (`as_str`: a space between date and time).
fn dt_isoformat(interp: &Interp, a: Args, as_str: bool) -> Result<Value, Exc> {
    let (this, dt, kind) = this_dt(interp, &a)?;
    let (_, rest) = super::split_first(a);
    let date = format!("{:04}-{:02}-{:02}", dt.y, dt.m, dt.d);
    if kind == Kind::Date {
        let given = rest.pos.len() + rest.kw.len();
        if !as_str && given > 0 {
            return Err(Exc::type_error(format!(
                "date.isoformat() takes no arguments ({given} given)"
            )));
        }
        return Ok(Value::str(date));
    }
    let (sep, spec) = if as_str {
        (" ".to_string(), "auto".to_string())
    } else if kind == Kind::DateTime {
        let p = cargs("isoformat()", &["sep", "timespec"], 0, rest)?;
        let sep = match &p[0] {
            None => "T".to_string(),
            Some(Value::Str(s)) if s.chars().count() == 1 => s.to_string(),
            Some(Value::Str(s)) => {
                return Err(Exc::type_error(format!(
                    "isoformat() argument 1 must be a unicode character, not a string of length {}",
                    s.chars().count()
                )))
            }
            Some(other) => {
                return Err(Exc::type_error(format!(
                    "isoformat() argument 1 must be a unicode character, not {}",
                    other.type_name()
                )))
            }
        };
        (
            sep,
            str_arg(&p[1], "isoformat", 2)?.unwrap_or("auto".into()),
        )
    } else {
        let p = cargs("isoformat()", &["timespec"], 0, rest)?;
        (
            String::new(),
            str_arg(&p[0], "isoformat", 1)?.unwrap_or("auto".into()),
        )
    };
    let mut s = iso_time(&dt, &spec)?;
    let arg = if kind == Kind::Time {
        Value::None
    } else {
        this
    };
    if let Some(off) = utcoffset(interp, &dt.tz, &arg)? {
        s.push_str(&fmt_offset(off, ":"));
    }
    Ok(Value::str(if kind == Kind::Time {
        s
    } else {
        format!("{date}{sep}{s}")
    }))
}

fn str_arg(v: &Option<Value>, fname: &str, pos: usize) -> Result<Option<String>, Exc> {
    match v {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.to_string())),
        Some(other) => Err(Exc::type_error(format!(
            "{fname}() argument {pos} must be str, not {}",
            other.type_name()
        ))),
    }
}

fn dt_strftime(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, dt, kind) = this_dt(interp, &a)?;
    let (_, rest) = super::split_first(a);
    let p = cargs("strftime()", &["format"], 1, rest)?;
    let fmt = str_arg(&p[0], "strftime", 1)?.unwrap_or_default();
    Ok(Value::str(strftime(interp, &this, &dt, kind, &fmt)?))
}

fn dt_format(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, dt, kind) = this_dt(interp, &a)?;
    match a.pos.get(1) {
        Some(Value::Str(s)) if !s.is_empty() => {
            Ok(Value::str(strftime(interp, &this, &dt, kind, s)?))
        }
        Some(Value::Str(_)) | None => Ok(Value::str(interp.str(&this)?)),
        Some(other) => Err(Exc::type_error(format!(
            "__format__() argument 1 must be str, not {}",
            other.type_name()
        ))),
    }
}

fn dt_replace(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, dt, kind) = this_dt(interp, &a)?;
    let (_, mut rest) = super::split_first(a);
    let c = classes(interp);
    let names: &[&str] = match kind {
        Kind::Date => &["year", "month", "day"],
        Kind::Time => &["hour", "minute", "second", "microsecond", "tzinfo", "fold"],
        Kind::DateTime => &[
            "year",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "microsecond",
            "tzinfo",
            "fold",
        ],
    };
    if let Some((k, _)) = rest.kw.iter().find(|(k, _)| !names.contains(&&**k)) {
        return Err(Exc::type_error(format!(
            "'{k}' is an invalid keyword argument for replace()"
        )));
    }
    let fold = rest.take_kw("fold");
    let p = cargs("replace()", names, 0, rest)?;
    let mut out = dt.clone();
    for (name, v) in names.iter().zip(&p) {
        let Some(v) = v else { continue };
        match *name {
            "tzinfo" => {
                check_tzinfo(&c, v)?;
                out.tz = v.clone();
            }
            "year" => out.y = int_arg(v)?,
            "month" => out.m = int_arg(v)?,
            "day" => out.d = int_arg(v)?,
            "hour" => out.hh = int_arg(v)?,
            "minute" => out.mi = int_arg(v)?,
            "second" => out.ss = int_arg(v)?,
            "microsecond" => out.us = int_arg(v)?,
            _ => {}
        }
    }
    if let Some(f) = fold {
        out.fold = int_arg(&f)?;
    }
    if kind != Kind::Time {
        check_date(out.y, out.m, out.d)?;
    }
    check_time(&out)?;
    Ok(new_dt(&obj_class(&this, &c.date), &out))
}

#[derive(Clone, Copy)]
enum CmpKind {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

fn dt_compare(interp: &Interp, a: Args, op: CmpKind) -> Result<Value, Exc> {
    let c = classes(interp);
    let (this, x, kx) = this_dt(interp, &a)?;
    let other = a.pos.get(1).cloned().unwrap_or(Value::None);
    let eq_op = matches!(op, CmpKind::Eq | CmpKind::Ne);
    let (Some(ky), Some(y)) = (kind_of(&c, &other), dt_of(&other)) else {
        return Ok(not_implemented(interp));
    };
    let ord = if kx != ky {
        if kx == Kind::Time || ky == Kind::Time {
            return Ok(not_implemented(interp));
        }
        // A date and a datetime are never equal, nor ordered.
        if eq_op {
            None
        } else {
            return Err(Exc::type_error(
                "can't compare datetime.datetime to datetime.date",
            ));
        }
    } else if kx == Kind::Date || x.tz.is(&y.tz) {
        Some(x.local_us().cmp(&y.local_us()))
    } else {
        let (ax, ay) = if kx == Kind::Time {
            (Value::None, Value::None)
        } else {
            (this.clone(), other.clone())
        };
        match (
            utcoffset(interp, &x.tz, &ax)?,
            utcoffset(interp, &y.tz, &ay)?,
        ) {
            (None, None) => Some(x.local_us().cmp(&y.local_us())),
            (Some(ox), Some(oy)) => Some(
                (i128::from(x.local_us()) - ox.total_us())
                    .cmp(&(i128::from(y.local_us()) - oy.total_us())),
            ),
            _ if eq_op => None,
            _ => {
                return Err(Exc::type_error(format!(
                    "can't compare offset-naive and offset-aware {}s",
                    kx.name()
                )))
            }
        }
    };
    Ok(Value::Bool(match (op, ord) {
        (CmpKind::Eq, o) => o == Some(Ordering::Equal),
        (CmpKind::Ne, o) => o != Some(Ordering::Equal),
        (CmpKind::Lt, Some(o)) => o == Ordering::Less,
        (CmpKind::Le, Some(o)) => o != Ordering::Greater,
        (CmpKind::Gt, Some(o)) => o == Ordering::Greater,
        (CmpKind::Ge, Some(o)) => o != Ordering::Less,
        (_, None) => false,
    }))
}

fn dt_hash(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, dt, kind) = this_dt(interp, &a)?;
    let arg = if kind == Kind::Time {
        Value::None
    } else {
        this
    };
    let off = match kind {
        Kind::Date => 0,
        _ => utcoffset(interp, &dt.tz, &arg)?.map_or(0, Td::total_us),
    };
    Ok(Value::Int(hash_i128(i128::from(dt.local_us()) - off)))
}

fn dt_add(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, dt, kind) = this_dt(interp, &a)?;
    let Some(td) = a.pos.get(1).and_then(td_of) else {
        return no_op(interp, "+", &this, a.pos.get(1), false);
    };
    shift(interp, &this, &dt, kind, td.total_us())
}

/// `dt` moved by `us` microseconds (whole days only for a `date`).
fn shift(interp: &Interp, this: &Value, dt: &Dt, kind: Kind, us: i128) -> Result<Value, Exc> {
    let c = classes(interp);
    let class = obj_class(this, &c.date);
    match kind {
        Kind::Date => {
            let days = floor_div(us, i128::from(US_PER_DAY));
            let n = i128::from(ymd_to_ord(dt.y, dt.m, dt.d)) + days;
            if n < 1 || n > i128::from(max_ord()) {
                return Err(overflow("date value out of range"));
            }
            let (y, m, d) = ord_to_ymd(n as i64);
            Ok(new_dt(&class, &Dt::date(y, m, d)))
        }
        Kind::DateTime => Ok(new_dt(&class, &dt.at_us(i128::from(dt.local_us()) + us)?)),
        Kind::Time => Ok(not_implemented(interp)),
    }
}

fn dt_sub(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let c = classes(interp);
    let (this, x, kx) = this_dt(interp, &a)?;
    let other = a.pos.get(1).cloned().unwrap_or(Value::None);
    if let Some(td) = td_of(&other) {
        return shift(interp, &this, &x, kx, -td.total_us());
    }
    let (Some(ky), Some(y)) = (kind_of(&c, &other), dt_of(&other)) else {
        return no_op(interp, "-", &this, Some(&other), false);
    };
    if kx != ky || kx == Kind::Time {
        return no_op(interp, "-", &this, Some(&other), false);
    }
    if kx == Kind::Date {
        let days = ymd_to_ord(x.y, x.m, x.d) - ymd_to_ord(y.y, y.m, y.d);
        return new_td(
            interp,
            Td::from_us(i128::from(days) * i128::from(US_PER_DAY))?,
        );
    }
    let (ox, oy) = if x.tz.is(&y.tz) {
        (None, None)
    } else {
        (
            utcoffset(interp, &x.tz, &this)?,
            utcoffset(interp, &y.tz, &other)?,
        )
    };
    let diff = match (ox, oy) {
        (None, None) => i128::from(x.local_us()) - i128::from(y.local_us()),
        (Some(ox), Some(oy)) => {
            (i128::from(x.local_us()) - ox.total_us()) - (i128::from(y.local_us()) - oy.total_us())
        }
        _ => {
            return Err(Exc::type_error(
                "can't subtract offset-naive and offset-aware datetimes",
            ))
        }
    };
    new_td(interp, Td::from_us(diff)?)
}

fn time_part(dt: &Dt, with_tz: bool) -> Dt {
    Dt {
        y: 1900,
        m: 1,
        d: 1,
        tz: if with_tz { dt.tz.clone() } else { Value::None },
        ..dt.clone()
    }
}

fn dt_utcoffset(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, dt, kind) = this_dt(interp, &a)?;
    let arg = if kind == Kind::Time {
        Value::None
    } else {
        this
    };
    match utcoffset(interp, &dt.tz, &arg)? {
        Some(off) => new_td(interp, off),
        None => Ok(Value::None),
    }
}

fn dt_tzname(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, dt, kind) = this_dt(interp, &a)?;
    let arg = if kind == Kind::Time {
        Value::None
    } else {
        this
    };
    Ok(tzname(interp, &dt.tz, &arg)?.map_or(Value::None, Value::str))
}

fn dt_astimezone(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let c = classes(interp);
    let (this, dt, _) = this_dt(interp, &a)?;
    let (_, rest) = super::split_first(a);
    let p = cargs("astimezone()", &["tz"], 0, rest)?;
    let tz = match &p[0] {
        None | Some(Value::None) => {
            // The machine's zone is UTC.
            let v = new_object(&c.timezone);
            set_tz(&v, Td::zero(), Some("UTC".into()));
            v
        }
        Some(tz) => {
            match tz {
                Value::Object(o) if o.class.is_subclass(&c.tzinfo) => {}
                other => {
                    return Err(Exc::type_error(format!(
                        "tzinfo argument must be None or of a tzinfo subclass, not type '{}'",
                        other.type_name()
                    )))
                }
            }
            tz.clone()
        }
    };
    if dt.tz.is(&tz) {
        return Ok(this);
    }
    let off = utcoffset(interp, &dt.tz, &this)?.map_or(0, Td::total_us);
    let utc = Dt {
        tz: tz.clone(),
        ..dt.at_us(i128::from(dt.local_us()) - off)?
    };
    let class = obj_class(&this, &c.datetime);
    let utc_value = new_dt(&class, &utc);
    if tz_of(&tz).is_some() {
        let o = utcoffset(interp, &tz, &utc_value)?.map_or(0, Td::total_us);
        return Ok(new_dt(&class, &utc.at_us(i128::from(utc.local_us()) + o)?));
    }
    let m = interp.getattr(&tz, "fromutc")?;
    interp.call(&m, Args::new(vec![utc_value]))
}

fn now_ts(interp: &Interp) -> f64 {
    1_700_000_000.0 + super::now_secs(interp)
}

/// `fromtimestamp(ts, tz)` for a class `cls` (`date` or `datetime`).
fn from_timestamp(interp: &Interp, cls: &Value, ts: &Value, tz: Value) -> Result<Value, Exc> {
    let c = classes(interp);
    check_tzinfo(&c, &tz)?;
    let us: i128 = match ts {
        Value::Int(i) => i128::from(*i) * 1_000_000,
        Value::Bool(b) => i128::from(*b) * 1_000_000,
        Value::Float(f) => {
            if f.is_nan() {
                return Err(Exc::value_error("Invalid value NaN (not a number)"));
            }
            if f.abs() > 1e14 {
                return Err(overflow("timestamp out of range for platform time_t"));
            }
            let secs = f.floor();
            let mut us = round_half_even((f - secs) * 1e6) as i128;
            let mut secs = secs as i128;
            if us >= 1_000_000 {
                secs += 1;
                us -= 1_000_000;
            }
            secs * 1_000_000 + us
        }
        other => {
            return Err(Exc::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                other.type_name()
            )))
        }
    };
    let local = us + i128::from((EPOCH_ORD - 1) * US_PER_DAY);
    let base = Dt::date(1970, 1, 1);
    let dt = base.at_us(local).map_err(|_| {
        Exc::value_error(format!(
            "year {} is out of range",
            1970 + floor_div(us, 31_556_952_000_000)
        ))
    })?;
    if matches!(tz, Value::None) {
        return new_dt_of_class(interp, cls, &dt);
    }
    let utc = Dt {
        tz: tz.clone(),
        ..dt
    };
    let class = match cls {
        Value::Class(k) => k.clone(),
        _ => c.datetime.clone(),
    };
    let utc_value = new_dt(&class, &utc);
    if tz_of(&tz).is_some() {
        let o = utcoffset(interp, &tz, &utc_value)?.map_or(0, Td::total_us);
        return Ok(new_dt(&class, &utc.at_us(i128::from(utc.local_us()) + o)?));
    }
    let m = interp.getattr(&tz, "fromutc")?;
    interp.call(&m, Args::new(vec![utc_value]))
}

// ============================================================== strftime

fn num(out: &mut String, v: i64, width: usize, pad: char, flag: Option<char>) {
    match flag {
        Some('-') => out.push_str(&v.to_string()),
        Some('_') => out.push_str(&format!("{v:>width$}")),
        Some('0') => out.push_str(&format!("{v:0width$}")),
        _ if pad == ' ' => out.push_str(&format!("{v:>width$}")),
        _ => out.push_str(&format!("{v:0width$}")),
    }
}

/// Formats `dt` as C's `strftime` does in the C locale (glibc), with
/// CPython's own `%f`, `%z` and `%Z`.
fn strftime(interp: &Interp, this: &Value, dt: &Dt, kind: Kind, fmt: &str) -> Result<String, Exc> {
    let (off, name) = if kind == Kind::Date || !(fmt.contains("%z") || fmt.contains("%Z")) {
        (None, None)
    } else {
        let arg = if kind == Kind::Time {
            Value::None
        } else {
            this.clone()
        };
        (
            utcoffset(interp, &dt.tz, &arg)?,
            tzname(interp, &dt.tz, &arg)?,
        )
    };
    let mut out = String::new();
    format_into(&mut out, dt, fmt, off, name.as_deref());
    Ok(out)
}

fn format_into(out: &mut String, dt: &Dt, fmt: &str, off: Option<Td>, name: Option<&str>) {
    let wd = weekday(dt.y, dt.m, dt.d);
    let yday = days_before_month(dt.y, dt.m) + dt.d;
    let h12 = if dt.hh % 12 == 0 { 12 } else { dt.hh % 12 };
    let mut chars = fmt.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        let flag = match chars.peek() {
            Some(&f @ ('-' | '_' | '0')) => {
                chars.next();
                Some(f)
            }
            _ => None,
        };
        let Some(d) = chars.next() else {
            out.push('%');
            if let Some(f) = flag {
                out.push(f);
            }
            break;
        };
        match d {
            'a' => out.push_str(&DAYS[wd as usize][..3]),
            'A' => out.push_str(DAYS[wd as usize]),
            'b' | 'h' => out.push_str(&MONTHS[(dt.m - 1) as usize][..3]),
            'B' => out.push_str(MONTHS[(dt.m - 1) as usize]),
            'w' => num(out, (wd + 1) % 7, 1, '0', flag),
            'u' => num(out, wd + 1, 1, '0', flag),
            'd' => num(out, dt.d, 2, '0', flag),
            'e' => num(out, dt.d, 2, ' ', flag),
            'm' => num(out, dt.m, 2, '0', flag),
            'y' => num(out, dt.y % 100, 2, '0', flag),
            'Y' => num(out, dt.y, 1, '0', flag),
            'C' => num(out, dt.y / 100, 1, '0', flag),
            'G' => num(out, iso_calendar(dt.y, dt.m, dt.d).0, 1, '0', flag),
            'g' => num(out, iso_calendar(dt.y, dt.m, dt.d).0 % 100, 2, '0', flag),
            'V' => num(out, iso_calendar(dt.y, dt.m, dt.d).1, 2, '0', flag),
            'H' => num(out, dt.hh, 2, '0', flag),
            'k' => num(out, dt.hh, 2, ' ', flag),
            'I' => num(out, h12, 2, '0', flag),
            'l' => num(out, h12, 2, ' ', flag),
            'M' => num(out, dt.mi, 2, '0', flag),
            'S' => num(out, dt.ss, 2, '0', flag),
            'f' => out.push_str(&format!("{:06}", dt.us)),
            'j' => num(out, yday, 3, '0', flag),
            'U' => num(out, (yday + 6 - (wd + 1) % 7) / 7, 2, '0', flag),
            'W' => num(out, (yday + 6 - wd) / 7, 2, '0', flag),
            'p' => out.push_str(if dt.hh < 12 { "AM" } else { "PM" }),
            'P' => out.push_str(if dt.hh < 12 { "am" } else { "pm" }),
            'c' => format_into(out, dt, "%a %b %e %H:%M:%S %Y", off, name),
            'x' | 'D' => format_into(out, dt, "%m/%d/%y", off, name),
            'X' | 'T' => format_into(out, dt, "%H:%M:%S", off, name),
            'F' => format_into(out, dt, "%Y-%m-%d", off, name),
            'R' => format_into(out, dt, "%H:%M", off, name),
            'r' => format_into(out, dt, "%I:%M:%S %p", off, name),
            's' => {
                let secs =
                    (ymd_to_ord(dt.y, dt.m, dt.d) - EPOCH_ORD) * 86_400 + dt.time_us() / US_PER_SEC;
                out.push_str(&secs.to_string());
            }
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'z' => {
                if let Some(o) = off {
                    out.push_str(&fmt_offset(o, ""));
                }
            }
            'Z' => out.push_str(name.unwrap_or("")),
            '%' => out.push('%'),
            other => {
                out.push('%');
                if let Some(f) = flag {
                    out.push(f);
                }
                out.push(other);
            }
        }
    }
}

// ========================================================== fromisoformat

fn invalid_iso(s: &str) -> Exc {
    Exc::value_error(format!(
        "Invalid isoformat string: {}",
        crate::format::str_repr(s)
    ))
}

fn digits(s: &[char]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(char::is_ascii_digit) {
        return None;
    }
    s.iter()
        .try_fold(0i64, |n, c| Some(n * 10 + i64::from(c.to_digit(10)?)))
}

/// A date in one of ISO 8601's forms: `YYYY-MM-DD`, `YYYYMMDD`,
/// `YYYY-Www[-D]`, `YYYYWww[D]`. `None`: not one of them; `Err`: a value
/// out of range.
fn parse_iso_date(s: &[char]) -> Result<Option<(i64, i64, i64)>, Exc> {
    let Some(y) = s.get(..4).and_then(digits) else {
        return Ok(None);
    };
    let rest = &s[4..];
    let dash = rest.first() == Some(&'-');
    let rest = if dash { &rest[1..] } else { rest };
    if rest.first() == Some(&'W') {
        let rest = &rest[1..];
        let Some(w) = rest.get(..2).and_then(digits) else {
            return Ok(None);
        };
        let rest = &rest[2..];
        let day = match rest {
            [] => 1,
            ['-', d] if dash => match digits(&[*d]) {
                Some(d) => d,
                None => return Ok(None),
            },
            [d] if !dash => match digits(&[*d]) {
                Some(d) => d,
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        let weeks = if iso_calendar(y, 12, 28).1 == 53 {
            53
        } else {
            52
        };
        if !(1..=weeks).contains(&w) {
            return Err(Exc::value_error(format!("Invalid week: {w}")));
        }
        if !(1..=7).contains(&day) {
            return Err(Exc::value_error(format!(
                "Invalid weekday: {day} (range is [1, 7])"
            )));
        }
        return Ok(Some(ord_to_ymd(
            iso_week1_monday(y) + (w - 1) * 7 + day - 1,
        )));
    }
    let (m, d) = if dash {
        match rest {
            [a, b, '-', c, e] => (digits(&[*a, *b]), digits(&[*c, *e])),
            _ => return Ok(None),
        }
    } else {
        match rest {
            [a, b, c, e] => (digits(&[*a, *b]), digits(&[*c, *e])),
            _ => return Ok(None),
        }
    };
    match (m, d) {
        (Some(m), Some(d)) => {
            check_date(y, m, d)?;
            Ok(Some((y, m, d)))
        }
        _ => Ok(None),
    }
}

/// Where the date ends in a datetime string (CPython's
/// `_find_isoformat_datetime_separator`).
fn iso_date_len(s: &[char]) -> Option<usize> {
    if s.len() == 7 {
        return Some(7);
    }
    if s.len() < 8 {
        return None;
    }
    if s[4] == '-' {
        if s[5] == 'W' {
            if s.len() > 8 && s[8] == '-' {
                if s.len() == 9 {
                    return None;
                }
                if s.len() > 10 && s[10].is_ascii_digit() {
                    return Some(8);
                }
                return Some(10);
            }
            return Some(8);
        }
        return Some(10);
    }
    if s[4] == 'W' {
        let mut idx = 7;
        while idx < s.len() && s[idx].is_ascii_digit() {
            idx += 1;
        }
        if idx < 9 {
            return Some(idx);
        }
        return Some(if idx % 2 == 0 { 7 } else { 8 });
    }
    Some(8)
}

/// `HH[:MM[:SS[.fff[fff]]]]` or the compact forms: hour, minute, second,
/// microsecond.
fn parse_hh_mm_ss_ff(s: &[char]) -> Option<[i64; 4]> {
    let mut comps = [0i64; 4];
    let mut pos = 0;
    let mut has_sep = false;
    for (comp, slot) in comps.iter_mut().take(3).enumerate() {
        if s.len() < pos + 2 {
            return None;
        }
        *slot = digits(&s[pos..pos + 2])?;
        pos += 2;
        let next = s.get(pos);
        if comp == 0 {
            has_sep = next == Some(&':');
        }
        let Some(next) = next else { break };
        if comp >= 2 {
            break;
        }
        if has_sep && *next != ':' {
            return None;
        }
        if has_sep {
            pos += 1;
        }
    }
    if pos < s.len() {
        if s[pos] != '.' && s[pos] != ',' {
            return None;
        }
        pos += 1;
        let rest = &s[pos..];
        let take = rest.len().min(6);
        let mut us = digits(&rest[..take])?;
        for _ in take..6 {
            us *= 10;
        }
        if !rest[take..].iter().all(char::is_ascii_digit) {
            return None;
        }
        comps[3] = us;
    }
    Some(comps)
}

/// A time with an optional offset: its fields and its `tzinfo`.
fn parse_iso_time(interp: &Interp, s: &[char]) -> Result<Option<([i64; 4], Value)>, Exc> {
    if s.len() < 2 {
        return Ok(None);
    }
    let tz_pos = s.iter().position(|c| matches!(c, '-' | '+' | 'Z'));
    let time = match tz_pos {
        Some(p) => &s[..p],
        None => s,
    };
    let Some(comps) = parse_hh_mm_ss_ff(time) else {
        return Ok(None);
    };
    let tz = match tz_pos {
        None => Value::None,
        Some(p) if s[p] == 'Z' => {
            if p + 1 != s.len() {
                return Ok(None);
            }
            classes(interp).utc.clone()
        }
        Some(p) => {
            let rest = &s[p + 1..];
            if matches!(rest.len(), 0 | 1 | 3) {
                return Ok(None);
            }
            let Some(t) = parse_hh_mm_ss_ff(rest) else {
                return Ok(None);
            };
            let us = ((t[0] * 60 + t[1]) * 60 + t[2]) * US_PER_SEC + t[3];
            let us = if s[p] == '-' { -us } else { us };
            if i128::from(us).abs() >= i128::from(US_PER_DAY) {
                return Err(Exc::value_error(format!(
                    "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta({}).",
                    Td::from_us(i128::from(us))?.repr_args()
                )));
            }
            new_tz(interp, Td::from_us(i128::from(us))?)
        }
    };
    Ok(Some((comps, tz)))
}

fn dt_fromisoformat(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let c = classes(interp);
    let (cls, a) = super::split_first(a);
    let p = cargs("fromisoformat()", &["date_string"], 1, a)?;
    let s = match &p[0] {
        Some(Value::Str(s)) => s.clone(),
        _ => return Err(Exc::type_error("fromisoformat: argument must be str")),
    };
    let chars: Vec<char> = s.chars().collect();
    let kind = match &cls {
        Value::Class(k) => class_kind(&c, k),
        _ => None,
    }
    .unwrap_or(Kind::DateTime);
    let bad = || invalid_iso(&s);
    match kind {
        Kind::Date => {
            if !matches!(chars.len(), 7 | 8 | 10) {
                return Err(bad());
            }
            let (y, m, d) = parse_iso_date(&chars)?.ok_or_else(bad)?;
            new_dt_of_class(interp, &cls, &Dt::date(y, m, d))
        }
        Kind::Time => {
            let body = match chars.first() {
                Some('T') => &chars[1..],
                _ => &chars[..],
            };
            let (t, tz) = parse_iso_time(interp, body)?.ok_or_else(bad)?;
            let dt = Dt {
                hh: t[0],
                mi: t[1],
                ss: t[2],
                us: t[3],
                tz,
                ..Dt::date(1900, 1, 1)
            };
            check_time(&dt)?;
            new_dt_of_class(interp, &cls, &dt)
        }
        Kind::DateTime => {
            let at = iso_date_len(&chars).ok_or_else(bad)?;
            let date = chars.get(..at).ok_or_else(bad)?;
            let (y, m, d) = parse_iso_date(date)?.ok_or_else(bad)?;
            let mut dt = Dt::date(y, m, d);
            if chars.len() > at {
                let (t, tz) = parse_iso_time(interp, &chars[at + 1..])?.ok_or_else(bad)?;
                dt.hh = t[0];
                dt.mi = t[1];
                dt.ss = t[2];
                dt.us = t[3];
                dt.tz = tz;
                check_time(&dt)?;
            }
            new_dt_of_class(interp, &cls, &dt)
        }
    }
}

// ============================================================== strptime

#[derive(Clone, Copy, Debug)]
enum Tok {
    Lit(char),
    Space,
    Dir(char),
}

fn parse_format(fmt: &str) -> Result<Vec<Tok>, Exc> {
    let mut out = Vec::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            out.push(Tok::Space);
            continue;
        }
        if c != '%' {
            out.push(Tok::Lit(c));
            continue;
        }
        let Some(d) = chars.next() else {
            return Err(Exc::value_error(format!(
                "stray % in format {}",
                crate::format::str_repr(fmt)
            )));
        };
        match d {
            'c' => out.extend(parse_format("%a %b %d %H:%M:%S %Y")?),
            'x' => out.extend(parse_format("%m/%d/%y")?),
            'X' => out.extend(parse_format("%H:%M:%S")?),
            '%' => out.push(Tok::Lit('%')),
            'a' | 'A' | 'b' | 'B' | 'd' | 'f' | 'H' | 'I' | 'j' | 'm' | 'M' | 'p' | 'S' | 'U'
            | 'w' | 'W' | 'y' | 'Y' | 'z' | 'Z' | 'G' | 'u' | 'V' => out.push(Tok::Dir(d)),
            other => {
                return Err(Exc::value_error(format!(
                    "'{other}' is a bad directive in format {}",
                    crate::format::str_repr(fmt)
                )))
            }
        }
    }
    Ok(out)
}

fn is_num(s: &[char], lo: i64, hi: i64) -> bool {
    digits(s).is_some_and(|n| (lo..=hi).contains(&n))
}

/// The lengths a directive can match at `s` (a prefix), in the order
/// CPython's regular expression tries them.
fn candidates(d: char, s: &[char]) -> Vec<usize> {
    let take = |n: usize| s.get(..n);
    let mut out = Vec::new();
    let mut push_if = |n: usize, ok: bool| {
        if ok && !out.contains(&n) {
            out.push(n);
        }
    };
    match d {
        'd' => {
            push_if(2, take(2).is_some_and(|t| is_num(t, 1, 31)));
            push_if(1, take(1).is_some_and(|t| is_num(t, 1, 9)));
            push_if(
                2,
                take(2).is_some_and(|t| t[0] == ' ' && is_num(&t[1..], 1, 9)),
            );
        }
        'm' | 'I' => {
            push_if(2, take(2).is_some_and(|t| is_num(t, 1, 12)));
            push_if(1, take(1).is_some_and(|t| is_num(t, 1, 9)));
        }
        'H' => {
            push_if(2, take(2).is_some_and(|t| is_num(t, 0, 23)));
            push_if(1, take(1).is_some_and(|t| is_num(t, 0, 9)));
        }
        'M' => {
            push_if(2, take(2).is_some_and(|t| is_num(t, 0, 59)));
            push_if(1, take(1).is_some_and(|t| is_num(t, 0, 9)));
        }
        'S' => {
            push_if(2, take(2).is_some_and(|t| is_num(t, 0, 61)));
            push_if(1, take(1).is_some_and(|t| is_num(t, 0, 9)));
        }
        'U' | 'W' => {
            push_if(2, take(2).is_some_and(|t| is_num(t, 0, 53)));
            push_if(1, take(1).is_some_and(|t| is_num(t, 0, 9)));
        }
        'V' => {
            push_if(2, take(2).is_some_and(|t| is_num(t, 1, 53)));
            push_if(1, take(1).is_some_and(|t| is_num(t, 1, 9)));
        }
        'j' => {
            push_if(3, take(3).is_some_and(|t| is_num(t, 1, 366)));
            push_if(2, take(2).is_some_and(|t| is_num(t, 1, 99)));
            push_if(1, take(1).is_some_and(|t| is_num(t, 1, 9)));
        }
        'w' => push_if(1, take(1).is_some_and(|t| is_num(t, 0, 6))),
        'u' => push_if(1, take(1).is_some_and(|t| is_num(t, 1, 7))),
        'y' => push_if(2, take(2).is_some_and(|t| digits(t).is_some())),
        'Y' | 'G' => push_if(4, take(4).is_some_and(|t| digits(t).is_some())),
        'f' => {
            for n in (1..=6).rev() {
                push_if(n, take(n).is_some_and(|t| digits(t).is_some()));
            }
        }
        'p' => {
            for w in ["am", "pm"] {
                push_if(2, starts_ci(s, w));
            }
        }
        'Z' => {
            for w in ["utc", "gmt"] {
                push_if(3, starts_ci(s, w));
            }
        }
        'a' | 'A' | 'b' | 'B' => {
            let mut names: Vec<String> = match d {
                'a' => DAYS.iter().map(|n| n[..3].to_string()).collect(),
                'A' => DAYS.iter().map(|n| n.to_string()).collect(),
                'b' => MONTHS.iter().map(|n| n[..3].to_string()).collect(),
                _ => MONTHS.iter().map(|n| n.to_string()).collect(),
            };
            names.sort_by_key(|n| std::cmp::Reverse(n.len()));
            for n in &names {
                push_if(n.chars().count(), starts_ci(s, n));
            }
        }
        'z' => {
            if s.first() == Some(&'Z') {
                push_if(1, true);
            } else if matches!(s.first(), Some('+' | '-'))
                && s.get(1..3).is_some_and(|t| digits(t).is_some())
            {
                let colon = s.get(3) == Some(&':');
                let mm = if colon { 4 } else { 3 };
                if s.get(mm..mm + 2).is_some_and(|t| is_num(t, 0, 59)) {
                    let end = mm + 2;
                    let c2 = s.get(end) == Some(&':');
                    let ss = if c2 { end + 1 } else { end };
                    if s.get(ss..ss + 2).is_some_and(|t| is_num(t, 0, 59)) {
                        let after = ss + 2;
                        if s.get(after) == Some(&'.') {
                            for n in (1..=6).rev() {
                                push_if(
                                    after + 1 + n,
                                    s.get(after + 1..after + 1 + n)
                                        .is_some_and(|t| digits(t).is_some()),
                                );
                            }
                        }
                        push_if(after, true);
                    }
                    push_if(end, true);
                }
            }
        }
        _ => {}
    }
    out
}

fn starts_ci(s: &[char], w: &str) -> bool {
    let n = w.chars().count();
    s.len() >= n
        && s[..n]
            .iter()
            .zip(w.chars())
            .all(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
}

fn lower_eq(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

/// Matches `toks` against `s` from `at`, as `re.match` does (the first
/// way that works, not necessarily to the end): the end position, with
/// each directive's text in `found`.
fn match_at(s: &[char], at: usize, toks: &[Tok], found: &mut Vec<(char, String)>) -> Option<usize> {
    let Some((tok, rest)) = toks.split_first() else {
        return Some(at);
    };
    match *tok {
        Tok::Lit(c) => {
            if s.get(at).is_some_and(|x| lower_eq(*x, c)) {
                match_at(s, at + 1, rest, found)
            } else {
                None
            }
        }
        Tok::Space => {
            let n = s[at.min(s.len())..]
                .iter()
                .take_while(|c| c.is_whitespace())
                .count();
            (1..=n).rev().find_map(|k| match_at(s, at + k, rest, found))
        }
        Tok::Dir(d) => {
            for n in candidates(d, &s[at.min(s.len())..]) {
                found.push((d, s[at..at + n].iter().collect()));
                if let Some(end) = match_at(s, at + n, rest, found) {
                    return Some(end);
                }
                found.pop();
            }
            None
        }
    }
}

fn dt_strptime(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (cls, a) = super::split_first(a);
    let p = cargs("strptime()", &["date_string", "format"], 2, a)?;
    let s = match &p[0] {
        Some(Value::Str(s)) => s.clone(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "strptime() argument 1 must be str, not {}",
                other.type_name()
            )))
        }
        None => return Err(Exc::type_error("strptime() argument 1 must be str")),
    };
    let fmt = match &p[1] {
        Some(Value::Str(s)) => s.clone(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "strptime() argument 2 must be str, not {}",
                other.type_name()
            )))
        }
        None => return Err(Exc::type_error("strptime() argument 2 must be str")),
    };
    let (mut dt, tz_us) = parse_fields(&s, &fmt)?;
    check_date(dt.y, dt.m, dt.d)?;
    check_time(&dt)?;
    if let Some(us) = tz_us {
        if i128::from(us).abs() >= i128::from(US_PER_DAY) {
            return Err(Exc::value_error(format!(
                "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta({}).",
                Td::from_us(i128::from(us))?.repr_args()
            )));
        }
        dt.tz = new_tz(interp, Td::from_us(i128::from(us))?);
    }
    new_dt_of_class(interp, &cls, &dt)
}

/// `strptime`'s parse of `s` by `fmt`: the fields (1900-01-01 00:00 for
/// what the format leaves out) and the `%z` offset in microseconds.
fn parse_fields(s: &str, fmt: &str) -> Result<(Dt, Option<i64>), Exc> {
    let toks = parse_format(fmt)?;
    let chars: Vec<char> = s.chars().collect();
    let mut found = Vec::new();
    let end = match_at(&chars, 0, &toks, &mut found).ok_or_else(|| {
        Exc::value_error(format!(
            "time data {} does not match format {}",
            crate::format::str_repr(s),
            crate::format::str_repr(fmt)
        ))
    })?;
    if end < chars.len() {
        return Err(Exc::value_error(format!(
            "unconverted data remains: {}",
            chars[end..].iter().collect::<String>()
        )));
    }
    let mut dt = Dt::date(1900, 1, 1);
    let mut hour12: Option<i64> = None;
    let mut pm: Option<bool> = None;
    let mut julian: Option<i64> = None;
    let mut tz_us: Option<i64> = None;
    let month_of = |t: &str| {
        MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(t) || m[..3].eq_ignore_ascii_case(t))
            .map_or(1, |i| i as i64 + 1)
    };
    for (d, text) in &found {
        let n = || text.trim().parse::<i64>().unwrap_or(0);
        match d {
            'Y' => dt.y = n(),
            'y' => {
                let v = n();
                dt.y = if v <= 68 { v + 2000 } else { v + 1900 };
            }
            'm' => dt.m = n(),
            'b' | 'B' => dt.m = month_of(text),
            'd' => dt.d = n(),
            'H' => dt.hh = n(),
            'I' => hour12 = Some(n()),
            'p' => pm = Some(text.eq_ignore_ascii_case("pm")),
            'M' => dt.mi = n(),
            'S' => dt.ss = n(),
            'f' => {
                let mut v = n();
                for _ in text.len()..6 {
                    v *= 10;
                }
                dt.us = v;
            }
            'j' => julian = Some(n()),
            'z' => {
                if text == "Z" {
                    tz_us = Some(0);
                } else {
                    let cs: Vec<char> = text.chars().filter(|c| *c != ':').collect();
                    let part = |r: std::ops::Range<usize>| cs.get(r).and_then(digits).unwrap_or(0);
                    let mut us = (part(1..3) * 3600 + part(3..5) * 60 + part(5..7)) * US_PER_SEC;
                    if let Some(dot) = cs.iter().position(|c| *c == '.') {
                        let frac: String = cs[dot + 1..].iter().collect();
                        let mut v = frac.parse::<i64>().unwrap_or(0);
                        for _ in frac.len()..6 {
                            v *= 10;
                        }
                        us += v;
                    }
                    tz_us = Some(if cs.first() == Some(&'-') { -us } else { us });
                }
            }
            _ => {}
        }
    }
    if let Some(h) = hour12 {
        dt.hh = match pm {
            Some(true) if h != 12 => h + 12,
            Some(true) => 12,
            _ if h == 12 => 0,
            _ => h,
        };
    }
    if let Some(j) = julian {
        if (MINYEAR..=MAXYEAR).contains(&dt.y) {
            let (y, m, d) = ord_to_ymd(ymd_to_ord(dt.y, 1, 1) + j - 1);
            dt.y = y;
            dt.m = m;
            dt.d = d;
        }
    }
    Ok((dt, tz_us))
}

/// `time.strptime`'s fields: year, month, day, hour, minute, second,
/// weekday (Monday 0) and day of the year, checked as `datetime`'s are.
pub(crate) fn strptime_tm(s: &str, fmt: &str) -> Result<[i64; 8], Exc> {
    let (dt, _) = parse_fields(s, fmt)?;
    check_date(dt.y, dt.m, dt.d)?;
    check_time(&dt)?;
    Ok([
        dt.y,
        dt.m,
        dt.d,
        dt.hh,
        dt.mi,
        dt.ss,
        weekday(dt.y, dt.m, dt.d),
        days_before_month(dt.y, dt.m) + dt.d,
    ])
}

/// `time.gmtime(secs)`'s fields (as [`strptime_tm`]'s), or `None` past the
/// years `datetime` handles.
pub(crate) fn gmtime_tm(secs: i64) -> Option<[i64; 8]> {
    let days = secs.div_euclid(86_400);
    let t = secs.rem_euclid(86_400);
    let ord = EPOCH_ORD.checked_add(days)?;
    if ord < 1 || ord > max_ord() {
        return None;
    }
    let (y, m, d) = ord_to_ymd(ord);
    Some([
        y,
        m,
        d,
        t / 3600,
        t / 60 % 60,
        t % 60,
        weekday(y, m, d),
        days_before_month(y, m) + d,
    ])
}

/// Seconds since the epoch of a UTC date and time (`calendar.timegm`).
pub(crate) fn timegm(y: i64, m: i64, d: i64, hh: i64, mi: i64, ss: i64) -> i64 {
    // Out-of-range months and days carry over, as C's `timegm` does.
    let y = y + (m - 1).div_euclid(12);
    let m = (m - 1).rem_euclid(12) + 1;
    (ymd_to_ord(y, m, 1) - EPOCH_ORD + d - 1) * 86_400 + hh * 3600 + mi * 60 + ss
}

/// `time.strftime(fmt, t)` for a UTC date and time.
pub(crate) fn strftime_tm(fmt: &str, y: i64, m: i64, d: i64, hh: i64, mi: i64, ss: i64) -> String {
    let mut dt = Dt::date(y, m, d);
    dt.hh = hh;
    dt.mi = mi;
    dt.ss = ss;
    let mut out = String::new();
    format_into(&mut out, &dt, fmt, None, Some("UTC"));
    out
}

#[cfg(test)]
mod tests {
    use super::super::run_py;
    use super::*;

    #[test]
    fn calendar_round_trips() {
        for n in [1, 2, 365, 366, 730_119, 738_000, 3_652_059] {
            let (y, m, d) = ord_to_ymd(n);
            assert_eq!(ymd_to_ord(y, m, d), n);
        }
        assert_eq!(ymd_to_ord(1970, 1, 1), EPOCH_ORD);
        assert_eq!(ord_to_ymd(ymd_to_ord(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(iso_calendar(2024, 2, 28), (2024, 9, 3));
        assert_eq!(iso_calendar(2021, 1, 1), (2020, 53, 5));
    }

    #[test]
    fn now_follows_the_virtual_clock() {
        let src = "import time\nfrom datetime import datetime, date, timezone\ntime.sleep(60)\nprint(datetime.now(), date.today(), datetime.now(timezone.utc).isoformat())\n";
        assert_eq!(
            run_py(src),
            "2023-11-14 22:14:20 2023-11-14 2023-11-14T22:14:20+00:00\n"
        );
    }
    #[test]
    fn matches_cpython() {
        // Expected output: CPython 3.11 on the same program.
        let src = "import datetime as dt\nimport copy\nfrom datetime import date, time, datetime, timedelta, timezone, tzinfo, MINYEAR\ndef t(f):\n    try: print(repr(f()))\n    except Exception as e: print(type(e).__name__+\":\", e)\nt(lambda: date())\nt(lambda: date(2024))\nt(lambda: date('2024',1,1))\nt(lambda: date(2024.0,1,1))\nt(lambda: date(0,1,1))\nt(lambda: date(2024,1,1,1))\nt(lambda: date(2024,1,1, foo=1))\nt(lambda: datetime(2024,1,1,24))\nt(lambda: datetime(2024,1,1,1,60))\nt(lambda: datetime(2024,1,1,1,1,60))\nt(lambda: datetime(2024,1,1,1,1,1,10**6))\nt(lambda: datetime(2024,1,1,tzinfo=1))\nt(lambda: timedelta(days=10**9))\nt(lambda: timedelta(days=1.5, seconds=0.3, microseconds=0.5))\nt(lambda: timedelta(hours=-1.25))\nt(lambda: timedelta('1'))\nt(lambda: timezone(5))\nt(lambda: timezone(timedelta(hours=24)))\nt(lambda: timezone(timedelta(hours=5,minutes=30)))\nt(lambda: str(timezone(timedelta(hours=5,minutes=30))))\nt(lambda: timezone(timedelta(hours=-5)).tzname(None))\nt(lambda: timezone.utc)\nt(lambda: str(timezone.utc))\nt(lambda: timezone(timedelta(0)))\nt(lambda: timezone(timedelta(0), 'UTC'))\nt(lambda: date.max + timedelta(1))\nt(lambda: date(2024,1,1) + 1)\nt(lambda: date(2024,1,1) < datetime(2024,1,1))\nt(lambda: date(2024,1,1) == datetime(2024,1,1))\nt(lambda: datetime(2024,1,1) - datetime(2024,1,1,tzinfo=timezone.utc))\nt(lambda: date.fromisoformat('2023/07/04'))\nt(lambda: date.fromisoformat(5))\nt(lambda: datetime.fromisoformat('2023-07-04T25:00'))\nt(lambda: datetime.fromisoformat('x'))\nt(lambda: datetime.strptime('2023', '%Q'))\nt(lambda: datetime.strptime('2023', '%Y%'))\nt(lambda: datetime.strptime('2023-01-01x', '%Y-%m-%d'))\nt(lambda: datetime.strptime('2023-02-30', '%Y-%m-%d'))\nt(lambda: datetime.strptime(5, '%Y'))\nt(lambda: timedelta(1) / 0)\nt(lambda: timedelta(1) // 0)\nt(lambda: timedelta(1) / timedelta(0))\nt(lambda: timedelta(seconds=1) * 0.3333333)\nt(lambda: timedelta(seconds=1) / 3)\nt(lambda: timedelta(seconds=-1) // 3)\nt(lambda: timedelta(seconds=7) % timedelta(seconds=3))\nt(lambda: divmod(timedelta(seconds=7), timedelta(seconds=3)))\nt(lambda: repr(timedelta(microseconds=-1)))\nt(lambda: str(timedelta(microseconds=-1)))\nt(lambda: str(timedelta(days=-2, microseconds=5)))\nt(lambda: datetime(2024,1,1,tzinfo=timezone(timedelta(hours=5,minutes=30),'IST')))\nt(lambda: time(14,30, tzinfo=timezone.utc))\nt(lambda: time(14,30,0,5))\nt(lambda: str(time(14,30,0,5)))\nt(lambda: datetime(2024,1,1).astimezone())\nt(lambda: date(999,1,1).strftime('%Y %y %e %-d %c %x %X %j %U %W %G %V %u %C %D %F %T %Q %k %l %h %s'))\nt(lambda: date(2024,2,28).isocalendar()[1])\nt(lambda: date(2024,2,28).isocalendar().week)\nt(lambda: date(2024,2,28).ctime())\nt(lambda: hash(timedelta(1)) == hash(timedelta(days=1)))\nt(lambda: date(2024,1,1).replace(month=13))\nt(lambda: date(2024,1,1).replace(foo=13))\nt(lambda: datetime(2024,1,1,5).strftime('%z|%Z|%f|%p|%I'))\nt(lambda: datetime(2024,1,1,5,tzinfo=timezone(timedelta(hours=-3, minutes=-30))).strftime('%z|%Z'))\nt(lambda: datetime(2024,1,1,5,tzinfo=timezone(timedelta(hours=-3, minutes=-30))))\nt(lambda: timedelta(hours=1) * 1.5)\nt(lambda: 2 * timedelta(hours=1))\nt(lambda: -timedelta(hours=1))\nt(lambda: abs(timedelta(hours=-1)))\nt(lambda: timedelta(hours=1) == 5)\nt(lambda: timedelta.max)\nt(lambda: timedelta.min)\nt(lambda: timedelta.resolution)\nt(lambda: date.min)\nt(lambda: datetime.max)\nt(lambda: time.max)\nt(lambda: date.resolution)\nt(lambda: date(2024,1,foo=2))\nt(lambda: date(2024,1,1,year=2))\nt(lambda: date(2024,1,month=2))\nt(lambda: timedelta(foo=1))\nt(lambda: timedelta(1,2,3,4,5,6,7,8))\nt(lambda: datetime(2024,1,1).isoformat(timespec='x'))\nt(lambda: datetime(2024,1,1,1,2,3,4500).isoformat(timespec='milliseconds'))\nt(lambda: datetime(2024,1,1).astimezone(5))\nt(lambda: datetime.fromisoformat('2024-01-01T10:20:30.5+05:30'))\nt(lambda: datetime.fromisoformat('20240101T102030Z'))\nt(lambda: datetime.fromisoformat('2024-01-01 10'))\nt(lambda: datetime.fromisoformat('2024-01-01'))\nt(lambda: time.fromisoformat('10:20'))\nt(lambda: date.fromisoformat('20240101'))\nt(lambda: date.fromisoformat('2024-01-01T00'))\nt(lambda: datetime.strptime('1/2/23 3PM', '%m/%d/%y %I%p'))\nt(lambda: datetime.strptime('2023-01-01 +0530', '%Y-%m-%d %z'))\nt(lambda: datetime.strptime('2023-01-01 Z', '%Y-%m-%d %z'))\nt(lambda: datetime.strptime('Mon, 05 Jun 2023', '%a, %d %b %Y'))\nt(lambda: datetime.strptime('2023 100', '%Y %j'))\nt(lambda: datetime.strptime('12', '%H%M'))\nt(lambda: datetime.strptime('  2023', '%Y'))\nt(lambda: datetime.strptime('2023', ' %Y'))\nt(lambda: datetime.strptime('10:5:3.25', '%H:%M:%S.%f'))\nt(lambda: date(2024,1,1) - datetime(2024,1,1))\nt(lambda: datetime(2024,1,1) - date(2024,1,1))\nt(lambda: timedelta(1) - date(2024,1,1))\nt(lambda: datetime(2024,1,1) + datetime(2024,1,1))\nt(lambda: datetime(2024,3,10,14,30).timestamp())\nt(lambda: datetime.fromtimestamp(1700000000.5))\nt(lambda: date.fromtimestamp(1700000000))\nt(lambda: datetime.combine(date(2024,1,1), time(5,6)))\nt(lambda: f\"{date(2024,1,5):%d/%m}\")\nt(lambda: f\"{date(2024,1,5)}\")\nt(lambda: format(timedelta(1), ''))\nt(lambda: hash(datetime(2024,1,1,tzinfo=timezone.utc)) == hash(datetime(2024,1,1,5,30,tzinfo=timezone(timedelta(hours=5,minutes=30)))))\nt(lambda: datetime(2024,1,1,tzinfo=timezone.utc) == datetime(2024,1,1,5,30,tzinfo=timezone(timedelta(hours=5,minutes=30))))\nt(lambda: datetime(2024,1,1,12).strftime('%I %p %r %R'))\nt(lambda: time(1,2).replace(hour=25))\nt(lambda: timedelta(days=1).days)\nt(lambda: bool(timedelta(0)))\nt(lambda: timedelta(seconds=1.5) // timedelta(seconds=0.5))\nt(lambda: datetime(2024,1,1).date() == date(2024,1,1))\nt(lambda: type(datetime.now()).__name__)\nt(lambda: isinstance(datetime.now(), date))\nt(lambda: datetime(2024,1,1,tzinfo=timezone.utc).utcoffset())\nt(lambda: datetime(2024,1,1).utcoffset())\nt(lambda: datetime(2024,1,1,tzinfo=timezone.utc).tzname())\nt(lambda: datetime.min.replace(tzinfo=timezone.utc) - timedelta(1))\nt(lambda: MINYEAR)\nt(lambda: timedelta(weeks=1, milliseconds=1.5))\nt(lambda: timedelta(0.1))\nt(lambda: timedelta(seconds=0.1))\nt(lambda: timedelta(microseconds=0.5))\nt(lambda: timedelta(microseconds=1.5))\nt(lambda: timedelta(hours=1) / 7)\nt(lambda: timedelta(hours=1) / 0.7)\nt(lambda: timedelta(hours=1) * 0.7)\nt(lambda: str(timedelta(hours=1) / timedelta(minutes=7)))\nt(lambda: time(25))\nt(lambda: time(5, tzinfo=timezone.utc) < time(6))\nd = {date(2024,1,1): 'a', datetime(2024,1,1,5): 'b', timedelta(1): 'c'}\nprint(d[date(2024,1,1)], d[datetime(2024,1,1,5)], d[timedelta(hours=24)])\nprint(sorted([date(2024,3,1), date(2023,1,1), date(2024,1,1)]))\nprint(max(datetime(2024,1,1), datetime(2023,5,5)), min(timedelta(1), timedelta(hours=3)))\nprint(set([timedelta(1), timedelta(days=1), timedelta(0)]) == {timedelta(0), timedelta(1)})\nclass UTC5(tzinfo):\n    def utcoffset(self, dt): return timedelta(hours=5)\n    def tzname(self, dt): return \"U5\"\n    def dst(self, dt): return None\n    def __repr__(self): return \"UTC5()\"\nx = datetime(2024, 5, 6, 7, 8, tzinfo=UTC5())\nprint(x, repr(x), x.tzname(), x.utcoffset(), x.strftime('%Z %z'), x.astimezone(timezone.utc))\nprint(x.timestamp(), datetime(2024,5,6,2,8,tzinfo=timezone.utc) == x)\nprint(datetime(2024,1,31) + timedelta(days=30, hours=25))\nprint(date(2024,1,1).weekday(), date(2023,12,31).isoweekday(), date(2024,12,30).isocalendar())\nprint(datetime.strptime(\"March 5, 2024 at 4:05pm\", \"%B %d, %Y at %I:%M%p\"))\nprint(datetime(2024,2,29).replace(year=2025) if False else datetime(2024,2,29,tzinfo=timezone.utc).replace(tzinfo=None))\nprint(datetime.fromisoformat('2011-11-04T00:05:23+04:00'), datetime.fromisoformat('2011-W01-2T00:05:23.283'))\nprint(date.fromisoformat('2021-W01-1'), time.fromisoformat('T04:23:01.000384'), time.fromisoformat('04:23:01+04:00'))\nprint(timedelta(days=-1, hours=3).total_seconds(), timedelta(milliseconds=1).total_seconds())\nprint(f\"{datetime(2024,1,2,3,4,5):%Y/%m/%d %H-%M-%S}\", \"{:%H:%M}\".format(time(9, 5)))\nprint(timedelta(hours=25) // timedelta(hours=1), timedelta(hours=1) * 3 / 2)\nprint(datetime(2024,1,1).isoformat(' '), datetime(2024,1,1,1,1,1,1).isoformat(timespec='seconds'))\nprint(time(1,2,3).isoformat(timespec='minutes'), time(12).strftime('%H %p %I'))\nprint(date.fromordinal(738000), date(2024,1,1).toordinal(), date.fromisocalendar(2024, 1, 1))\nprint(datetime.combine(date(2024,1,1), time(5,6, tzinfo=timezone.utc)))\nprint(datetime.utcfromtimestamp(0), datetime.fromtimestamp(86400*365.25, timezone(timedelta(hours=-8))))\n\ndef t(f):\n    try: print(repr(f()))\n    except Exception as e: print(type(e).__name__+\":\", e)\nt(lambda: timedelta(days=2) + date(2024,1,1))\nt(lambda: timedelta(days=2) + datetime(2024,1,1))\nt(lambda: date(2024,1,1) - 1)\nt(lambda: 1 + date(2024,1,1))\nt(lambda: 5 - timedelta(1))\nt(lambda: timedelta(1) + 5)\nt(lambda: time(1) + timedelta(1))\nclass MyDate(date):\n    def label(self): return f\"<{self.isoformat()}>\"\nm = MyDate(2024, 5, 17)\nt(lambda: m)\nt(lambda: m.label())\nt(lambda: (m + timedelta(1)).label())\nt(lambda: type(MyDate.today()).__name__)\nt(lambda: MyDate.fromisoformat('2020-02-02').label())\nt(lambda: copy.copy(date(2024,1,1)))\nt(lambda: copy.deepcopy(datetime(2024,1,1, tzinfo=timezone.utc)))\nt(lambda: [datetime(2024,1,1,10,30), date(2020,5,5)])\nt(lambda: str([timedelta(1)]))\nt(lambda: f\"{datetime(2024,1,1)!r} {timedelta(0)!s}\")\nt(lambda: time(10,30) < time(11))\nt(lambda: time(10,30).strftime('%H:%M %Y'))\nt(lambda: dt.datetime(2024,1,1).year)\nt(lambda: dt.date.today() == dt.datetime.now().date())\nt(lambda: datetime(2024, 12, 31).strftime('%U %W %j %a %A %b %B'))\nt(lambda: datetime(2023, 1, 1).strftime('%U %W %V %G'))\nt(lambda: datetime.strptime('2024-06-01T12:34:56.789Z', '%Y-%m-%dT%H:%M:%S.%f%z'))\nt(lambda: datetime.strptime('Tuesday 4 June 24', '%A %d %B %y'))\nt(lambda: datetime.strptime('31/12/1999 23:59', '%d/%m/%Y %H:%M') + timedelta(minutes=1))\nt(lambda: datetime.strptime('2024-01-01', '%Y-%m-%d %H'))\nt(lambda: datetime.strptime('13', '%m'))\nt(lambda: datetime.strptime('1', '%m'))\nt(lambda: datetime.strptime('123', '%H%M'))\nt(lambda: datetime.strptime('2024 12 1', '%Y %m %d').date())\nt(lambda: datetime.strptime('  1', '%d'))\nt(lambda: datetime.strptime('jan 5', '%b %d'))\nt(lambda: datetime.strptime('5 PM', '%I %p').time())\nt(lambda: datetime.strptime('12 AM', '%I %p').hour)\nt(lambda: datetime.strptime('2024-01-01 10:00:00 UTC', '%Y-%m-%d %H:%M:%S %Z'))\nt(lambda: date(2024,1,31).replace(day=31, month=2))\nt(lambda: datetime(2024,1,1,tzinfo=timezone.utc).isoformat(timespec='minutes'))\nt(lambda: timezone(timedelta(hours=1), 'CET').utcoffset(None))\nt(lambda: timezone(timedelta(hours=1)) == timezone(timedelta(hours=1), 'X'))\nt(lambda: timezone(timedelta(seconds=90)))\nt(lambda: str(timezone(timedelta(seconds=-90))))\nt(lambda: datetime(2024,1,1,tzinfo=timezone(timedelta(seconds=90))).isoformat())\nt(lambda: datetime(2024,1,1).timestamp())\nt(lambda: date(2024, 1, 1) in {date(2024,1,1)})\nt(lambda: timedelta(minutes=1) in [timedelta(seconds=60)])\nt(lambda: sum([timedelta(hours=1), timedelta(minutes=30)], timedelta()))\nt(lambda: timedelta(hours=1).seconds)\nt(lambda: timedelta(days=1, hours=1).total_seconds())\nt(lambda: round(timedelta(hours=1).total_seconds() / 60))\nt(lambda: datetime.fromtimestamp(0))\nt(lambda: datetime.fromtimestamp(-1.5))\nt(lambda: datetime(2024,1,1) > datetime(2023,1,1,tzinfo=timezone.utc))\nt(lambda: datetime(2024,1,1) == datetime(2024,1,1,tzinfo=timezone.utc))\nt(lambda: date.today().year >= 2023)\nt(lambda: timedelta(days=365) // 7)\nt(lambda: timedelta(seconds=10) % timedelta(seconds=3))\nt(lambda: (-timedelta(seconds=10)) // timedelta(seconds=3))\nt(lambda: datetime(2024,3,31) - timedelta(days=31))\nt(lambda: datetime.combine(date(2024,1,1), time.min))\nt(lambda: datetime(2024,1,1).time() == time(0))\nt(lambda: time(0) == time(0, tzinfo=timezone.utc))\nt(lambda: bool(time(0)))\nt(lambda: hash(date(2024,1,1)) == hash(date(2024,1,1)))\nt(lambda: date.fromtimestamp(0).isoformat())\nt(lambda: dt.MAXYEAR)\nt(lambda: dt.UTC)\nt(lambda: isinstance(timezone.utc, tzinfo))\nt(lambda: date(2024,1,1).isoformat(1))\nt(lambda: datetime(2024,1,1).strftime())\nt(lambda: datetime(2024,1,1).strftime(5))\nt(lambda: date(2024,1,1).year.__class__)\nt(lambda: datetime.now(timezone.utc).tzinfo)\nt(lambda: datetime.now(tz=timezone(timedelta(hours=2))).utcoffset())\nt(lambda: datetime.now().astimezone().tzname())\nt(lambda: time.fromisoformat('25:00'))\nt(lambda: datetime.fromisoformat('2024-02-30'))\nt(lambda: datetime.fromisoformat('2024-01-01T10:00:00+25:00'))\nt(lambda: datetime.fromisoformat('2024-01-01T10:00:00.1234567'))\nt(lambda: datetime.fromisoformat('2024-01-01T1'))\n\n";
        assert_eq!(run_py(src), "TypeError: function missing required argument 'year' (pos 1)\nTypeError: function missing required argument 'month' (pos 2)\nTypeError: 'str' object cannot be interpreted as an integer\nTypeError: 'float' object cannot be interpreted as an integer\nValueError: year 0 is out of range\nTypeError: function takes at most 3 arguments (4 given)\nTypeError: function takes at most 3 arguments (4 given)\nValueError: hour must be in 0..23\nValueError: minute must be in 0..59\nValueError: second must be in 0..59\nValueError: microsecond must be in 0..999999\nTypeError: tzinfo argument must be None or of a tzinfo subclass, not type 'int'\nOverflowError: days=1000000000; must have magnitude <= 999999999\ndatetime.timedelta(days=1, seconds=43200, microseconds=300000)\ndatetime.timedelta(days=-1, seconds=81900)\nTypeError: unsupported type for timedelta days component: str\nTypeError: timezone() argument 1 must be datetime.timedelta, not int\nValueError: offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta(days=1).\ndatetime.timezone(datetime.timedelta(seconds=19800))\n'UTC+05:30'\n'UTC-05:00'\ndatetime.timezone.utc\n'UTC'\ndatetime.timezone.utc\ndatetime.timezone(datetime.timedelta(0), 'UTC')\nOverflowError: date value out of range\nTypeError: unsupported operand type(s) for +: 'datetime.date' and 'int'\nTypeError: can't compare datetime.datetime to datetime.date\nFalse\nTypeError: can't subtract offset-naive and offset-aware datetimes\nValueError: Invalid isoformat string: '2023/07/04'\nTypeError: fromisoformat: argument must be str\nValueError: hour must be in 0..23\nValueError: Invalid isoformat string: 'x'\nValueError: 'Q' is a bad directive in format '%Q'\nValueError: stray % in format '%Y%'\nValueError: unconverted data remains: x\nValueError: day is out of range for month\nTypeError: strptime() argument 1 must be str, not int\nZeroDivisionError: integer division or modulo by zero\nZeroDivisionError: integer division or modulo by zero\nZeroDivisionError: division by zero\ndatetime.timedelta(microseconds=333333)\ndatetime.timedelta(microseconds=333333)\ndatetime.timedelta(days=-1, seconds=86399, microseconds=666666)\ndatetime.timedelta(seconds=1)\n(2, datetime.timedelta(seconds=1))\n'datetime.timedelta(days=-1, seconds=86399, microseconds=999999)'\n'-1 day, 23:59:59.999999'\n'-2 days, 0:00:00.000005'\ndatetime.datetime(2024, 1, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800), 'IST'))\ndatetime.time(14, 30, tzinfo=datetime.timezone.utc)\ndatetime.time(14, 30, 0, 5)\n'14:30:00.000005'\ndatetime.datetime(2024, 1, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(0), 'UTC'))\n'999 99  1 1 Tue Jan  1 00:00:00 999 01/01/99 00:00:00 001 00 00 999 01 2 9 01/01/99 999-01-01 00:00:00 %Q  0 12 Jan -30641760000'\n9\n9\n'Wed Feb 28 00:00:00 2024'\nTrue\nValueError: month must be in 1..12\nTypeError: 'foo' is an invalid keyword argument for replace()\n'||000000|AM|05'\n'-0330|UTC-03:30'\ndatetime.datetime(2024, 1, 1, 5, 0, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=73800)))\ndatetime.timedelta(seconds=5400)\ndatetime.timedelta(seconds=7200)\ndatetime.timedelta(days=-1, seconds=82800)\ndatetime.timedelta(seconds=3600)\nFalse\ndatetime.timedelta(days=999999999, seconds=86399, microseconds=999999)\ndatetime.timedelta(days=-999999999)\ndatetime.timedelta(microseconds=1)\ndatetime.date(1, 1, 1)\ndatetime.datetime(9999, 12, 31, 23, 59, 59, 999999)\ndatetime.time(23, 59, 59, 999999)\ndatetime.timedelta(days=1)\nTypeError: function missing required argument 'day' (pos 3)\nTypeError: function takes at most 3 arguments (4 given)\nTypeError: function missing required argument 'day' (pos 3)\nTypeError: 'foo' is an invalid keyword argument for __new__()\nTypeError: __new__() takes at most 7 arguments (8 given)\nValueError: Unknown timespec value\n'2024-01-01T01:02:03.004'\nTypeError: tzinfo argument must be None or of a tzinfo subclass, not type 'int'\ndatetime.datetime(2024, 1, 1, 10, 20, 30, 500000, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800)))\ndatetime.datetime(2024, 1, 1, 10, 20, 30, tzinfo=datetime.timezone.utc)\ndatetime.datetime(2024, 1, 1, 10, 0)\ndatetime.datetime(2024, 1, 1, 0, 0)\ndatetime.time(10, 20)\ndatetime.date(2024, 1, 1)\nValueError: Invalid isoformat string: '2024-01-01T00'\ndatetime.datetime(2023, 1, 2, 15, 0)\ndatetime.datetime(2023, 1, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800)))\ndatetime.datetime(2023, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)\ndatetime.datetime(2023, 6, 5, 0, 0)\ndatetime.datetime(2023, 4, 10, 0, 0)\ndatetime.datetime(1900, 1, 1, 1, 2)\nValueError: time data '  2023' does not match format '%Y'\nValueError: time data '2023' does not match format ' %Y'\ndatetime.datetime(1900, 1, 1, 10, 5, 3, 250000)\nTypeError: unsupported operand type(s) for -: 'datetime.date' and 'datetime.datetime'\nTypeError: unsupported operand type(s) for -: 'datetime.datetime' and 'datetime.date'\nTypeError: unsupported operand type(s) for -: 'datetime.timedelta' and 'datetime.date'\nTypeError: unsupported operand type(s) for +: 'datetime.datetime' and 'datetime.datetime'\n1710081000.0\ndatetime.datetime(2023, 11, 14, 22, 13, 20, 500000)\ndatetime.date(2023, 11, 14)\ndatetime.datetime(2024, 1, 1, 5, 6)\n'05/01'\n'2024-01-05'\n'1 day, 0:00:00'\nTrue\nTrue\n'12 PM 12:00:00 PM 12:00'\nValueError: hour must be in 0..23\n1\nFalse\n3\nTrue\n'datetime'\nTrue\ndatetime.timedelta(0)\nNone\n'UTC'\nOverflowError: date value out of range\n1\ndatetime.timedelta(days=7, microseconds=1500)\ndatetime.timedelta(seconds=8640)\ndatetime.timedelta(microseconds=100000)\ndatetime.timedelta(0)\ndatetime.timedelta(microseconds=2)\ndatetime.timedelta(seconds=514, microseconds=285714)\ndatetime.timedelta(seconds=5142, microseconds=857143)\ndatetime.timedelta(seconds=2520)\n'8.571428571428571'\nValueError: hour must be in 0..23\nTypeError: can't compare offset-naive and offset-aware times\na b c\n[datetime.date(2023, 1, 1), datetime.date(2024, 1, 1), datetime.date(2024, 3, 1)]\n2024-01-01 00:00:00 3:00:00\nTrue\n2024-05-06 07:08:00+05:00 datetime.datetime(2024, 5, 6, 7, 8, tzinfo=UTC5()) U5 5:00:00 U5 +0500 2024-05-06 02:08:00+00:00\n1714961280.0 True\n2024-03-02 01:00:00\n0 7 datetime.IsoCalendarDate(year=2025, week=1, weekday=1)\n2024-03-05 16:05:00\n2024-02-29 00:00:00\n2011-11-04 00:05:23+04:00 2011-01-04 00:05:23.283000\n2021-01-04 04:23:01.000384 04:23:01+04:00\n-75600.0 0.001\n2024/01/02 03-04-05 09:05\n25 1:30:00\n2024-01-01 00:00:00 2024-01-01T01:01:01\n01:02 12 PM 12\n2021-07-29 738886 2024-01-01\n2024-01-01 05:06:00+00:00\n1970-01-01 00:00:00 1970-12-31 22:00:00-08:00\ndatetime.date(2024, 1, 3)\ndatetime.datetime(2024, 1, 3, 0, 0)\nTypeError: unsupported operand type(s) for -: 'datetime.date' and 'int'\nTypeError: unsupported operand type(s) for +: 'int' and 'datetime.date'\nTypeError: unsupported operand type(s) for -: 'int' and 'datetime.timedelta'\nTypeError: unsupported operand type(s) for +: 'datetime.timedelta' and 'int'\nTypeError: unsupported operand type(s) for +: 'datetime.time' and 'datetime.timedelta'\nMyDate(2024, 5, 17)\n'<2024-05-17>'\n'<2024-05-18>'\n'MyDate'\n'<2020-02-02>'\ndatetime.date(2024, 1, 1)\ndatetime.datetime(2024, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)\n[datetime.datetime(2024, 1, 1, 10, 30), datetime.date(2020, 5, 5)]\n'[datetime.timedelta(days=1)]'\n'datetime.datetime(2024, 1, 1, 0, 0) 0:00:00'\nTrue\n'10:30 1900'\n2024\nTrue\n'52 53 366 Tue Tuesday Dec December'\n'01 00 52 2022'\ndatetime.datetime(2024, 6, 1, 12, 34, 56, 789000, tzinfo=datetime.timezone.utc)\ndatetime.datetime(2024, 6, 4, 0, 0)\ndatetime.datetime(2000, 1, 1, 0, 0)\nValueError: time data '2024-01-01' does not match format '%Y-%m-%d %H'\nValueError: unconverted data remains: 3\ndatetime.datetime(1900, 1, 1, 0, 0)\ndatetime.datetime(1900, 1, 1, 12, 3)\ndatetime.date(2024, 12, 1)\nValueError: time data '  1' does not match format '%d'\ndatetime.datetime(1900, 1, 5, 0, 0)\ndatetime.time(17, 0)\n0\ndatetime.datetime(2024, 1, 1, 10, 0)\nValueError: day is out of range for month\n'2024-01-01T00:00+00:00'\ndatetime.timedelta(seconds=3600)\nTrue\ndatetime.timezone(datetime.timedelta(seconds=90))\n'UTC-00:01:30'\n'2024-01-01T00:00:00+00:01:30'\n1704067200.0\nTrue\nTrue\ndatetime.timedelta(seconds=5400)\n3600\n90000.0\n60\ndatetime.datetime(1970, 1, 1, 0, 0)\ndatetime.datetime(1969, 12, 31, 23, 59, 58, 500000)\nTypeError: can't compare offset-naive and offset-aware datetimes\nFalse\nTrue\ndatetime.timedelta(days=52, seconds=12342, microseconds=857142)\ndatetime.timedelta(seconds=1)\n-4\ndatetime.datetime(2024, 2, 29, 0, 0)\ndatetime.datetime(2024, 1, 1, 0, 0)\nTrue\nFalse\nTrue\nTrue\n'1970-01-01'\n9999\ndatetime.timezone.utc\nTrue\nTypeError: date.isoformat() takes no arguments (1 given)\nTypeError: strftime() missing required argument 'format' (pos 1)\nTypeError: strftime() argument 1 must be str, not int\n<class 'int'>\ndatetime.timezone.utc\ndatetime.timedelta(seconds=7200)\n'UTC'\nValueError: hour must be in 0..23\nValueError: day is out of range for month\nValueError: offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta(days=1, seconds=3600).\ndatetime.datetime(2024, 1, 1, 10, 0, 0, 123456)\nValueError: Invalid isoformat string: '2024-01-01T1'\n");
    }
}
