//! `repr`, `str`, format specs, `%`-formatting and `str.format`.
//!
//! The parts that call no user code live lower down and are re-exported
//! here: `repr`/`str` of a value in `plain`, the text of a float, string or
//! bytes repr and object addresses in `text`.

use crate::exc::Exc;
use crate::interp::Interp;
use crate::plain::{bound_repr, object_repr};
pub use crate::plain::{repr_plain, str_plain};
pub use crate::text::{address, address_at, bytes_repr, float_repr, is_printable, str_repr};
use crate::value::*;

/// `reprlib.repr(v)`: a repr shortened as asyncio shows a task's result,
/// strings and other reprs cut in the middle, containers after a few
/// items, nesting after six levels. Objects show their plain repr.
pub fn short_repr(v: &Value) -> String {
    fn cut(s: &str, max: usize) -> String {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() <= max {
            return s.to_string();
        }
        let i = (max - 3) / 2;
        let j = max - 3 - i;
        let head: String = chars[..i].iter().collect();
        let tail: String = chars[chars.len() - j..].iter().collect();
        format!("{head}...{tail}")
    }
    fn items(vals: &[Value], max: usize, level: u32, open: &str, close: &str) -> String {
        if vals.is_empty() {
            return format!("{open}{close}");
        }
        if level == 0 {
            return format!("{open}...{close}");
        }
        let mut parts: Vec<String> = vals.iter().take(max).map(|x| go(x, level - 1)).collect();
        if vals.len() > max {
            parts.push("...".into());
        }
        let one = if open == "(" && vals.len() == 1 {
            ","
        } else {
            ""
        };
        format!("{open}{}{one}{close}", parts.join(", "))
    }
    fn go(v: &Value, level: u32) -> String {
        match v {
            Value::Str(_) => cut(&repr_plain(v), 30),
            Value::Int(_) | Value::Big(_) => cut(&repr_plain(v), 40),
            Value::List(l) => items(&l.borrow(), 6, level, "[", "]"),
            Value::Tuple(t) => items(t, 6, level, "(", ")"),
            Value::Dict(d) => {
                let d = d.borrow();
                if d.is_empty() {
                    return "{}".into();
                }
                if level == 0 {
                    return "{...}".into();
                }
                let mut parts: Vec<String> = d
                    .iter()
                    .take(4)
                    .map(|(k, x)| format!("{}: {}", go(&k.0, level - 1), go(x, level - 1)))
                    .collect();
                if d.len() > 4 {
                    parts.push("...".into());
                }
                format!("{{{}}}", parts.join(", "))
            }
            _ => cut(&repr_plain(v), 30),
        }
    }
    go(v, 6)
}

impl Interp {
    /// `repr(v)`, calling `__repr__`.
    ///
    /// # Errors
    ///
    /// What `__repr__` raises, or `RecursionError` for deep nesting.
    pub fn repr(&self, v: &Value) -> Result<String, Exc> {
        self.repr_depth(v, 0)
    }

