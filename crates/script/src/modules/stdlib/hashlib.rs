//! `hashlib`: `md5`, `sha1`, `sha224`, `sha256`, `sha384` and `sha512`
//! (and `hashlib.new(name)`), with `update`, `digest`, `hexdigest`, `copy`,
//! `name`, `digest_size` and `block_size`, and CPython's errors (`Strings
//! must be encoded before hashing`, `unsupported hash type`). The SHA-2
//! family comes from the `sha2` crate; MD5 (RFC 1321) and SHA-1 (FIPS
//! 180-4) are written here.
//!
//! Left out: BLAKE2, SHA-3 and SHAKE (named in `algorithms_guaranteed` as
//! in CPython, but `new` refuses them), `pbkdf2_hmac`, `scrypt`,
//! `file_digest`, and `bytearray` / `memoryview` input (Looplab has
//! neither).

use super::{func, make_module};
use crate::exc::Exc;
use crate::value::*;
use sha2::Digest;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// An algorithm's running state.
#[derive(Clone)]
enum State {
    /// MD5 and SHA-1 keep the message and hash it when asked.
    Md5(Vec<u8>),
    Sha1(Vec<u8>),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

impl State {
    fn new(name: &str) -> Option<State> {
        Some(match name {
            "md5" => State::Md5(Vec::new()),
            "sha1" => State::Sha1(Vec::new()),
            "sha224" => State::Sha224(sha2::Sha224::new()),
            "sha256" => State::Sha256(sha2::Sha256::new()),
            "sha384" => State::Sha384(sha2::Sha384::new()),
            "sha512" => State::Sha512(sha2::Sha512::new()),
            _ => return None,
        })
    }

    fn name(&self) -> &'static str {
        match self {
            State::Md5(_) => "md5",
            State::Sha1(_) => "sha1",
            State::Sha224(_) => "sha224",
            State::Sha256(_) => "sha256",
            State::Sha384(_) => "sha384",
            State::Sha512(_) => "sha512",
        }
    }

    fn digest_size(&self) -> i64 {
        match self {
            State::Md5(_) => 16,
            State::Sha1(_) => 20,
            State::Sha224(_) => 28,
            State::Sha256(_) => 32,
            State::Sha384(_) => 48,
            State::Sha512(_) => 64,
        }
    }

    fn block_size(&self) -> i64 {
        match self {
            State::Sha384(_) | State::Sha512(_) => 128,
            _ => 64,
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            State::Md5(m) | State::Sha1(m) => m.extend_from_slice(data),
            State::Sha224(h) => h.update(data),
            State::Sha256(h) => h.update(data),
            State::Sha384(h) => h.update(data),
            State::Sha512(h) => h.update(data),
        }
    }

    fn digest(&self) -> Vec<u8> {
        match self {
            State::Md5(m) => md5(m).to_vec(),
            State::Sha1(m) => sha1(m).to_vec(),
            State::Sha224(h) => h.clone().finalize().to_vec(),
            State::Sha256(h) => h.clone().finalize().to_vec(),
            State::Sha384(h) => h.clone().finalize().to_vec(),
            State::Sha512(h) => h.clone().finalize().to_vec(),
        }
    }
}

/// Pads a message as MD5 and SHA-1 do: `0x80`, zeros to 56 mod 64, the
/// bit length (little-endian for MD5, big-endian for SHA-1).
fn padded(msg: &[u8], big_endian: bool) -> Vec<u8> {
    let bits = (msg.len() as u64).wrapping_mul(8);
    let mut m = msg.to_vec();
    m.push(0x80);
    while m.len() % 64 != 56 {
        m.push(0);
    }
    if big_endian {
        m.extend_from_slice(&bits.to_be_bytes());
    } else {
        m.extend_from_slice(&bits.to_le_bytes());
    }
    m
}

