//! Integers beyond 64 bits.
//!
//! Python's `int` has no size limit. Ours is an `i64` ([`Value::Int`]) while
//! it fits and a [`Value::Big`] when it does not: arithmetic on 64-bit ints
//! that overflows, and anything involving a big int, comes here and the
//! result goes back to an `i64` whenever it fits ([`from_big`]), so a
//! `Value::Big` never holds a value an `Int` could. A program cannot make
//! an integer wider than [`MAX_BITS`]: that is the interpreter's memory
//! limit for one number, and it also bounds how long one operation takes.

use crate::exc::Exc;
use crate::ir::BinOp;
use crate::value::Value;
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use std::rc::Rc;

/// The widest integer a program can make (about 315,000 decimal digits;
/// the compiler holds literals to the same width).
pub const MAX_BITS: u64 = crate::ir::MAX_INT_BITS;

/// CPython's limit on digits converted to or from text
/// (`sys.get_int_max_str_digits()`).
pub const MAX_STR_DIGITS: usize = 4300;

/// The error for an int past [`MAX_BITS`].
pub fn too_big() -> Exc {
    Exc::of(
        "OverflowError",
        format!("integer too large: Looplab's ints are limited to {MAX_BITS} bits"),
    )
}

/// The value of `b`, an `Int` when it fits.
///
/// # Errors
///
/// `OverflowError` beyond [`MAX_BITS`].
pub fn from_big(b: BigInt) -> Result<Value, Exc> {
    if let Some(i) = b.to_i64() {
        return Ok(Value::Int(i));
    }
    if b.bits() > MAX_BITS {
        return Err(too_big());
    }
    Ok(Value::Big(Rc::new(b)))
}

/// The integer in an `int` or `bool`, whatever its size.
pub fn to_big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Big(b) => Some((**b).clone()),
        _ => None,
    }
}

/// Whether `v` is an `int` or `bool`.
pub fn is_int(v: &Value) -> bool {
    matches!(v, Value::Bool(_) | Value::Int(_) | Value::Big(_))
}

/// `float(b)`.
///
/// # Errors
///
/// `OverflowError` when it is beyond a float's range, as CPython says.
pub fn to_f64(b: &BigInt) -> Result<f64, Exc> {
    match b.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => Err(Exc::of(
            "OverflowError",
            "int too large to convert to float",
        )),
    }
}

/// `a op b` where both are ints and one is big (or the 64-bit result
/// overflowed); `None` when ints do not support `op`.
///
/// # Errors
///
/// `ZeroDivisionError`, `ValueError` for negative shifts, `OverflowError`
/// past [`MAX_BITS`].
pub fn int_op(op: BinOp, a: &BigInt, b: &BigInt) -> Result<Option<Value>, Exc> {
    let zero_div = |what: &str| Exc::of("ZeroDivisionError", what.to_string());
    let r = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => {
            if a.bits() + b.bits() > MAX_BITS + 1 {
                return Err(too_big());
            }
            a * b
        }
        BinOp::FloorDiv | BinOp::Mod => {
            if b.is_zero() {
                return Err(zero_div(if op == BinOp::Mod {
                    "integer modulo by zero"
                } else {
                    "integer division or modulo by zero"
                }));
            }
            if op == BinOp::FloorDiv {
                a.div_floor(b)
            } else {
                a.mod_floor(b)
            }
        }
        BinOp::Div => {
            if b.is_zero() {
                return Err(zero_div("division by zero"));
            }
            return Ok(Some(Value::Float(true_div(a, b)?)));
        }
        BinOp::Pow => return pow(a, b).map(Some),
        BinOp::LShift | BinOp::RShift => {
            if b.is_negative() {
                return Err(Exc::value_error("negative shift count"));
            }
            let s = b.to_u64().unwrap_or(u64::MAX);
            if op == BinOp::RShift {
                if s >= a.bits() {
                    BigInt::from(if a.is_negative() { -1 } else { 0 })
                } else {
                    // `>>` on a negative BigInt rounds towards negative
                    // infinity, as Python's does.
                    a >> s
                }
            } else {
                if a.is_zero() {
                    return Ok(Some(Value::Int(0)));
                }
                if a.bits().saturating_add(s) > MAX_BITS {
                    return Err(too_big());
                }
                a << s
            }
        }
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        BinOp::MatMul => return Ok(None),
    };
    from_big(r).map(Some)
}

