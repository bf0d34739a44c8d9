//! `random`: CPython's algorithms over CPython's Mersenne Twister, so a
//! seeded program draws exactly what it draws under CPython.
//!
//! Differences: `seed(None)` (and `Random()` without a seed) seed with 0
//! instead of OS entropy, so runs stay reproducible; integers are limited
//! to 64 bits. `str`/`bytes` seeds are CPython's (the text and its SHA-512
//! as one integer).

use super::{int_of, make_module, params, required, split_first};
use crate::builtins::{builtin_with, len_of};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::random::Mt19937;
use crate::value::*;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A `random.Random` instance. The module-level functions use one whose
/// generator is the interpreter's (`own` is `None`).
struct RandomObj {
    own: Option<RefCell<Mt19937>>,
    gauss_next: Cell<Option<f64>>,
}

/// Opaque state from `getstate()`.
struct RandomState(Mt19937, Option<f64>);

impl Native for RandomState {
    fn type_name(&self) -> &'static str {
        "tuple"
    }
    fn repr(&self) -> String {
        "<random state>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

const METHODS: &[(&str, BuiltinFn)] = &[
    ("seed", r_seed),
    ("random", r_random),
    ("getrandbits", r_getrandbits),
    ("randrange", r_randrange),
    ("randint", r_randint),
    ("uniform", r_uniform),
    ("choice", r_choice),
    ("choices", r_choices),
    ("shuffle", r_shuffle),
    ("sample", r_sample),
    ("gauss", r_gauss),
    ("normalvariate", r_normalvariate),
    ("lognormvariate", r_lognormvariate),
    ("expovariate", r_expovariate),
    ("triangular", r_triangular),
    ("paretovariate", r_paretovariate),
    ("weibullvariate", r_weibullvariate),
    ("getstate", r_getstate),
    ("setstate", r_setstate),
];

impl Native for RandomObj {
    fn type_name(&self) -> &'static str {
        "Random"
    }
    fn repr(&self) -> String {
        format!(
            "<random.Random object at {}>",
            crate::format::address(self as *const Self)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        METHODS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, f)| crate::value::bound(this, n, *f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The `random` module.
pub(super) fn module(_interp: &Interp) -> Value {
    let shared = Value::Native(Rc::new(RandomObj {
        own: None,
        gauss_next: Cell::new(None),
    }));
    let mut items: Vec<(&str, Value)> = METHODS
        .iter()
        .map(|(n, f)| (*n, builtin_with(n, *f, shared.clone())))
        .collect();
    items.push(("Random", super::func("Random", r_new)));
    items.push(("SystemRandom", super::func("SystemRandom", r_new)));
    make_module("random", items)
}

fn obj(v: &Value) -> Result<&RandomObj, Exc> {
    native_ref::<RandomObj>(v)
        .ok_or_else(|| Exc::type_error("descriptor requires a 'random.Random' object"))
}

/// Runs `f` on the instance's generator.
fn with_rng<T>(interp: &Interp, this: &Value, f: impl FnOnce(&mut Mt19937) -> T) -> Result<T, Exc> {
    let r = obj(this)?;
    Ok(match &r.own {
        Some(own) => f(&mut own.borrow_mut()),
        None => f(&mut interp.rng.borrow_mut()),
    })
}

fn random01(interp: &Interp, this: &Value) -> Result<f64, Exc> {
    with_rng(interp, this, |r| r.random())
}

fn bit_length(n: u64) -> u32 {
    64 - n.leading_zeros()
}

/// CPython's `_randbelow_with_getrandbits(n)` for `n >= 1` (it draws even
/// for `n == 1`).
fn randbelow(interp: &Interp, this: &Value, n: u64) -> Result<u64, Exc> {
    let k = bit_length(n);
    with_rng(interp, this, |r| loop {
        let v = r.getrandbits(k);
        if v < n {
            return v;
        }
    })
}

/// The 64-bit seed CPython would derive from `a` (see the module docs for
/// where this differs).
fn seed_of(a: Option<&Value>) -> Result<Seed, Exc> {
    Ok(Seed::Int(match a {
        None | Some(Value::None) => 0,
        Some(Value::Int(i)) => i.unsigned_abs(),
        Some(Value::Bool(b)) => *b as u64,
        Some(Value::Float(f)) => crate::bigint::float_hash(*f) as u64,
        Some(Value::Str(s)) => return Ok(Seed::Words(text_key(s.as_bytes()))),
        Some(Value::Bytes(b)) => return Ok(Seed::Words(text_key(b))),
        Some(_) => {
            return Err(Exc::type_error(
                "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
            ))
        }
    }))
}

/// What a generator is seeded with.
enum Seed {
    /// A non-negative integer that fits in 64 bits.
    Int(u64),
    /// A longer one, as 32-bit words, least significant first.
    Words(Vec<u32>),
}

impl Seed {
    fn apply(&self, mt: &mut crate::random::Mt19937) {
        match self {
            Seed::Int(n) => mt.seed(*n),
            Seed::Words(w) => mt.seed_words(w),
        }
    }
}

/// CPython's seed for a `str` or `bytes` (version 2): the integer whose
/// big-endian bytes are the text followed by its SHA-512, as 32-bit words.
fn text_key(text: &[u8]) -> Vec<u32> {
    use sha2::{Digest, Sha512};
    let mut bytes = text.to_vec();
    bytes.extend_from_slice(&Sha512::digest(text));
    let mut words: Vec<u32> = bytes
        .rchunks(4)
        .map(|c| c.iter().fold(0u32, |w, b| (w << 8) | u32::from(*b)))
        .collect();
    while words.last() == Some(&0) {
        words.pop();
    }
    words
}

fn r_new(_: &Interp, a: Args) -> Result<Value, Exc> {
    let p = params("Random", &["x"], a)?;
    let seed = seed_of(p[0].as_ref())?;
    let mut mt = Mt19937::new(0);
    seed.apply(&mut mt);
    Ok(Value::Native(Rc::new(RandomObj {
        own: Some(RefCell::new(mt)),
        gauss_next: Cell::new(None),
    })))
}

fn r_seed(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = params("seed", &["a", "version"], a)?;
    let seed = seed_of(p[0].as_ref())?;
    with_rng(interp, &this, |r| seed.apply(r))?;
    obj(&this)?.gauss_next.set(None);
    Ok(Value::None)
}

fn r_random(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    if !a.pos.is_empty() {
        return Err(Exc::type_error(format!(
            "Random.random() takes no arguments ({} given)",
            a.pos.len()
        )));
    }
    Ok(Value::Float(random01(interp, &this)?))
}

fn r_getrandbits(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = params("getrandbits", &["k"], a)?;
    let k = int_of(&required(p[0].clone(), "getrandbits", "k", 1)?, "")?;
    if k < 0 {
        return Err(Exc::value_error("number of bits must be non-negative"));
    }
    if k > 63 {
        if k as u64 > crate::bigint::MAX_BITS {
            return Err(Exc::of("OverflowError", "getrandbits() argument too large"));
        }
        // CPython's: 32-bit words, least significant first, the last one
        // keeping its top bits.
        let words = with_rng(interp, &this, |r| {
            let mut left = k;
            let mut words = Vec::new();
            while left > 0 {
                let w = r.next_u32();
                words.push(if left < 32 { w >> (32 - left) } else { w });
                left -= 32.min(left);
            }
            words
        })?;
        let b = num_bigint::BigInt::from_biguint(
            num_bigint::Sign::Plus,
            num_bigint::BigUint::new(words),
        );
        return crate::bigint::from_big(b);
    }
    Ok(Value::Int(
        with_rng(interp, &this, |r| r.getrandbits(k as u32))? as i64,
    ))
}

/// `_index(v)` with randrange's float fallback.
fn range_int(v: &Value, which: &str) -> Result<i64, Exc> {
    match v {
        Value::Float(f) => {
            if f.fract() != 0.0 || !f.is_finite() {
                Err(Exc::value_error(format!(
                    "non-integer {which} for randrange()"
                )))
            } else {
                Ok(*f as i64)
            }
        }
        other => int_of(other, ""),
    }
}

fn randrange(
    interp: &Interp,
    this: &Value,
    start: &Value,
    stop: Option<&Value>,
    step: Option<&Value>,
) -> Result<i64, Exc> {
    let istart = range_int(start, "arg 1")?;
    let Some(stop) = stop.filter(|v| !matches!(v, Value::None)) else {
        if step.is_some() {
            return Err(Exc::type_error("Missing a non-None stop argument"));
        }
        if istart > 0 {
            return Ok(randbelow(interp, this, istart as u64)? as i64);
        }
        return Err(Exc::value_error("empty range for randrange()"));
    };
    let istop = range_int(stop, "stop")?;
    let width = istop
        .checked_sub(istart)
        .ok_or_else(|| Exc::of("OverflowError", "integer overflow"))?;
    let istep = match step {
        Some(s) => range_int(s, "step")?,
        None => 1,
    };
    if istep == 1 {
        if width > 0 {
            return Ok(istart + randbelow(interp, this, width as u64)? as i64);
        }
        return Err(Exc::value_error(format!(
            "empty range for randrange() ({istart}, {istop}, {width})"
        )));
    }
    let n = if istep > 0 {
        (width + istep - 1).div_euclid(istep)
    } else if istep < 0 {
        floor_div(width + istep + 1, istep)
    } else {
        return Err(Exc::value_error("zero step for randrange()"));
    };
    if n <= 0 {
        return Err(Exc::value_error("empty range for randrange()"));
    }
    Ok(istart + istep * randbelow(interp, this, n as u64)? as i64)
}

fn floor_div(a: i64, b: i64) -> i64 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

fn r_randrange(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = params("randrange", &["start", "stop", "step"], a)?;
    let start = required(p[0].clone(), "randrange", "start", 1)?;
    Ok(Value::Int(randrange(
        interp,
        &this,
        &start,
        p[1].as_ref(),
        p[2].as_ref(),
    )?))
}

fn r_randint(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = params("randint", &["a", "b"], a)?;
    let lo = required(p[0].clone(), "randint", "a", 1)?;
    let hi = required(p[1].clone(), "randint", "b", 2)?;
    let hi1 = interp.binary_op(crate::ir::BinOp::Add, hi, Value::Int(1))?;
    Ok(Value::Int(randrange(interp, &this, &lo, Some(&hi1), None)?))
}

fn num(v: &Value) -> Result<f64, Exc> {
    v.as_number()
        .map(|n| n.as_f64())
        .ok_or_else(|| Exc::type_error(format!("must be real number, not {}", v.type_name())))
}

fn r_uniform(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = params("uniform", &["a", "b"], a)?;
    let lo = num(&required(p[0].clone(), "uniform", "a", 1)?)?;
    let hi = num(&required(p[1].clone(), "uniform", "b", 2)?)?;
    Ok(Value::Float(lo + (hi - lo) * random01(interp, &this)?))
}

fn r_choice(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = params("choice", &["seq"], a)?;
    let seq = required(p[0].clone(), "choice", "seq", 1)?;
    let n = len_of(interp, &seq)?;
    if n == 0 {
        return Err(Exc::of(
            "IndexError",
            "Cannot choose from an empty sequence",
        ));
    }
    let i = randbelow(interp, &this, n as u64)?;
    interp.getitem(&seq, Value::Int(i as i64))
}

/// Running sums of `weights` (ints stay ints, as `itertools.accumulate`).
fn accumulate(interp: &Interp, weights: &Value) -> Result<Vec<Value>, Exc> {
    let mut out: Vec<Value> = Vec::new();
    for w in interp.collect(weights)? {
        let next = match out.last() {
            Some(prev) => interp.binary_op(crate::ir::BinOp::Add, prev.clone(), w)?,
            None => w,
        };
        out.push(next);
    }
    Ok(out)
}

/// `bisect.bisect_right(cum, x, 0, hi)`.
fn bisect_right(interp: &Interp, cum: &[Value], x: &Value, hi: usize) -> Result<usize, Exc> {
    let (mut lo, mut hi) = (0usize, hi);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if interp.lt(x, &cum[mid])? {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

fn r_choices(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, mut a) = split_first(a);
    let cum_weights = a.take_kw("cum_weights");
    let k = a.take_kw("k").unwrap_or(Value::Int(1));
    let p = params("choices", &["population", "weights"], a)?;
    let population = required(p[0].clone(), "choices", "population", 1)?;
    let weights = p[1].clone().filter(|v| !matches!(v, Value::None));
    let n = len_of(interp, &population)?;
    let k = int_of(&k, "")?.max(0) as usize;
    let cum = match (cum_weights.filter(|v| !matches!(v, Value::None)), weights) {
        (None, None) => {
            let nf = n as f64;
            let mut out = Vec::with_capacity(k);
            for _ in 0..k {
                let i = (random01(interp, &this)? * nf).floor() as i64;
                out.push(interp.getitem(&population, Value::Int(i))?);
            }
            return Ok(Value::list(out));
        }
        (None, Some(w)) => match accumulate(interp, &w) {
            Ok(c) => c,
            Err(e) if e.is("TypeError") => {
                if let Some(k) = w.as_int() {
                    return Err(Exc::type_error(format!(
                        "The number of choices must be a keyword argument: k={k}"
                    )));
                }
                return Err(e);
            }
            Err(e) => return Err(e),
        },
        (Some(c), None) => interp.collect(&c)?,
        (Some(_), Some(_)) => {
            return Err(Exc::type_error(
                "Cannot specify both weights and cumulative weights",
            ))
        }
    };
    if cum.len() != n {
        return Err(Exc::value_error(
            "The number of weights does not match the population",
        ));
    }
    let total = match cum.last() {
        Some(t) => num(t)?,
        None => return Err(Exc::of("IndexError", "list index out of range")),
    };
    if total <= 0.0 {
        return Err(Exc::value_error(
            "Total of weights must be greater than zero",
        ));
    }
    if !total.is_finite() {
        return Err(Exc::value_error("Total of weights must be finite"));
    }
    let hi = n - 1;
    let mut out = Vec::with_capacity(k);
    for _ in 0..k {
        let x = Value::Float(random01(interp, &this)? * total);
        let i = bisect_right(interp, &cum, &x, hi)?;
        out.push(interp.getitem(&population, Value::Int(i as i64))?);
    }
    Ok(Value::list(out))
}

fn r_shuffle(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = params("shuffle", &["x"], a)?;
    let x = required(p[0].clone(), "shuffle", "x", 1)?;
    let n = len_of(interp, &x)?;
    for i in (1..n).rev() {
        let j = randbelow(interp, &this, (i + 1) as u64)? as usize;
        match &x {
            Value::List(l) => l.borrow_mut().swap(i, j),
            other => {
                let (vi, vj) = (
                    interp.getitem(other, Value::Int(i as i64))?,
                    interp.getitem(other, Value::Int(j as i64))?,
                );
                interp.setitem(other, Value::Int(i as i64), vj)?;
                interp.setitem(other, Value::Int(j as i64), vi)?;
            }
        }
    }
    Ok(Value::None)
}

/// A sequence to sample from: ranges stay lazy.
enum Population {
    Range(i64, i64),
    Items(Vec<Value>),
}

impl Population {
    fn get(&self, i: usize) -> Value {
        match self {
            Population::Range(start, step) => Value::Int(start + step * i as i64),
            Population::Items(v) => v.get(i).cloned().unwrap_or(Value::None),
        }
    }
}

fn population_of(interp: &Interp, v: &Value) -> Result<(Population, usize), Exc> {
    if let Some((start, _, step)) = crate::builtins::range_of(v) {
        return Ok((Population::Range(start, step), len_of(interp, v)?));
    }
    match v {
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) => {}
        Value::Object(o)
            if o.class.lookup("__getitem__").is_some() && o.class.lookup("__len__").is_some() => {}
        _ => {
            return Err(Exc::type_error(
                "Population must be a sequence.  For dicts or sets, use sorted(d).",
            ))
        }
    }
    let items = interp.collect(v)?;
    let n = items.len();
    Ok((Population::Items(items), n))
}

fn sample(
    interp: &Interp,
    this: &Value,
    pop: &Population,
    n: usize,
    k: i64,
) -> Result<Vec<Value>, Exc> {
    if k < 0 || k as usize > n {
        return Err(Exc::value_error(
            "Sample larger than population or is negative",
        ));
    }
    let k = k as usize;
    let mut result = Vec::with_capacity(k);
    let mut setsize = 21usize;
    if k > 5 {
        let exp = ((k * 3) as f64).ln() / 4f64.ln();
        setsize += 4usize.pow(exp.ceil() as u32);
    }
    if n <= setsize {
        let mut pool: Vec<Value> = (0..n).map(|i| pop.get(i)).collect();
        for i in 0..k {
            let j = randbelow(interp, this, (n - i) as u64)? as usize;
            result.push(pool[j].clone());
            pool[j] = pool[n - i - 1].clone();
        }
    } else {
        let mut selected = std::collections::HashSet::new();
        for _ in 0..k {
            let mut j = randbelow(interp, this, n as u64)?;
            while selected.contains(&j) {
                j = randbelow(interp, this, n as u64)?;
            }
            selected.insert(j);
            result.push(pop.get(j as usize));
        }
    }
    Ok(result)
}

fn r_sample(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = params("sample", &["population", "k", "counts"], a)?;
    let population = required(p[0].clone(), "sample", "population", 1)?;
    let k = int_of(&required(p[1].clone(), "sample", "k", 2)?, "")?;
    let (pop, n) = population_of(interp, &population)?;
    if let Some(counts) = p[2].clone().filter(|v| !matches!(v, Value::None)) {
        let mut cum = accumulate(interp, &counts)?;
        if cum.len() != n {
            return Err(Exc::value_error(
                "The number of counts does not match the population",
            ));
        }
        let total = cum.pop().unwrap_or(Value::Int(0));
        let Some(total) = total.as_int() else {
            return Err(Exc::type_error("Counts must be integers"));
        };
        if total <= 0 {
            return Err(Exc::value_error(
                "Total of counts must be greater than zero",
            ));
        }
        let selections = sample(interp, &this, &Population::Range(0, 1), total as usize, k)?;
        let mut out = Vec::with_capacity(selections.len());
        for s in selections {
            let i = bisect_right(interp, &cum, &s, cum.len())?;
            out.push(pop.get(i));
        }
        return Ok(Value::list(out));
    }
    Ok(Value::list(sample(interp, &this, &pop, n, k)?))
}

fn two_floats(
    a: Args,
    fname: &str,
    names: &[&str; 2],
    defaults: (f64, f64),
) -> Result<(f64, f64), Exc> {
    let p = params(fname, names, a)?;
    let x = match &p[0] {
        Some(v) => num(v)?,
        None => defaults.0,
    };
    let y = match &p[1] {
        Some(v) => num(v)?,
        None => defaults.1,
    };
    Ok((x, y))
}

fn gauss(interp: &Interp, this: &Value, mu: f64, sigma: f64) -> Result<f64, Exc> {
    let r = obj(this)?;
    let z = match r.gauss_next.take() {
        Some(z) => z,
        None => {
            let x2pi = random01(interp, this)? * std::f64::consts::TAU;
            let g2rad = (-2.0 * (1.0 - random01(interp, this)?).ln()).sqrt();
            r.gauss_next.set(Some(x2pi.sin() * g2rad));
            x2pi.cos() * g2rad
        }
    };
    Ok(mu + z * sigma)
}

fn r_gauss(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let (mu, sigma) = two_floats(a, "gauss", &["mu", "sigma"], (0.0, 1.0))?;
    Ok(Value::Float(gauss(interp, &this, mu, sigma)?))
}

fn normal(interp: &Interp, this: &Value, mu: f64, sigma: f64) -> Result<f64, Exc> {
    let magic = 4.0 * (-0.5f64).exp() / 2f64.sqrt();
    loop {
        let u1 = random01(interp, this)?;
        let u2 = 1.0 - random01(interp, this)?;
        let z = magic * (u1 - 0.5) / u2;
        let zz = z * z / 4.0;
        if zz <= -u2.ln() {
            return Ok(mu + z * sigma);
        }
    }
}

fn r_normalvariate(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let (mu, sigma) = two_floats(a, "normalvariate", &["mu", "sigma"], (0.0, 1.0))?;
    Ok(Value::Float(normal(interp, &this, mu, sigma)?))
}

fn r_lognormvariate(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let (mu, sigma) = two_floats(a, "lognormvariate", &["mu", "sigma"], (f64::NAN, f64::NAN))?;
    if mu.is_nan() || sigma.is_nan() {
        return Err(Exc::type_error(
            "lognormvariate() missing required arguments 'mu' and 'sigma'",
        ));
    }
    Ok(Value::Float(normal(interp, &this, mu, sigma)?.exp()))
}

fn r_expovariate(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = params("expovariate", &["lambd"], a)?;
    let lambd = num(&required(p[0].clone(), "expovariate", "lambd", 1)?)?;
    if lambd == 0.0 {
        return Err(Exc::of("ZeroDivisionError", "float division by zero"));
    }
    Ok(Value::Float(-(1.0 - random01(interp, &this)?).ln() / lambd))
}

fn r_triangular(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = params("triangular", &["low", "high", "mode"], a)?;
    let mut low = p[0].as_ref().map(num).transpose()?.unwrap_or(0.0);
    let mut high = p[1].as_ref().map(num).transpose()?.unwrap_or(1.0);
    let mut u = random01(interp, &this)?;
    let mut c = match p[2].as_ref().filter(|v| !matches!(v, Value::None)) {
        None => 0.5,
        Some(m) => {
            if high == low {
                return Ok(Value::Float(low));
            }
            (num(m)? - low) / (high - low)
        }
    };
    if u > c {
        u = 1.0 - u;
        c = 1.0 - c;
        std::mem::swap(&mut low, &mut high);
    }
    Ok(Value::Float(low + (high - low) * (u * c).sqrt()))
}

fn r_paretovariate(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = params("paretovariate", &["alpha"], a)?;
    let alpha = num(&required(p[0].clone(), "paretovariate", "alpha", 1)?)?;
    let u = 1.0 - random01(interp, &this)?;
    Ok(Value::Float(u.powf(-1.0 / alpha)))
}

fn r_weibullvariate(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let p = params("weibullvariate", &["alpha", "beta"], a)?;
    let alpha = num(&required(p[0].clone(), "weibullvariate", "alpha", 1)?)?;
    let beta = num(&required(p[1].clone(), "weibullvariate", "beta", 2)?)?;
    let u = 1.0 - random01(interp, &this)?;
    Ok(Value::Float(alpha * (-u.ln()).powf(1.0 / beta)))
}

fn r_getstate(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = split_first(a);
    let mt = with_rng(interp, &this, |r| r.clone())?;
    Ok(Value::Native(Rc::new(RandomState(
        mt,
        obj(&this)?.gauss_next.get(),
    ))))
}

fn r_setstate(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, a) = split_first(a);
    let Some(st) = a.pos.first().and_then(native_ref::<RandomState>) else {
        return Err(Exc::type_error(
            "state must be a value returned by getstate()",
        ));
    };
    let (mt, g) = (st.0.clone(), st.1);
    with_rng(interp, &this, move |r| *r = mt)?;
    obj(&this)?.gauss_next.set(g);
    Ok(Value::None)
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn seeded_draws_match_cpython() {
        // python3 -c "import random; random.seed(12345); print([round(random.random(), 6) for _ in range(3)]); print([random.randint(1, 6) for _ in range(10)])"
        let out = run_py("import random\nrandom.seed(12345)\nprint([round(random.random(), 6) for _ in range(3)])\nprint([random.randint(1, 6) for _ in range(10)])\n");
        assert_eq!(
            out,
            "[0.41662, 0.010169, 0.825207]\n[3, 3, 2, 3, 5, 4, 2, 3, 1, 4]\n"
        );
    }

    #[test]
    fn big_randint_choice_randrange() {
        // python3 -c "import random; random.seed(7); print(random.randint(0, 10**12), random.randint(-5, 5), random.choice('abcdef'), random.random()); print(random.uniform(10, 20), random.randrange(100), random.randrange(0, 100, 5))"
        let out = run_py("import random\nrandom.seed(7)\nprint(random.randint(0, 10**12), random.randint(-5, 5), random.choice('abcdef'), random.random())\nprint(random.uniform(10, 20), random.randrange(100), random.randrange(0, 100, 5))\n");
        assert_eq!(
            out,
            "434439589175 5 a 0.07243628666754276\n15.358820043066892 46 90\n"
        );
    }

    #[test]
    fn shuffle_sample_choices() {
        // python3 -c "import random; random.seed(3); d=list(range(10)); random.shuffle(d); print(d); print(random.sample(range(100), 5), random.sample(['a','b','c','d'], 2), random.sample(range(1000), 30)[:3]); print(random.choices('abc', k=4), random.choices('abc', weights=[1, 5, 10], k=5), random.choices([1,2], cum_weights=[0.5, 1.0]))"
        let out = run_py("import random\nrandom.seed(3)\nd=list(range(10))\nrandom.shuffle(d)\nprint(d)\nprint(random.sample(range(100), 5), random.sample(['a','b','c','d'], 2), random.sample(range(1000), 30)[:3])\nprint(random.choices('abc', k=4), random.choices('abc', weights=[1, 5, 10], k=5), random.choices([1,2], cum_weights=[0.5, 1.0]))\n");
        assert_eq!(out, "[1, 5, 6, 0, 9, 4, 7, 2, 8, 3]\n[60, 33, 70, 29, 24] ['d', 'c'] [856, 562, 487]\n['b', 'c', 'c', 'c'] ['c', 'c', 'c', 'c', 'c'] [2]\n");
    }

    #[test]
    fn instances_gauss_and_state() {
        // python3 -c "import random; r = random.Random(99); print(r.uniform(0.1, 2.0), r.randint(1, 3)); random.seed(5); print(random.gauss(0, 1), random.gauss(), random.normalvariate(10, 2), random.expovariate(2), random.getrandbits(40)); s = random.getstate(); x = random.random(); random.setstate(s); print(x == random.random(), random.triangular(1, 3)); random.seed(1.5); print(random.random())"
        let out = run_py("import random\nr = random.Random(99)\nprint(r.uniform(0.1, 2.0), r.randint(1, 3))\nrandom.seed(5)\nprint(random.gauss(0, 1), random.gauss(), random.normalvariate(10, 2), random.expovariate(2), random.getrandbits(40))\ns = random.getstate()\nx = random.random()\nrandom.setstate(s)\nprint(x == random.random(), random.triangular(1, 3))\nrandom.seed(1.5)\nprint(random.random())\n");
        assert_eq!(out, "0.8675583423929659 1\n-1.1788417512306717 -1.1481606807908016 6.975902451751877 1.4354909343380227 58621899349\nTrue 1.4758276256232805\n0.551763726942059\n");
    }

    #[test]
    fn errors_match_cpython() {
        // python3: each message printed by the except clause.
        let out = run_py("import random\nfor f in [lambda: random.choice([]), lambda: random.randrange(0), lambda: random.randint(5, 3), lambda: random.sample([1], 2), lambda: random.randrange(1, 10, 0), lambda: random.sample({1, 2}, 1)]:\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__, e)\n");
        assert_eq!(out, "IndexError Cannot choose from an empty sequence\nValueError empty range for randrange()\nValueError empty range for randrange() (5, 4, -1)\nValueError Sample larger than population or is negative\nValueError zero step for randrange()\nTypeError Population must be a sequence.  For dicts or sets, use sorted(d).\n");
    }
}