/// MD5 (RFC 1321).
fn md5(msg: &[u8]) -> [u8; 16] {
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5,
        9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10,
        15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];
    // K[i] = floor(abs(sin(i + 1)) * 2^32).
    let k: Vec<u32> = (0..64)
        .map(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32)
        .collect();
    let mut h: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    for block in padded(msg, false).chunks_exact(64) {
        let mut w = [0u32; 16];
        for (i, c) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        let [mut a, mut b, mut c, mut d] = h;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let f = f.wrapping_add(a).wrapping_add(k[i]).wrapping_add(w[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(f.rotate_left(S[i]));
        }
        h[0] = h[0].wrapping_add(a);
        h[1] = h[1].wrapping_add(b);
        h[2] = h[2].wrapping_add(c);
        h[3] = h[3].wrapping_add(d);
    }
    let mut out = [0u8; 16];
    for (i, v) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
    }
    out
}

/// SHA-1 (FIPS 180-4).
fn sha1(msg: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xefcd_ab89,
        0x98ba_dcfe,
        0x1032_5476,
        0xc3d2_e1f0,
    ];
    for block in padded(msg, true).chunks_exact(64) {
        let mut w = [0u32; 80];
        for (i, c) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i / 20 {
                0 => ((b & c) | (!b & d), 0x5a82_7999),
                1 => (b ^ c ^ d, 0x6ed9_eba1),
                2 => ((b & c) | (b & d) | (c & d), 0x8f1b_bcdc),
                _ => (b ^ c ^ d, 0xca62_c1d6u32),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, v) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&v.to_be_bytes());
    }
    out
}

/// A hash object (`_hashlib.HASH`).
struct Hash(RefCell<State>);