/// `a / b` for ints, as a float, correctly rounded as CPython's is: exact
/// operands when both fit a float's 53-bit mantissa; otherwise a 55- or
/// 56-bit integer quotient whose last bit is sticky (set when anything was
/// dropped), which a float conversion then rounds once.
fn true_div(a: &BigInt, b: &BigInt) -> Result<f64, Exc> {
    let overflow = || {
        Exc::of(
            "OverflowError",
            "integer division result too large for a float",
        )
    };
    let negative = a.is_negative() != b.is_negative() && !a.is_zero();
    let (a, b) = (a.abs(), b.abs());
    if a.bits() <= 53 && b.bits() <= 53 {
        let q = a.to_f64().unwrap_or(f64::NAN) / b.to_f64().unwrap_or(f64::NAN);
        return Ok(if negative { -q } else { q });
    }
    let diff = a.bits() as i64 - b.bits() as i64;
    if diff > 1025 {
        return Err(overflow());
    }
    // Below the normal range, keep only the bits a subnormal holds.
    let shift = diff.max(-1021) - 55;
    let (x, mut inexact) = if shift <= 0 {
        (a << (-shift) as u64, false)
    } else {
        let x = &a >> shift as u64;
        let lost = &x << shift as u64 != a;
        (x, lost)
    };
    let (q, r) = x.div_rem(&b);
    inexact |= !r.is_zero();
    let mut q = q.to_u64().unwrap_or(u64::MAX);
    if inexact {
        q |= 1;
    }
    let mut f = q as f64;
    let mut e = shift;
    while e > 0 {
        let step = e.min(1000);
        f *= 2f64.powi(step as i32);
        e -= step;
    }
    while e < 0 {
        let step = (-e).min(1000);
        f /= 2f64.powi(step as i32);
        e += step;
    }
    if !f.is_finite() {
        return Err(overflow());
    }
    Ok(if negative { -f } else { f })
}

fn pow(a: &BigInt, b: &BigInt) -> Result<Value, Exc> {
    if b.is_negative() {
        if a.is_zero() {
            return Err(Exc::of(
                "ZeroDivisionError",
                "0.0 cannot be raised to a negative power",
            ));
        }
        let base = to_f64(a)?;
        let e = b.to_f64().unwrap_or(f64::NEG_INFINITY);
        return Ok(Value::Float(base.powf(e)));
    }
    // 0, 1 and -1 to any power stay small.
    if a.is_zero() || a.magnitude().bits() == 1 {
        let odd = b.is_odd();
        return Ok(Value::Int(match a.to_i64() {
            Some(-1) if odd => -1,
            Some(-1) => 1,
            Some(0) if b.is_zero() => 1,
            Some(0) => 0,
            _ => 1,
        }));
    }
    let e = match b.to_u64() {
        Some(e) if a.bits().saturating_sub(1).saturating_mul(e) <= MAX_BITS => e,
        _ => return Err(too_big()),
    };
    let r = num_traits::pow::Pow::pow(a, e);
    from_big(r)
}

/// `pow(a, b, m)` for ints.
///
/// # Errors
///
/// `ValueError` for a zero modulus, or a negative exponent with no inverse.
pub fn pow_mod(a: &BigInt, b: &BigInt, m: &BigInt) -> Result<Value, Exc> {
    if m.is_zero() {
        return Err(Exc::value_error("pow() 3rd argument cannot be 0"));
    }
    let base = if b.is_negative() {
        inverse(a, m)
            .ok_or_else(|| Exc::value_error("base is not invertible for the given modulus"))?
    } else {
        a.clone()
    };
    let e = b.abs();
    let r = base.modpow(&e, &m.abs());
    // Python's result takes the modulus' sign.
    let r = if m.is_negative() && !r.is_zero() {
        r + m
    } else {
        r
    };
    from_big(r)
}

fn inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let m = m.abs();
    let g = a.mod_floor(&m).extended_gcd(&m);
    if g.gcd != BigInt::from(1) {
        return None;
    }
    Some(g.x.mod_floor(&m))
}

/// `-b`.
///
/// # Errors
///
/// Never in practice (the result is as wide as `b`).
pub fn neg(b: &BigInt) -> Result<Value, Exc> {
    from_big(-b)
}

/// `abs(b)`.
///
/// # Errors
///
/// Never in practice.
pub fn abs(b: &BigInt) -> Result<Value, Exc> {
    from_big(b.abs())
}

/// `~b`.
///
/// # Errors
///
/// Never in practice.
pub fn invert(b: &BigInt) -> Result<Value, Exc> {
    from_big(-b - 1)
}

/// Decimal text of `b`, as `str()` gives it.
///
/// # Errors
///
/// `ValueError` past CPython's 4300-digit limit, with its wording.
pub fn to_decimal(b: &BigInt) -> Result<String, Exc> {
    // A cheap bound first: 2**k has about k*log10(2) digits.
    if b.bits() as f64 * std::f64::consts::LOG10_2 > MAX_STR_DIGITS as f64 + 1.0 {
        let s = b.to_string();
        let digits = s.trim_start_matches('-').len();
        if digits > MAX_STR_DIGITS {
            return Err(Exc::value_error(format!(
                "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
            )));
        }
        return Ok(s);
    }
    Ok(b.to_string())
}

/// Parses an integer literal's digits in `radix` (no sign, no
/// underscores): for `int("…")` and literals beyond 64 bits.
///
/// # Errors
///
/// `ValueError` past CPython's 4300-digit limit (decimal only).
pub fn parse(digits: &str, radix: u32, negative: bool) -> Result<Option<Value>, Exc> {
    if radix == 10 && digits.len() > MAX_STR_DIGITS {
        return Err(Exc::value_error(format!(
            "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
            digits.len()
        )));
    }
    let Some(m) = BigInt::parse_bytes(digits.as_bytes(), radix) else {
        return Ok(None);
    };
    from_big(if negative { -m } else { m }).map(Some)
}