    fn repr_depth(&self, v: &Value, depth: u32) -> Result<String, Exc> {
        if depth > 200 {
            return Err(Exc::of(
                "RecursionError",
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        let items = |xs: &[Value]| -> Result<Vec<String>, Exc> {
            xs.iter().map(|x| self.repr_depth(x, depth + 1)).collect()
        };
        Ok(match v {
            Value::List(l) => {
                let xs = l.borrow().clone();
                format!("[{}]", items(&xs)?.join(", "))
            }
            Value::Tuple(t) if t.len() == 1 => format!("({},)", self.repr_depth(&t[0], depth + 1)?),
            Value::Tuple(t) => format!("({})", items(t)?.join(", ")),
            Value::Dict(d) => {
                let pairs: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.0.clone(), v.clone()))
                    .collect();
                let mut out = Vec::new();
                for (k, v) in pairs {
                    out.push(format!(
                        "{}: {}",
                        self.repr_depth(&k, depth + 1)?,
                        self.repr_depth(&v, depth + 1)?
                    ));
                }
                format!("{{{}}}", out.join(", "))
            }
            Value::Set(s) if !s.borrow().is_empty() => {
                let xs: Vec<Value> = crate::value::set_order(&s.borrow());
                format!("{{{}}}", items(&xs)?.join(", "))
            }
            Value::Object(o) => {
                if let Some(m) = o.class.lookup("__repr__") {
                    let r = self.call(&m, crate::value::Args::new(vec![v.clone()]))?;
                    return match r {
                        Value::Str(ref s) => Ok(s.to_string()),
                        other => Err(Exc::type_error(format!(
                            "__repr__ returned non-string (type {})",
                            other.type_name()
                        ))),
                    };
                }
                if let Some(st) = &o.exc {
                    let args = st.args.borrow().clone();
                    let inner = if args.len() == 1 {
                        self.repr_depth(&args[0], depth + 1)?
                    } else {
                        items(&args)?.join(", ")
                    };
                    return Ok(format!("{}({inner})", o.class.name));
                }
                if let Some(r) = self.dataclass_repr(v)? {
                    return Ok(r);
                }
                if let Some(inner) = &o.inner {
                    return self.repr_depth(inner, depth);
                }
                object_repr(o)
            }
            Value::Bound(b) if matches!(b.1, Value::Function(_)) => {
                let this = self.repr_depth(&b.0, depth + 1)?;
                bound_repr(b, |_| this)
            }
            Value::Big(b) => crate::bigint::to_decimal(b)?,
            Value::Native(n) => match n.get_attr(n, "__repr__") {
                Some(m) if !matches!(m, Value::Native(_)) => {
                    crate::format::str_plain(&self.call(&m, crate::value::Args::default())?)
                }
                _ => repr_plain(v),
            },
            other => repr_plain(other),
        })
    }

    /// `str(v)`, calling `__str__` (or `__repr__`).
    ///
    /// # Errors
    ///
    /// What those methods raise.
    pub fn str(&self, v: &Value) -> Result<String, Exc> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            Value::Object(o) => {
                if let Some(m) = o.class.lookup("__str__") {
                    let r = self.call(&m, crate::value::Args::new(vec![v.clone()]))?;
                    return match r {
                        Value::Str(ref s) => Ok(s.to_string()),
                        other => Err(Exc::type_error(format!(
                            "__str__ returned non-string (type {})",
                            other.type_name()
                        ))),
                    };
                }
                if o.exc.is_some() {
                    let e = crate::exc::Exc(o.clone());
                    if e.state().group.borrow().is_some() || e.state().shown.borrow().is_some() {
                        return Ok(e.message());
                    }
                    let args = e.state().args.borrow().clone();
                    return Ok(match args.len() {
                        0 => String::new(),
                        // OSError(errno, strerror[, filename]).
                        2 | 3 if e.is("OSError") && matches!(args[0], Value::Int(_)) => {
                            let mut t =
                                format!("[Errno {}] {}", self.str(&args[0])?, self.str(&args[1])?);
                            if let Some(name) = args.get(2) {
                                t.push_str(&format!(": {}", self.repr(name)?));
                            }
                            t
                        }
                        1 if e.is("KeyError") => self.repr(&args[0])?,
                        1 => self.str(&args[0])?,
                        _ => self.repr(&Value::tuple(args))?,
                    });
                }
                // `str.__str__` gives the string itself, whatever `__repr__` says.
                if let Some(Value::Str(s)) = &o.inner {
                    return Ok(s.to_string());
                }
                self.repr(v)
            }
            other => self.repr(other),
        }
    }

    /// `format(v, spec)`.
    ///
    /// # Errors
    ///
    /// `ValueError` for a bad spec.
    pub fn format_value(&self, v: &Value, spec: &str) -> Result<String, Exc> {
        if let Value::Object(o) = v {
            if let Some(m) = o.class.lookup("__format__") {
                let r = self.call(
                    &m,
                    crate::value::Args::new(vec![v.clone(), Value::str(spec)]),
                )?;
                return Ok(str_plain(&r));
            }
            if spec.is_empty() {
                return self.str(v);
            }
            if let Some(inner) = &o.inner {
                return self.format_value(inner, spec);
            }
            // object.__format__ takes no spec (a built-in base or an enum
            // formats as its value).
            let mut plain = true;
            for c in o.class.ancestry() {
                if &*c.module == "enum"
                    || c.builtin
                        .is_some_and(|b| !matches!(b, crate::value::BuiltinType::Object))
                {
                    plain = false;
                    break;
                }
            }
            if plain && o.exc.is_none() {
                return Err(Exc::type_error(format!(
                    "unsupported format string passed to {}.__format__",
                    o.class.name
                )));
            }
        }
        if spec.is_empty() {
            return self.str(v);
        }
        let s = Spec::parse(spec)?;
        match v {
            // A bool with any spec formats as its int (`format(True, "<5")`
            // is `'1    '`); only the empty spec gives `True`.
            Value::Int(_) | Value::Bool(_) => {
                let i = v.as_int().unwrap_or(0);
                match s.ty {
                    Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => s.float(i as f64),
                    _ => s.int(i),
                }
            }
            Value::Big(b) => match s.ty {
                Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => s.float(crate::bigint::to_f64(b)?),
                _ => s.big(b),
            },
            Value::Float(f) => s.float(*f),
            Value::Str(text) => {
                if !matches!(s.ty, None | Some('s')) {
                    return Err(Exc::value_error(format!(
                        "Unknown format code '{}' for object of type 'str'",
                        s.ty.unwrap_or('s')
                    )));
                }
                let t: String = match s.precision {
                    Some(p) => text.chars().take(p).collect(),
                    None => text.to_string(),
                };
                Ok(s.pad(&t, false))
            }
            other => {
                let t = self.str(other)?;
                Ok(s.pad(&t, false))
            }
        }
    }
}