impl Native for Hash {
    fn type_name(&self) -> &'static str {
        "HASH"
    }
    fn full_type_name(&self) -> &'static str {
        "_hashlib.HASH"
    }
    fn repr(&self) -> String {
        format!(
            "<{} _hashlib.HASH object at {}>",
            self.0.borrow().name(),
            crate::format::address(self as *const Self)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let state = self.0.borrow();
        Some(match name {
            "name" => Value::str(state.name()),
            "digest_size" => Value::Int(state.digest_size()),
            "block_size" => Value::Int(state.block_size()),
            "update" => crate::value::bound(this, "update", |_, a| {
                let h = this_hash(&a)?;
                if a.pos.len() != 2 {
                    return Err(Exc::type_error(format!(
                        "HASH.update() takes exactly one argument ({} given)",
                        a.pos.len().saturating_sub(1)
                    )));
                }
                let data = data_of(&a.pos[1])?;
                h.0.borrow_mut().update(&data);
                Ok(Value::None)
            }),
            "digest" => crate::value::bound(this, "digest", |_, a| {
                let h = this_hash(&a)?;
                let d = h.0.borrow().digest();
                Ok(Value::Bytes(d.into()))
            }),
            "hexdigest" => crate::value::bound(this, "hexdigest", |_, a| {
                let h = this_hash(&a)?;
                let d = h.0.borrow().digest();
                Ok(Value::str(hex(&d)))
            }),
            "copy" => crate::value::bound(this, "copy", |_, a| {
                let h = this_hash(&a)?;
                let state = h.0.borrow().clone();
                Ok(Value::Native(Rc::new(Hash(RefCell::new(state)))))
            }),
            _ => return None,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn this_hash(a: &Args) -> Result<&Hash, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<Hash>)
        .ok_or_else(|| Exc::type_error("descriptor requires a '_hashlib.HASH' object"))
}

fn hex(d: &[u8]) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of data to hash.
fn data_of(v: &Value) -> Result<Rc<[u8]>, Exc> {
    if let Some(b) = crate::bytearray::bytes_like(v) {
        return Ok(b.into());
    }
    match v {
        Value::Str(_) => Err(Exc::type_error("Strings must be encoded before hashing")),
        _ => Err(Exc::type_error("object supporting the buffer API required")),
    }
}

/// A hash object for `name`, fed the optional data (`string=` as a
/// keyword; `usedforsecurity=` accepted and ignored).
fn make(name: &str, fname: &str, a: Args) -> Result<Value, Exc> {
    let p = super::params(fname, &["string", "usedforsecurity"], a)?;
    let mut state = State::new(name)
        .ok_or_else(|| Exc::value_error(format!("unsupported hash type {name}")))?;
    if let Some(Some(v)) = p.first() {
        state.update(&data_of(v)?);
    }
    Ok(Value::Native(Rc::new(Hash(RefCell::new(state)))))
}

pub(super) fn module() -> Value {
    let guaranteed = [
        "blake2b",
        "blake2s",
        "md5",
        "sha1",
        "sha224",
        "sha256",
        "sha384",
        "sha3_224",
        "sha3_256",
        "sha3_384",
        "sha3_512",
        "sha512",
        "shake_128",
        "shake_256",
    ];
    let names = || -> Value {
        let s: Set = guaranteed.iter().map(|n| Key(Value::str(*n))).collect();
        Value::Set(Rc::new(RefCell::new(s)))
    };
    make_module(
        "hashlib",
        vec![
            (
                "md5",
                func("openssl_md5", |_, a| make("md5", "openssl_md5", a)),
            ),
            (
                "sha1",
                func("openssl_sha1", |_, a| make("sha1", "openssl_sha1", a)),
            ),
            (
                "sha224",
                func("openssl_sha224", |_, a| make("sha224", "openssl_sha224", a)),
            ),
            (
                "sha256",
                func("openssl_sha256", |_, a| make("sha256", "openssl_sha256", a)),
            ),
            (
                "sha384",
                func("openssl_sha384", |_, a| make("sha384", "openssl_sha384", a)),
            ),
            (
                "sha512",
                func("openssl_sha512", |_, a| make("sha512", "openssl_sha512", a)),
            ),
            (
                "new",
                func("new", |_, mut a| {
                    let name =
                        if a.pos.is_empty() {
                            match a.kw.iter().position(|(k, _)| &**k == "name") {
                                Some(i) => a.kw.remove(i).1,
                                None => return Err(Exc::type_error(
                                    "__hash_new() missing 1 required positional argument: 'name'",
                                )),
                            }
                        } else {
                            a.pos.remove(0)
                        };
                    let Value::Str(ref name) = name else {
                        return Err(Exc::type_error(format!(
                            "new() argument 'name' must be str, not {}",
                            name.type_name()
                        )));
                    };
                    let lower = name.to_ascii_lowercase();
                    if State::new(&lower).is_none() {
                        return Err(Exc::value_error(format!("unsupported hash type {name}")));
                    }
                    make(&lower, "__hash_new", a)
                }),
            ),
            ("algorithms_guaranteed", names()),
            ("algorithms_available", names()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn md5_and_sha1_match_cpython() {
        // Expected output: CPython 3.11 on the same program.
        let src = "import hashlib\nfor d in [b'', b'abc', b'a' * 1000, b'x' * 55, b'x' * 56, b'x' * 64]:\n    print(hashlib.md5(d).hexdigest(), hashlib.sha1(d).hexdigest())\n";
        assert_eq!(
            run_py(src),
            "d41d8cd98f00b204e9800998ecf8427e da39a3ee5e6b4b0d3255bfef95601890afd80709\n\
             900150983cd24fb0d6963f7d28e17f72 a9993e364706816aba3e25717850c26c9cd0d89d\n\
             cabe45dcc9ae5b66ba86600cca6b8ba8 291e9a6c66994949b57ba5e650361e98fc36b1ba\n\
             04364420e25c512fd958a70738aa8f72 cef734ba81a024479e09eb5a75b6ddae62e6abf1\n\
             668a72d5ba17f08e62dabcafad6db14b 901305367c259952f4e7af8323f480d59f81335b\n\
             c1bb4f81d892b2d57947682aeb252456 bb2fa3ee7afb9f54c6dfb5d021f14b1ffe40c163\n"
        );
    }
}
