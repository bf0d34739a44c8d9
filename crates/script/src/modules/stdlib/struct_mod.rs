//! `struct`: `pack`, `unpack`, `unpack_from`, `iter_unpack`, `calcsize`,
//! `Struct` (with `format`, `size` and the same methods) and `struct.error`,
//! with CPython's messages. Formats take a byte-order prefix (`@` native
//! with alignment, `=`, `<`, `>`, `!` standard sizes, no alignment) and the
//! codes `x c b B ? h H i I l L q Q n N f d s p`, each with a repeat count.
//! Native order is little-endian (as on every host Looplab runs on).
//!
//! Left out: `pack_into` (there is no `bytearray`), the half-float `e` and
//! pointer `P` codes, and `isinstance(x, struct.Struct)` (`Struct` is a
//! factory function here, not a class).

use super::{call_builtin, func, make_module, new_class};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use num_bigint::BigInt;
use std::any::Any;
use std::rc::Rc;

thread_local! {
    static ERROR: Rc<Class> = new_class("error", "struct", Some(crate::exc::class("Exception")), vec![]);
}

fn error(msg: impl Into<String>) -> Exc {
    Exc::new(ERROR.with(Rc::clone), vec![Value::str(msg.into())])
}

/// One format code with its repeat count (for `s`/`p`, the byte length).
#[derive(Clone, Copy)]
struct Item {
    code: u8,
    count: usize,
    size: usize,
    offset: usize,
}

/// A parsed format.
struct Layout {
    big: bool,
    items: Vec<Item>,
    size: usize,
    /// How many values `pack` takes and `unpack` gives.
    values: usize,
}

fn code_size(code: u8, native: bool) -> Option<usize> {
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => {
            if native {
                8
            } else {
                4
            }
        }
        b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' if native => 8,
        _ => return None,
    })
}

fn parse(fmt: &str) -> Result<Layout, Exc> {
    let bytes = fmt.as_bytes();
    let (native, big, mut i) = match bytes.first() {
        Some(b'@') => (true, false, 1),
        Some(b'=') | Some(b'<') => (false, false, 1),
        Some(b'>') | Some(b'!') => (false, true, 1),
        _ => (true, false, 0),
    };
    let mut items = Vec::new();
    let mut size = 0usize;
    let mut values = 0usize;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count: Option<usize> = None;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            let d = usize::from(bytes[i] - b'0');
            count = Some(
                count
                    .unwrap_or(0)
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(d))
                    .ok_or_else(|| error("total struct size too long"))?,
            );
            i += 1;
        }
        let Some(&code) = bytes.get(i) else {
            return Err(error("repeat count given without format specifier"));
        };
        i += 1;
        let one = code_size(code, native).ok_or_else(|| error("bad char in struct format"))?;
        if native && one > 1 && !matches!(code, b's' | b'p') {
            size = size.div_ceil(one) * one;
        }
        let n = count.unwrap_or(1);
        match code {
            b's' | b'p' => {
                items.push(Item {
                    code,
                    count: n,
                    size: n,
                    offset: size,
                });
                size += n;
                values += 1;
            }
            b'x' => size += n,
            _ => {
                for _ in 0..n {
                    items.push(Item {
                        code,
                        count: 1,
                        size: one,
                        offset: size,
                    });
                    size += one;
                    values += 1;
                }
            }
        }
    }
    Ok(Layout {
        big,
        items,
        size,
        values,
    })
}

fn fmt_of(v: Option<&Value>) -> Result<Rc<str>, Exc> {
    match v {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(Value::Bytes(b)) => Ok(String::from_utf8_lossy(b).as_ref().into()),
        Some(other) => Err(Exc::type_error(format!(
            "Struct() argument 1 must be a str or bytes object, not {}",
            other.type_name()
        ))),
        None => Err(Exc::type_error(
            "missing required argument 'format' (pos 1)",
        )),
    }
}

fn buffer_of(v: Option<&Value>) -> Result<Rc<[u8]>, Exc> {
    crate::bytearray::require_bytes(v, "missing required argument 'buffer'")
}

fn put(out: &mut [u8], big: bool, bytes_le: &[u8]) {
    if big {
        for (o, b) in out.iter_mut().zip(bytes_le.iter().rev()) {
            *o = *b;
        }
    } else {
        out.copy_from_slice(bytes_le);
    }
}

fn int_arg(v: &Value) -> Result<BigInt, Exc> {
    if matches!(v, Value::Float(_)) {
        return Err(error("required argument is not an integer"));
    }
    crate::bigint::to_big(v).ok_or_else(|| error("required argument is not an integer"))
}

fn range_error(code: u8) -> Exc {
    match code {
        b'b' => error("byte format requires -128 <= number <= 127"),
        b'B' => error("ubyte format requires 0 <= number <= 255"),
        b'h' => error("short format requires -32768 <= number <= 32767"),
        b'H' => error("ushort format requires 0 <= number <= 65535"),
        _ => error("argument out of range"),
    }
}

