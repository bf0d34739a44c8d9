//! `base64` and `binascii`: Base64 (standard, URL-safe, with `altchars`
//! and `validate`), Base32 and Base16 encoding and decoding, and
//! `binascii`'s `Error`, `hexlify` / `unhexlify`, `b2a_base64` /
//! `a2b_base64` and `crc32`. Decoding reads as `binascii.a2b_base64` does
//! (characters outside the alphabet skipped, padding checked) and fails
//! with its messages.
//!
//! Left out: Base85 / Ascii85, `encodebytes` / `decodebytes`, the
//! `encode` / `decode` file functions, and `b32hexencode`.

use super::{func, make_module, new_class};
use crate::exc::Exc;
use crate::value::*;
use std::rc::Rc;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

thread_local! {
    static ERROR: Rc<Class> = new_class("Error", "binascii", Some(crate::exc::class("ValueError")), vec![]);
}

/// `binascii.Error`.
fn error_class() -> Rc<Class> {
    ERROR.with(Rc::clone)
}

fn error(msg: impl Into<String>) -> Exc {
    Exc::new(error_class(), vec![Value::str(msg.into())])
}

/// Bytes to encode: `bytes` only.
fn bytes_in(v: Option<&Value>) -> Result<Rc<[u8]>, Exc> {
    crate::bytearray::require_bytes(v, "missing required argument 's' (pos 1)")
}

/// Text to decode: `bytes`, or a `str` of ASCII characters.
fn ascii_in(v: Option<&Value>) -> Result<Vec<u8>, Exc> {
    match v {
        Some(Value::Bytes(b)) => Ok(b.to_vec()),
        Some(Value::Str(s)) if s.is_ascii() => Ok(s.as_bytes().to_vec()),
        Some(Value::Str(_)) => Err(Exc::value_error(
            "string argument should contain only ASCII characters",
        )),
        Some(other) => Err(Exc::type_error(format!(
            "argument should be a bytes-like object or ASCII string, not '{}'",
            other.type_name()
        ))),
        None => Err(Exc::type_error("missing required argument 's' (pos 1)")),
    }
}

fn bytes_value(b: Vec<u8>) -> Value {
    Value::Bytes(b.into())
}