/// The digits of `b` in `radix` (2, 8 or 16), lower-case, without sign.
pub fn digits_in(b: &BigInt, radix: u32) -> String {
    b.magnitude().to_str_radix(radix)
}

/// Whether `b` is negative.
pub fn is_negative(b: &BigInt) -> bool {
    b.sign() == Sign::Minus
}

/// `int(f)` for a float beyond 64 bits.
///
/// # Errors
///
/// `OverflowError` for infinities, `ValueError` for NaN, as CPython words
/// them.
pub fn from_f64(f: f64) -> Result<Value, Exc> {
    if f.is_nan() {
        return Err(Exc::value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(Exc::of(
            "OverflowError",
            "cannot convert float infinity to integer",
        ));
    }
    let b = num_traits::FromPrimitive::from_f64(f.trunc()).unwrap_or_default();
    from_big(b)
}

/// Compares an int with a float exactly (as CPython does: `2**53 + 1 >
/// 2.0**53` is true although the int converts to that float).
pub fn cmp_float(a: &BigInt, f: f64) -> Option<std::cmp::Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            std::cmp::Ordering::Less
        } else {
            std::cmp::Ordering::Greater
        });
    }
    let t = f.trunc();
    let whole: BigInt = num_traits::FromPrimitive::from_f64(t).unwrap_or_default();
    Some(match a.cmp(&whole) {
        std::cmp::Ordering::Equal => {
            // Equal whole parts: the float's fraction decides.
            0.0f64
                .partial_cmp(&(f - t))
                .unwrap_or(std::cmp::Ordering::Equal)
        }
        o => o,
    })
}

/// Compares a 64-bit int with a float exactly (an `i64` beyond 2**53 may
/// not convert to a float exactly).
pub fn int_cmp_float(i: i64, f: f64) -> Option<std::cmp::Ordering> {
    if i.unsigned_abs() <= 1 << 53 {
        (i as f64).partial_cmp(&f)
    } else {
        cmp_float(&BigInt::from(i), f)
    }
}

/// CPython's numeric hash modulus, `sys.hash_info.modulus` (2**61 - 1):
/// a number's hash is its value reduced modulo this prime, so equal ints,
/// floats, `Fraction`s and `Decimal`s hash alike.
pub const HASH_MODULUS: u64 = (1 << 61) - 1;

/// CPython's hash of an int: itself below the modulus, `-1` made `-2`.
pub fn int_hash(i: i64) -> i64 {
    let m = i.unsigned_abs() % HASH_MODULUS;
    let h = if i < 0 { -(m as i64) } else { m as i64 };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// CPython's hash of a big int (see [`int_hash`]).
pub fn big_hash(b: &BigInt) -> i64 {
    let m = (b.abs() % BigInt::from(HASH_MODULUS)).to_i64().unwrap_or(0);
    let h = if b.is_negative() { -m } else { m };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// CPython's numeric hash of a float (what `hash(1.5)` gives and
/// `seed(1.5)` seeds with): equal to the hash of any int or rational equal
/// to it. `0` for NaN.
pub fn float_hash(f: f64) -> i64 {
    const BITS: u32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if f.is_infinite() {
        return if f > 0.0 { 314_159 } else { -314_159 };
    }
    if f.is_nan() {
        return 0;
    }
    let (mut m, mut e) = frexp(f);
    let sign: i64 = if m < 0.0 {
        m = -m;
        -1
    } else {
        1
    };
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        (e % BITS as i32) as u32
    } else {
        BITS - 1 - ((-1 - e) % BITS as i32) as u32
    };
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    let h = (x as i64).wrapping_mul(sign);
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `math.frexp`: `f == m * 2**e` with `0.5 <= |m| < 1`.
pub fn frexp(f: f64) -> (f64, i32) {
    if f == 0.0 || !f.is_finite() {
        return (f, 0);
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(f * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// `int.bit_length()`.
pub fn bit_length(b: &BigInt) -> u64 {
    b.bits()
}

/// `round(b, ndigits)`: to a multiple of `10**-ndigits`, halves to even.
///
/// # Errors
///
/// Never in practice (the result is no wider than `b`).
pub fn round(b: &BigInt, ndigits: i64) -> Result<Value, Exc> {
    if ndigits >= 0 {
        return from_big(b.clone());
    }
    let Ok(k) = u32::try_from(-ndigits) else {
        return Ok(Value::Int(0));
    };
    if u64::from(k) > b.bits() {
        return Ok(Value::Int(0));
    }
    let unit = num_traits::pow::Pow::pow(&BigInt::from(10), k);
    let (q, r) = b.div_mod_floor(&unit);
    let twice: BigInt = &r * 2;
    let q = match twice.cmp(&unit) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal if q.is_odd() => q + 1,
        std::cmp::Ordering::Equal => q,
    };
    from_big(q * unit)
}