fn pack_one(interp: &Interp, it: &Item, big: bool, v: &Value, out: &mut [u8]) -> Result<(), Exc> {
    match it.code {
        b'c' => match v {
            Value::Bytes(b) if b.len() == 1 => out[0] = b[0],
            _ => return Err(error("char format requires a bytes object of length 1")),
        },
        b's' | b'p' => {
            let Value::Bytes(b) = v else {
                return Err(error(format!(
                    "argument for '{}' must be a bytes object",
                    it.code as char
                )));
            };
            if it.code == b's' {
                let n = b.len().min(it.count);
                out[..n].copy_from_slice(&b[..n]);
            } else if it.count > 0 {
                let n = b.len().min(it.count - 1).min(255);
                out[0] = n as u8;
                out[1..=n].copy_from_slice(&b[..n]);
            }
        }
        b'?' => out[0] = u8::from(interp.truthy(v)?),
        b'f' | b'd' => {
            let x = match v {
                Value::Float(f) => *f,
                other => match crate::bigint::to_big(other) {
                    Some(b) => crate::bigint::to_f64(&b)?,
                    None => return Err(error("required argument is not a float")),
                },
            };
            if it.code == b'f' {
                let y = x as f32;
                if y.is_infinite() && x.is_finite() {
                    return Err(Exc::new(
                        crate::exc::class("OverflowError"),
                        vec![Value::str("float too large to pack with f format")],
                    ));
                }
                put(out, big, &y.to_le_bytes());
            } else {
                put(out, big, &x.to_le_bytes());
            }
        }
        code => {
            let n = int_arg(v)?;
            let signed = code.is_ascii_lowercase();
            let bits = it.size * 8;
            let (lo, hi) = if signed {
                (
                    -(BigInt::from(1) << (bits - 1)),
                    (BigInt::from(1) << (bits - 1)) - 1,
                )
            } else {
                (BigInt::from(0), (BigInt::from(1) << bits) - 1)
            };
            if n < lo || n > hi {
                if signed && it.size == 4 {
                    return Err(error(format!(
                        "'{}' format requires {lo} <= number <= {hi}",
                        code as char
                    )));
                }
                return Err(range_error(code));
            }
            let le = n.to_signed_bytes_le();
            let fill = if n < BigInt::from(0) { 0xff } else { 0 };
            let mut buf = vec![fill; it.size];
            for (d, s) in buf.iter_mut().zip(le.iter()) {
                *d = *s;
            }
            put(out, big, &buf);
        }
    }
    Ok(())
}

fn pack_with(interp: &Interp, layout: &Layout, vals: &[Value]) -> Result<Value, Exc> {
    if vals.len() != layout.values {
        return Err(error(format!(
            "pack expected {} items for packing (got {})",
            layout.values,
            vals.len()
        )));
    }
    let mut out = vec![0u8; layout.size];
    for (it, v) in layout.items.iter().zip(vals) {
        pack_one(
            interp,
            it,
            layout.big,
            v,
            &mut out[it.offset..it.offset + it.size],
        )?;
    }
    Ok(Value::Bytes(out.into()))
}

fn get(data: &[u8], big: bool) -> Vec<u8> {
    if big {
        data.iter().rev().copied().collect()
    } else {
        data.to_vec()
    }
}

fn unpack_at(layout: &Layout, data: &[u8]) -> Result<Value, Exc> {
    let mut out = Vec::with_capacity(layout.values);
    for it in &layout.items {
        let raw = &data[it.offset..it.offset + it.size];
        out.push(match it.code {
            b'c' => Value::Bytes(raw.to_vec().into()),
            b's' => Value::Bytes(raw.to_vec().into()),
            b'p' => {
                let n =
                    usize::from(raw.first().copied().unwrap_or(0)).min(it.count.saturating_sub(1));
                Value::Bytes(raw.get(1..=n).unwrap_or(&[]).to_vec().into())
            }
            b'?' => Value::Bool(raw[0] != 0),
            b'f' => {
                let b = get(raw, layout.big);
                let mut a = [0u8; 4];
                a.copy_from_slice(&b);
                Value::Float(f64::from(f32::from_le_bytes(a)))
            }
            b'd' => {
                let b = get(raw, layout.big);
                let mut a = [0u8; 8];
                a.copy_from_slice(&b);
                Value::Float(f64::from_le_bytes(a))
            }
            code => {
                let b = get(raw, layout.big);
                let n = if code.is_ascii_lowercase() {
                    BigInt::from_signed_bytes_le(&b)
                } else {
                    BigInt::from_bytes_le(num_bigint::Sign::Plus, &b)
                };
                crate::bigint::from_big(n)?
            }
        });
    }
    Ok(Value::tuple(out))
}

fn unpack_with(layout: &Layout, data: &[u8]) -> Result<Value, Exc> {
    if data.len() != layout.size {
        return Err(error(format!(
            "unpack requires a buffer of {} bytes",
            layout.size
        )));
    }
    unpack_at(layout, data)
}