/// A parsed format spec.
#[derive(Debug, Default)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

impl Spec {
    fn parse(spec: &str) -> Result<Spec, Exc> {
        let bad = || Exc::value_error("Invalid format specifier");
        let chars: Vec<char> = spec.chars().collect();
        let mut i = 0;
        let mut s = Spec::default();
        let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
        if chars.len() >= 2 && is_align(chars[1]) {
            s.fill = Some(chars[0]);
            s.align = Some(chars[1]);
            i = 2;
        } else if !chars.is_empty() && is_align(chars[0]) {
            s.align = Some(chars[0]);
            i = 1;
        }
        if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
            s.sign = Some(chars[i]);
            i += 1;
        }
        if i < chars.len() && chars[i] == 'z' {
            i += 1;
        }
        if i < chars.len() && chars[i] == '#' {
            s.alt = true;
            i += 1;
        }
        if i < chars.len() && chars[i] == '0' {
            s.zero = true;
            i += 1;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i > start {
            s.width = chars[start..i]
                .iter()
                .collect::<String>()
                .parse()
                .map_err(|_| bad())?;
        }
        if i < chars.len() && matches!(chars[i], ',' | '_') {
            s.grouping = Some(chars[i]);
            i += 1;
        }
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return Err(Exc::value_error("Format specifier missing precision"));
            }
            s.precision = Some(
                chars[start..i]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .map_err(|_| bad())?,
            );
        }
        if i < chars.len() {
            s.ty = Some(chars[i]);
            i += 1;
        }
        if i != chars.len() {
            return Err(bad());
        }
        Ok(s)
    }

    fn pad(&self, body: &str, numeric: bool) -> String {
        let len = body.chars().count();
        if len >= self.width {
            return body.to_string();
        }
        let n = self.width - len;
        let fill = self
            .fill
            .unwrap_or(if self.zero && numeric && self.align.is_none() {
                '0'
            } else {
                ' '
            });
        let align = self.align.unwrap_or(if numeric {
            if self.zero {
                '='
            } else {
                '>'
            }
        } else {
            '<'
        });
        let f = |k: usize| fill.to_string().repeat(k);
        match align {
            '<' => format!("{body}{}", f(n)),
            '^' => format!("{}{body}{}", f(n / 2), f(n - n / 2)),
            '=' => {
                let (sign, digits) = match body.chars().next() {
                    Some(c @ ('-' | '+' | ' ')) => (c.to_string(), &body[1..]),
                    _ => (String::new(), body),
                };
                let (prefix, rest) =
                    if digits.len() > 2 && matches!(&digits[..2], "0x" | "0X" | "0b" | "0o") {
                        (&digits[..2], &digits[2..])
                    } else {
                        ("", digits)
                    };
                format!("{sign}{prefix}{}{rest}", f(n))
            }
            _ => format!("{}{body}", f(n)),
        }
    }

    fn sign_of(&self, neg: bool) -> &'static str {
        match (neg, self.sign) {
            (true, _) => "-",
            (false, Some('+')) => "+",
            (false, Some(' ')) => " ",
            _ => "",
        }
    }

    fn group(&self, digits: &str) -> String {
        let Some(sep) = self.grouping else {
            return digits.to_string();
        };
        let mut out = String::new();
        let n = digits.len();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (n - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    fn int(&self, i: i64) -> Result<String, Exc> {
        let mag = i.unsigned_abs();
        self.int_digits(i < 0, mag, |radix| match radix {
            16 => format!("{mag:x}"),
            8 => format!("{mag:o}"),
            2 => format!("{mag:b}"),
            _ => mag.to_string(),
        })
    }

    fn big(&self, b: &num_bigint::BigInt) -> Result<String, Exc> {
        if matches!(self.ty, None | Some('d') | Some('n')) {
            // The digit limit applies as it does for str().
            crate::bigint::to_decimal(b)?;
        }
        if self.ty == Some('c') {
            return Err(Exc::of("OverflowError", "%c arg not in range(0x110000)"));
        }
        self.int_digits(crate::bigint::is_negative(b), 0, |radix| {
            crate::bigint::digits_in(b, radix)
        })
    }

    /// Formats an int given its sign and its digits in a radix; `mag` is
    /// its magnitude when it fits 64 bits (for `c`).
    fn int_digits(
        &self,
        neg: bool,
        mag: u64,
        digits_in: impl Fn(u32) -> String,
    ) -> Result<String, Exc> {
        let (digits, prefix) = match self.ty {
            None | Some('d') | Some('n') => (digits_in(10), ""),
            Some('x') => (digits_in(16), "0x"),
            Some('X') => (digits_in(16).to_uppercase(), "0X"),
            Some('o') => (digits_in(8), "0o"),
            Some('b') => (digits_in(2), "0b"),
            Some('c') => {
                return Ok(self.pad(
                    &char::from_u32(mag as u32)
                        .map(String::from)
                        .unwrap_or_default(),
                    false,
                ))
            }
            Some(c) => {
                return Err(Exc::value_error(format!(
                    "Unknown format code '{c}' for object of type 'int'"
                )))
            }
        };
        let digits = if matches!(self.ty, None | Some('d') | Some('n')) {
            self.group(&digits)
        } else {
            digits
        };
        let body = format!(
            "{}{}{}",
            self.sign_of(neg),
            if self.alt { prefix } else { "" },
            digits
        );
        Ok(self.pad(&body, true))
    }

    fn float(&self, f: f64) -> Result<String, Exc> {
        let neg = f.is_sign_negative() && !(f == 0.0 && self.ty.is_none());
        let a = f.abs();
        let body = if a.is_nan() {
            "nan".to_string()
        } else if a.is_infinite() {
            "inf".to_string()
        } else {
            match self.ty {
                Some('f' | 'F') => {
                    let s = format!("{:.*}", self.precision.unwrap_or(6), a);
                    group_float(self, &s)
                }
                Some('e' | 'E') => {
                    let s = sci(a, self.precision.unwrap_or(6));
                    if self.ty == Some('E') {
                        s.to_uppercase()
                    } else {
                        s
                    }
                }
                Some('%') => format!("{:.*}%", self.precision.unwrap_or(6), a * 100.0),
                Some('g' | 'G') => general(a, self.precision.unwrap_or(6).max(1), !self.alt),
                None => match self.precision {
                    Some(p) => general(a, p.max(1), true).trim_end_matches('.').to_string(),
                    None => group_float(self, &float_repr(a)),
                },
                Some(c) => {
                    return Err(Exc::value_error(format!(
                        "Unknown format code '{c}' for object of type 'float'"
                    )))
                }
            }
        };
        let body = format!("{}{}", self.sign_of(neg && !a.is_nan()), body);
        Ok(self.pad(&body, true))
    }
}

fn group_float(s: &Spec, text: &str) -> String {
    if s.grouping.is_none() {
        return text.to_string();
    }
    match text.split_once('.') {
        Some((i, frac)) => format!("{}.{frac}", s.group(i)),
        None => s.group(text),
    }
}

/// `%.{p}e` as Python writes it (two-digit exponent at least).
fn sci(a: f64, p: usize) -> String {
    let s = format!("{:.*e}", p, a);
    match s.split_once('e') {
        Some((m, e)) => {
            let exp: i32 = e.parse().unwrap_or(0);
            format!("{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
        }
        None => s,
    }
}

/// `%g` formatting.
fn general(a: f64, p: usize, keep_zeros_off: bool) -> String {
    if a == 0.0 {
        return "0".into();
    }
    let exp = a.log10().floor() as i32;
    // Round first, as the exponent may change after rounding.
    let s = format!("{:.*e}", p.saturating_sub(1), a);
    let exp = s
        .split_once('e')
        .and_then(|(_, e)| e.parse::<i32>().ok())
        .unwrap_or(exp);
    let out = if exp < -4 || exp >= p as i32 {
        let m = s
            .split_once('e')
            .map(|(m, _)| m.to_string())
            .unwrap_or_default();
        let m = if keep_zeros_off { strip_zeros(&m) } else { m };
        format!("{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let f = format!("{:.*}", decimals, a);
        if keep_zeros_off {
            strip_zeros(&f)
        } else {
            f
        }
    };
    out
}

fn strip_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// `fmt % args`.
///
/// # Errors
///
/// `TypeError`/`ValueError` for mismatched arguments.
pub fn percent_format(interp: &Interp, fmt: &str, args: &Value) -> Result<String, Exc> {
    let (items, mapping): (Vec<Value>, Option<&Value>) = match args {
        Value::Tuple(t) => (t.to_vec(), None),
        Value::Dict(_) => (vec![args.clone()], Some(args)),
        other => (vec![other.clone()], None),
    };
    let mut next = 0;
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if i < chars.len() && chars[i] == '%' {
            out.push('%');
            i += 1;
            continue;
        }
        let mut key = None;
        if i < chars.len() && chars[i] == '(' {
            let start = i + 1;
            while i < chars.len() && chars[i] != ')' {
                i += 1;
            }
            key = Some(chars[start..i].iter().collect::<String>());
            i += 1;
        }
        let mut flags = String::new();
        while i < chars.len() && matches!(chars[i], '-' | '+' | ' ' | '#' | '0') {
            flags.push(chars[i]);
            i += 1;
        }
        // `*` takes the width (or precision) from the arguments.
        let mut star = |what: &str| -> Result<i64, Exc> {
            let v = items
                .get(next)
                .cloned()
                .ok_or_else(|| Exc::type_error("not enough arguments for format string"))?;
            next += 1;
            v.as_int()
                .ok_or_else(|| Exc::type_error(format!("* wants int{what}")))
        };
        let mut width = String::new();
        if i < chars.len() && chars[i] == '*' {
            let w = star("")?;
            if w < 0 {
                flags.push('-');
            }
            width = w.unsigned_abs().to_string();
            i += 1;
        }
        while i < chars.len() && chars[i].is_ascii_digit() {
            width.push(chars[i]);
            i += 1;
        }
        let mut precision = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let mut p = String::new();
            if i < chars.len() && chars[i] == '*' {
                p = star("")?.max(0).to_string();
                i += 1;
            }
            while i < chars.len() && chars[i].is_ascii_digit() {
                p.push(chars[i]);
                i += 1;
            }
            precision = Some(p);
        }
        let Some(&conv) = chars.get(i) else {
            return Err(Exc::value_error("incomplete format"));
        };
        i += 1;
        let value = match (&key, mapping) {
            (Some(k), Some(m)) => interp.getitem(m, Value::str(k.as_str()))?,
            _ => {
                let v = items
                    .get(next)
                    .cloned()
                    .ok_or_else(|| Exc::type_error("not enough arguments for format string"))?;
                next += 1;
                v
            }
        };
        let align = if flags.contains('-') { "<" } else { "" };
        // Text is right-aligned in %-formatting (left in format()).
        let text_align = if flags.contains('-') { "<" } else { ">" };
        let zero = if flags.contains('0') && !flags.contains('-') {
            "0"
        } else {
            ""
        };
        let sign = if flags.contains('+') {
            "+"
        } else if flags.contains(' ') {
            " "
        } else {
            ""
        };
        let prec = precision
            .map(|p| format!(".{}", if p.is_empty() { "0".into() } else { p }))
            .unwrap_or_default();
        // A subclass of `int` or `float` is its number to `%d` and `%f`.
        let value = match (conv, value.inner()) {
            ('s' | 'r' | 'a', _) | (_, None) => value,
            (_, Some(inner)) => inner.clone(),
        };
        let piece = match conv {
            's' => interp.format_value(
                &Value::str(interp.str(&value)?),
                &format!("{text_align}{width}{prec}"),
            )?,
            'r' | 'a' => interp.format_value(
                &Value::str(interp.repr(&value)?),
                &format!("{text_align}{width}{prec}"),
            )?,
            'd' | 'i' | 'u' => {
                let n = match value {
                    Value::Float(f) if f.abs() < 9.0e18 => Value::Int(f.trunc() as i64),
                    Value::Float(f) => crate::bigint::from_f64(f)?,
                    Value::Big(_) => value,
                    v if v.as_int().is_some() => Value::Int(v.as_int().unwrap_or(0)),
                    // An object with `__int__` or `__index__` (`Decimal`).
                    Value::Object(ref o)
                        if o.class.lookup("__int__").is_some()
                            || o.class.lookup("__index__").is_some() =>
                    {
                        interp.construct("int", Args::new(vec![value.clone()]))?
                    }
                    other => {
                        return Err(Exc::type_error(format!(
                            "%d format: a real number is required, not {}",
                            other.type_name()
                        )))
                    }
                };
                interp.format_value(&n, &format!("{align}{sign}{zero}{width}d"))?
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                let f = match &value {
                    Value::Big(b) => crate::bigint::to_f64(b)?,
                    // An object with `__float__` or `__index__` (`Decimal`).
                    Value::Object(o)
                        if o.class.lookup("__float__").is_some()
                            || o.class.lookup("__index__").is_some() =>
                    {
                        match interp.construct("float", Args::new(vec![value.clone()]))? {
                            Value::Float(f) => f,
                            _ => 0.0,
                        }
                    }
                    _ => value.as_number().map(|n| n.as_f64()).ok_or_else(|| {
                        Exc::type_error(format!("must be real number, not {}", value.type_name()))
                    })?,
                };
                let prec = if prec.is_empty() {
                    ".6".to_string()
                } else {
                    prec
                };
                interp.format_value(
                    &Value::Float(f),
                    &format!("{align}{sign}{zero}{width}{prec}{conv}"),
                )?
            }
            'x' | 'X' | 'o' => {
                let n = match &value {
                    Value::Big(_) => value.clone(),
                    _ => Value::Int(value.as_int().ok_or_else(|| {
                        Exc::type_error(format!(
                            "%{conv} format: an integer is required, not {}",
                            value.type_name()
                        ))
                    })?),
                };
                let alt = if flags.contains('#') { "#" } else { "" };
                interp.format_value(&n, &format!("{align}{sign}{alt}{zero}{width}{conv}"))?
            }
            'c' => {
                let ch = match &value {
                    Value::Str(s) => s.to_string(),
                    v => v
                        .as_int()
                        .and_then(|n| char::from_u32(n as u32))
                        .map(String::from)
                        .unwrap_or_default(),
                };
                interp.format_value(&Value::str(ch.as_str()), &format!("{text_align}{width}"))?
            }
            other => {
                return Err(Exc::value_error(format!(
                    "unsupported format character '{other}'"
                )))
            }
        };
        out.push_str(&piece);
    }
    if mapping.is_none()
        && next < items.len()
        && !matches!(args, Value::Tuple(_) if items.is_empty())
    {
        if let Value::Tuple(_) = args {
            return Err(Exc::type_error(
                "not all arguments converted during string formatting",
            ));
        }
    }
    Ok(out)
}

/// `template.format(*args, **kwargs)`.
///
/// # Errors
///
/// `IndexError`/`KeyError` for missing fields, `ValueError` for bad specs.
pub fn str_format(
    interp: &Interp,
    template: &str,
    args: &[Value],
    kwargs: &[(std::rc::Rc<str>, Value)],
) -> Result<String, Exc> {
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::new();
    let mut auto = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            if chars.get(i + 1) == Some(&'{') {
                out.push('{');
                i += 2;
                continue;
            }
            let start = i + 1;
            let mut depth = 1;
            i += 1;
            while i < chars.len() && depth > 0 {
                match chars[i] {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth != 0 {
                return Err(Exc::value_error("Single '{' encountered in format string"));
            }
            let field: String = chars[start..i - 1].iter().collect();
            let (field, spec) = match field.split_once(':') {
                Some((f, s)) => (f.to_string(), s.to_string()),
                None => (field, String::new()),
            };
            let (field, conv) = match field.split_once('!') {
                Some((f, c)) => (f.to_string(), c.chars().next()),
                None => (field, None),
            };
            // Nested replacement fields in the spec.
            let spec = if spec.contains('{') {
                str_format(interp, &spec, args, kwargs)?
            } else {
                spec
            };
            let (head, rest) = split_field(&field);
            let mut value = if head.is_empty() {
                let v = args.get(auto).cloned().ok_or_else(|| {
                    Exc::of(
                        "IndexError",
                        format!("Replacement index {auto} out of range for positional args tuple"),
                    )
                })?;
                auto += 1;
                v
            } else if let Ok(n) = head.parse::<usize>() {
                args.get(n).cloned().ok_or_else(|| {
                    Exc::of(
                        "IndexError",
                        format!("Replacement index {n} out of range for positional args tuple"),
                    )
                })?
            } else {
                kwargs
                    .iter()
                    .find(|(k, _)| **k == *head)
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| {
                        Exc::new(crate::exc::class("KeyError"), vec![Value::str(head)])
                    })?
            };
            for part in rest {
                value = match part {
                    FieldPart::Attr(a) => interp.getattr(&value, &a)?,
                    FieldPart::Index(k) => {
                        let key = k
                            .parse::<i64>()
                            .map(Value::Int)
                            .unwrap_or_else(|_| Value::str(k.as_str()));
                        interp.getitem(&value, key)?
                    }
                };
            }
            let value = match conv {
                Some('r') | Some('a') => Value::str(interp.repr(&value)?),
                Some('s') => Value::str(interp.str(&value)?),
                _ => value,
            };
            out.push_str(&interp.format_value(&value, &spec)?);
        } else if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(Exc::value_error("Single '}' encountered in format string"));
        } else {
            out.push(c);
            i += 1;
        }
    }
    Ok(out)
}

enum FieldPart {
    Attr(String),
    Index(String),
}

fn split_field(field: &str) -> (String, Vec<FieldPart>) {
    let mut head = String::new();
    let mut parts = Vec::new();
    let mut chars = field.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == '.' || c == '[' {
            break;
        }
        head.push(c);
        chars.next();
    }
    while let Some(c) = chars.next() {
        if c == '.' {
            let mut a = String::new();
            while let Some(&d) = chars.peek() {
                if d == '.' || d == '[' {
                    break;
                }
                a.push(d);
                chars.next();
            }
            parts.push(FieldPart::Attr(a));
        } else if c == '[' {
            let mut k = String::new();
            for d in chars.by_ref() {
                if d == ']' {
                    break;
                }
                k.push(d);
            }
            parts.push(FieldPart::Index(k));
        }
    }
    (head, parts)
}