fn b64_encode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= n {
                out.push(B64[((v >> (18 - 6 * k)) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}

fn b64_value(c: u8) -> Option<u32> {
    B64.iter().position(|x| *x == c).map(|i| i as u32)
}

/// `binascii.a2b_base64` (not strict).
fn b64_decode(data: &[u8]) -> Result<Vec<u8>, Exc> {
    let mut out = Vec::new();
    let mut quad = 0;
    let mut left: u32 = 0;
    let mut pads = 0;
    for &c in data {
        if c == b'=' {
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = b64_value(c) else { continue };
        pads = 0;
        match quad {
            0 => {
                quad = 1;
                left = v;
            }
            1 => {
                quad = 2;
                out.push(((left << 2) | (v >> 4)) as u8);
                left = v & 0x0f;
            }
            2 => {
                quad = 3;
                out.push(((left << 4) | (v >> 2)) as u8);
                left = v & 0x03;
            }
            _ => {
                quad = 0;
                out.push(((left << 6) | v) as u8);
                left = 0;
            }
        }
    }
    match quad {
        0 => Ok(out),
        1 => Err(error(format!(
            "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
            out.len() / 3 * 4 + 1
        ))),
        _ => Err(error("Incorrect padding")),
    }
}

/// Replaces `+/` by `altchars` (encoding) or back (decoding).
fn translate(data: &mut [u8], from: [u8; 2], to: [u8; 2]) {
    for c in data.iter_mut() {
        if *c == from[0] {
            *c = to[0];
        } else if *c == from[1] {
            *c = to[1];
        }
    }
}

fn altchars(v: Option<&Value>) -> Result<Option<[u8; 2]>, Exc> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let b = ascii_in(Some(v))?;
            if b.len() != 2 {
                return Err(Exc::of(
                    "AssertionError",
                    crate::format::repr_plain(&bytes_value(b)),
                ));
            }
            Ok(Some([b[0], b[1]]))
        }
    }
}

fn encode64(a: Args, alt: Option<[u8; 2]>, fname: &str) -> Result<Value, Exc> {
    let p = super::params(fname, &["s", "altchars"], a)?;
    let data = bytes_in(p[0].as_ref())?;
    let alt = match alt {
        Some(x) => Some(x),
        None => altchars(p.get(1).and_then(Option::as_ref))?,
    };
    let mut out = b64_encode(&data);
    if let Some(alt) = alt {
        translate(&mut out, *b"+/", alt);
    }
    Ok(bytes_value(out))
}

fn decode64(a: Args, alt: Option<[u8; 2]>, fname: &str) -> Result<Value, Exc> {
    let p = super::params(fname, &["s", "altchars", "validate"], a)?;
    let mut data = ascii_in(p[0].as_ref())?;
    let alt = match alt {
        Some(x) => Some(x),
        None => altchars(p.get(1).and_then(Option::as_ref))?,
    };
    if let Some(alt) = alt {
        translate(&mut data, alt, *b"+/");
    }
    let validate = matches!(p.get(2), Some(Some(v)) if v.truthy_builtin().unwrap_or(true));
    if validate {
        let body = data.iter().take_while(|c| **c != b'=').count();
        let pads = data.len() - body;
        if pads > 2
            || data[..body].iter().any(|c| b64_value(*c).is_none())
            || data[body..].iter().any(|c| *c != b'=')
        {
            return Err(error("Only base64 data is allowed"));
        }
    }
    Ok(bytes_value(b64_decode(&data)?))
}

fn b32_encode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in data.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let v = buf.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let used = match chunk.len() {
            1 => 2,
            2 => 4,
            3 => 5,
            4 => 7,
            _ => 8,
        };
        for k in 0..8 {
            if k < used {
                out.push(B32[((v >> (35 - 5 * k)) & 31) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}

fn b32_decode(data: &[u8], casefold: bool) -> Result<Vec<u8>, Exc> {
    if !data.len().is_multiple_of(8) {
        return Err(error("Incorrect padding"));
    }
    let body = data.iter().rposition(|c| *c != b'=').map_or(0, |i| i + 1);
    let pads = data.len() - body;
    if !matches!(pads, 0 | 1 | 3 | 4 | 6) {
        return Err(error("Incorrect padding"));
    }
    let mut out = Vec::new();
    for chunk in data.chunks(8) {
        let mut v: u64 = 0;
        for &c in chunk {
            let c = if casefold { c.to_ascii_uppercase() } else { c };
            let d = if c == b'=' {
                0
            } else {
                B32.iter()
                    .position(|x| *x == c)
                    .ok_or_else(|| error("Non-base32 digit found"))? as u64
            };
            v = (v << 5) | d;
        }
        for k in 0..5 {
            out.push(((v >> (32 - 8 * k)) & 0xff) as u8);
        }
    }
    let drop = match pads {
        1 => 1,
        3 => 2,
        4 => 3,
        6 => 4,
        _ => 0,
    };
    out.truncate(out.len() - drop);
    Ok(out)
}

fn hex_encode(data: &[u8], upper: bool) -> Vec<u8> {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    data.iter()
        .flat_map(|b| [digits[(b >> 4) as usize], digits[(b & 15) as usize]])
        .collect()
}

fn hex_decode(data: &[u8], accept_lower: bool, bad: &str) -> Result<Vec<u8>, Exc> {
    if !data.len().is_multiple_of(2) {
        return Err(error("Odd-length string"));
    }
    let digit = |c: u8| -> Result<u8, Exc> {
        match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'A'..=b'F' => Ok(c - b'A' + 10),
            b'a'..=b'f' if accept_lower => Ok(c - b'a' + 10),
            _ => Err(error(bad)),
        }
    };
    data.chunks(2)
        .map(|p| Ok(digit(p[0])? << 4 | digit(p[1])?))
        .collect()
}

fn crc32(data: &[u8], start: u32) -> u32 {
    let mut crc = !start;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The `base64` module.
pub(super) fn base64_module() -> Value {
    make_module(
        "base64",
        vec![
            (
                "b64encode",
                func("b64encode", |_, a| encode64(a, None, "b64encode")),
            ),
            (
                "b64decode",
                func("b64decode", |_, a| decode64(a, None, "b64decode")),
            ),
            (
                "standard_b64encode",
                func("standard_b64encode", |_, a| {
                    encode64(a, Some(*b"+/"), "standard_b64encode")
                }),
            ),
            (
                "standard_b64decode",
                func("standard_b64decode", |_, a| {
                    decode64(a, Some(*b"+/"), "standard_b64decode")
                }),
            ),
            (
                "urlsafe_b64encode",
                func("urlsafe_b64encode", |_, a| {
                    encode64(a, Some(*b"-_"), "urlsafe_b64encode")
                }),
            ),
            (
                "urlsafe_b64decode",
                func("urlsafe_b64decode", |_, a| {
                    decode64(a, Some(*b"-_"), "urlsafe_b64decode")
                }),
            ),
            (
                "b32encode",
                func("b32encode", |_, a| {
                    let p = super::params("b32encode", &["s"], a)?;
                    Ok(bytes_value(b32_encode(&bytes_in(p[0].as_ref())?)))
                }),
            ),
            (
                "b32decode",
                func("b32decode", |_, a| {
                    let p = super::params("b32decode", &["s", "casefold", "map01"], a)?;
                    let casefold = matches!(&p[1], Some(v) if v.truthy_builtin().unwrap_or(true));
                    Ok(bytes_value(b32_decode(
                        &ascii_in(p[0].as_ref())?,
                        casefold,
                    )?))
                }),
            ),
            (
                "b16encode",
                func("b16encode", |_, a| {
                    let p = super::params("b16encode", &["s"], a)?;
                    Ok(bytes_value(hex_encode(&bytes_in(p[0].as_ref())?, true)))
                }),
            ),
            (
                "b16decode",
                func("b16decode", |_, a| {
                    let p = super::params("b16decode", &["s", "casefold"], a)?;
                    let casefold = matches!(&p[1], Some(v) if v.truthy_builtin().unwrap_or(true));
                    let data = ascii_in(p[0].as_ref())?;
                    Ok(bytes_value(hex_decode(
                        &data,
                        casefold,
                        "Non-base16 digit found",
                    )?))
                }),
            ),
        ],
    )
}

/// The `binascii` module.
pub(super) fn binascii_module() -> Value {
    make_module(
        "binascii",
        vec![
            ("Error", Value::Class(error_class())),
            (
                "Incomplete",
                Value::Class(new_class(
                    "Incomplete",
                    "binascii",
                    Some(crate::exc::class("Exception")),
                    vec![],
                )),
            ),
            ("hexlify", func("hexlify", |_, a| hexlify(a))),
            ("b2a_hex", func("b2a_hex", |_, a| hexlify(a))),
            ("unhexlify", func("unhexlify", |_, a| unhexlify(a))),
            ("a2b_hex", func("a2b_hex", |_, a| unhexlify(a))),
            (
                "b2a_base64",
                func("b2a_base64", |_, mut a| {
                    let newline = a.take_kw("newline");
                    let p = super::params("b2a_base64", &["data"], a)?;
                    let mut out = b64_encode(&bytes_in(p[0].as_ref())?);
                    if newline.is_none_or(|v| v.truthy_builtin().unwrap_or(true)) {
                        out.push(b'\n');
                    }
                    Ok(bytes_value(out))
                }),
            ),
            (
                "a2b_base64",
                func("a2b_base64", |_, mut a| {
                    a.take_kw("strict_mode");
                    let p = super::params("a2b_base64", &["data"], a)?;
                    Ok(bytes_value(b64_decode(&ascii_in(p[0].as_ref())?)?))
                }),
            ),
            (
                "crc32",
                func("crc32", |_, a| {
                    let p = super::params("crc32", &["data", "crc"], a)?;
                    let data = bytes_in(p[0].as_ref())?;
                    let start = match &p[1] {
                        Some(v) => super::int_of(v, "")? as u32,
                        None => 0,
                    };
                    Ok(Value::Int(i64::from(crc32(&data, start))))
                }),
            ),
        ],
    )
}

fn hexlify(a: Args) -> Result<Value, Exc> {
    let p = super::params("hexlify", &["data", "sep"], a)?;
    let data = bytes_in(p[0].as_ref())?;
    if p[1].is_some() {
        return Err(Exc::unsupported("hexlify with a separator"));
    }
    Ok(bytes_value(hex_encode(&data, false)))
}

fn unhexlify(a: Args) -> Result<Value, Exc> {
    let p = super::params("unhexlify", &["hexstr"], a)?;
    let data = ascii_in(p[0].as_ref())?;
    Ok(bytes_value(hex_decode(
        &data,
        true,
        "Non-hexadecimal digit found",
    )?))
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn base64_round_trips() {
        // Expected output: CPython 3.11 on the same program.
        let src = "import base64, binascii\nfor s in [b'', b'a', b'ab', b'abc', b'abcd', b'\\xff\\xfe']:\n    e = base64.b64encode(s)\n    print(e, base64.b64decode(e) == s, base64.b32encode(s), base64.b32decode(base64.b32encode(s)) == s)\nprint(base64.b64decode('aG k=!'), base64.urlsafe_b64decode('-__-'), base64.b16decode('4142'))\nfor bad in ['abc', 'a', 'ab=c']:\n    try:\n        base64.b64decode(bad)\n    except binascii.Error as e:\n        print(type(e).__name__, e, isinstance(e, ValueError))\ntry:\n    base64.b64decode('ab!c', validate=True)\nexcept binascii.Error as e:\n    print(e)\ntry:\n    base64.b64encode('x')\nexcept TypeError as e:\n    print(e)\nprint(binascii.hexlify(b'\\x01\\xab'), binascii.unhexlify('01ab'), binascii.crc32(b'hello'))\n";
        assert_eq!(
            run_py(src),
            "b'' True b'' True\nb'YQ==' True b'ME======' True\nb'YWI=' True b'MFRA====' True\nb'YWJj' True b'MFRGG===' True\nb'YWJjZA==' True b'MFRGGZA=' True\nb'//4=' True b'777A====' True\nb'hi' b'\\xfb\\xff\\xfe' b'AB'\nError Incorrect padding True\nError Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4 True\nError Incorrect padding True\nOnly base64 data is allowed\na bytes-like object is required, not 'str'\nb'01ab' b'\\x01\\xab' 907060870\n"
        );
    }
}