fn unpack_from_with(layout: &Layout, data: &[u8], offset: Option<&Value>) -> Result<Value, Exc> {
    let mut off = match offset {
        Some(v) => super::int_of(v, "")?,
        None => 0,
    };
    if off < 0 {
        off += data.len() as i64;
        if off < 0 {
            return Err(error(format!(
                "offset {} out of range for {}-byte buffer",
                off - data.len() as i64,
                data.len()
            )));
        }
    }
    let off = off as usize;
    if data.len() < off || data.len() - off < layout.size {
        return Err(error(format!(
            "unpack_from requires a buffer of at least {} bytes for unpacking {} bytes at offset {off} (actual buffer size is {})",
            layout.size.saturating_add(off),
            layout.size,
            data.len()
        )));
    }
    unpack_at(layout, &data[off..off + layout.size])
}

fn iter_unpack_with(interp: &Interp, layout: &Layout, data: &[u8]) -> Result<Value, Exc> {
    if layout.size == 0 {
        return Err(error("cannot iteratively unpack with a struct of length 0"));
    }
    if !data.len().is_multiple_of(layout.size) {
        return Err(error(format!(
            "iterative unpacking requires a buffer of a multiple of {} bytes",
            layout.size
        )));
    }
    let mut rows = Vec::new();
    for chunk in data.chunks(layout.size) {
        rows.push(unpack_at(layout, chunk)?);
    }
    call_builtin(interp, "iter", Args::new(vec![Value::list(rows)]))
}

// ------------------------------------------------------------ the functions

fn split_fmt(a: Args) -> Result<(Layout, Vec<Value>), Exc> {
    let mut pos = a.pos;
    if pos.is_empty() {
        return Err(Exc::type_error(
            "missing required argument 'format' (pos 1)",
        ));
    }
    let fmt = fmt_of(Some(&pos.remove(0)))?;
    Ok((parse(&fmt)?, pos))
}

fn pack(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (layout, vals) = split_fmt(a)?;
    pack_with(interp, &layout, &vals)
}

fn unpack(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (layout, rest) = split_fmt(a)?;
    unpack_with(&layout, &buffer_of(rest.first())?)
}

fn unpack_from(_: &Interp, mut a: Args) -> Result<Value, Exc> {
    let offset = a.take_kw("offset");
    let (layout, rest) = split_fmt(a)?;
    let data = buffer_of(rest.first())?;
    unpack_from_with(&layout, &data, offset.as_ref().or(rest.get(1)))
}

fn iter_unpack(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (layout, rest) = split_fmt(a)?;
    iter_unpack_with(interp, &layout, &buffer_of(rest.first())?)
}

fn calcsize(_: &Interp, a: Args) -> Result<Value, Exc> {
    let (layout, _) = split_fmt(a)?;
    Ok(Value::Int(layout.size as i64))
}

// ------------------------------------------------------------ Struct

/// A compiled format (`struct.Struct`).
struct StructObj {
    format: Rc<str>,
    layout: Layout,
}

impl Native for StructObj {
    fn type_name(&self) -> &'static str {
        "Struct"
    }
    fn repr(&self) -> String {
        format!(
            "<_struct.Struct object at {}>",
            crate::format::address(self as *const Self)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "format" => return Some(Value::Str(self.format.clone())),
            "size" => return Some(Value::Int(self.layout.size as i64)),
            "pack" => |i, a| with_struct(a, |s, rest| pack_with(i, &s.layout, &rest)),
            "unpack" => |_, a| {
                with_struct(a, |s, rest| {
                    unpack_with(&s.layout, &buffer_of(rest.first())?)
                })
            },
            "unpack_from" => |_, mut a| {
                let offset = a.take_kw("offset");
                with_struct(a, |s, rest| {
                    let data = buffer_of(rest.first())?;
                    unpack_from_with(&s.layout, &data, offset.as_ref().or(rest.get(1)))
                })
            },
            "iter_unpack" => |i, a| {
                with_struct(a, |s, rest| {
                    iter_unpack_with(i, &s.layout, &buffer_of(rest.first())?)
                })
            },
            _ => return None,
        };
        Some(crate::value::bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn with_struct(
    a: Args,
    f: impl FnOnce(&StructObj, Vec<Value>) -> Result<Value, Exc>,
) -> Result<Value, Exc> {
    let mut pos = a.pos;
    if pos.is_empty() {
        return Err(Exc::type_error("descriptor needs a Struct object"));
    }
    let this = pos.remove(0);
    match native_ref::<StructObj>(&this) {
        Some(s) => f(s, pos),
        None => Err(Exc::type_error("descriptor needs a Struct object")),
    }
}

fn struct_new(_: &Interp, a: Args) -> Result<Value, Exc> {
    let fmt = fmt_of(a.pos.first())?;
    let layout = parse(&fmt)?;
    Ok(Value::Native(Rc::new(StructObj {
        format: fmt,
        layout,
    })))
}

/// The `struct` module.
pub(super) fn module() -> Value {
    make_module(
        "struct",
        vec![
            ("error", Value::Class(ERROR.with(Rc::clone))),
            ("pack", func("pack", pack)),
            ("unpack", func("unpack", unpack)),
            ("unpack_from", func("unpack_from", unpack_from)),
            ("iter_unpack", func("iter_unpack", iter_unpack)),
            ("calcsize", func("calcsize", calcsize)),
            ("Struct", func("Struct", struct_new)),
        ],
    )
}
