//! `itertools`: lazy iterators following CPython's algorithms (so
//! `permutations`, `combinations` and `product` yield in CPython's order,
//! and `groupby`'s groups share the underlying iterator).

use super::{func, int_of, make_module, split_first, LazyIter, NextFn};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::ir::BinOp;
use crate::ops::PyIter;
use crate::value::bound;
use crate::value::*;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// The `itertools` module.
pub(super) fn module() -> Value {
    make_module(
        "itertools",
        vec![
            ("count", func("count", count)),
            ("cycle", func("cycle", cycle)),
            ("repeat", func("repeat", repeat)),
            ("accumulate", func("accumulate", accumulate)),
            ("chain", Value::Native(Rc::new(Chain))),
            ("compress", func("compress", compress)),
            ("dropwhile", func("dropwhile", |i, a| while_fn(i, a, true))),
            ("takewhile", func("takewhile", |i, a| while_fn(i, a, false))),
            ("filterfalse", func("filterfalse", filterfalse)),
            ("islice", func("islice", islice)),
            ("starmap", func("starmap", starmap)),
            ("zip_longest", func("zip_longest", zip_longest)),
            ("pairwise", func("pairwise", pairwise)),
            ("groupby", func("groupby", groupby)),
            ("tee", func("tee", tee)),
            ("product", func("product", product)),
            ("permutations", func("permutations", permutations)),
            (
                "combinations",
                func("combinations", |i, a| combinations(i, a, false)),
            ),
            (
                "combinations_with_replacement",
                func("combinations_with_replacement", |i, a| {
                    combinations(i, a, true)
                }),
            ),
        ],
    )
}

fn lazy(name: &'static str, f: NextFn) -> Value {
    LazyIter::with_repr(name, format!("<itertools.{name} object>"), f)
}

fn need(a: &Args, i: usize, fname: &str, what: &str) -> Result<Value, Exc> {
    a.pos.get(i).cloned().ok_or_else(|| {
        Exc::type_error(format!(
            "{fname}() missing required argument '{what}' (pos {})",
            i + 1
        ))
    })
}

fn count(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let p = super::params("count", &["start", "step"], a)?;
    let start = p[0].clone().unwrap_or(Value::Int(0));
    let step = p[1].clone().unwrap_or(Value::Int(1));
    for v in [&start, &step] {
        if v.as_number().is_none() {
            return Err(Exc::type_error("a number is required"));
        }
    }
    let repr = if matches!(step, Value::Int(1)) {
        format!("count({})", interp.repr(&start)?)
    } else {
        format!("count({}, {})", interp.repr(&start)?, interp.repr(&step)?)
    };
    let mut cur = start;
    Ok(LazyIter::with_repr(
        "count",
        repr,
        Box::new(move |interp| {
            let v = cur.clone();
            cur = interp.binary_op(BinOp::Add, cur.clone(), step.clone())?;
            Ok(Some(v))
        }),
    ))
}

fn cycle(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let mut it = Some(interp.iter(&need(&a, 0, "cycle", "iterable")?)?);
    let mut saved: Vec<Value> = Vec::new();
    let mut i = 0;
    Ok(lazy(
        "cycle",
        Box::new(move |interp| {
            if let Some(src) = it.as_mut() {
                match src.next(interp)? {
                    Some(v) => {
                        saved.push(v.clone());
                        return Ok(Some(v));
                    }
                    None => it = None,
                }
            }
            if saved.is_empty() {
                return Ok(None);
            }
            let v = saved[i % saved.len()].clone();
            i += 1;
            Ok(Some(v))
        }),
    ))
}

fn repeat(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let p = super::params("repeat", &["object", "times"], a)?;
    let obj = p[0]
        .clone()
        .ok_or_else(|| Exc::type_error("repeat() missing required argument 'object' (pos 1)"))?;
    let times = p[1]
        .as_ref()
        .map(|t| int_of(t, ""))
        .transpose()?
        .map(|t| t.max(0));
    let repr = match times {
        Some(t) => format!("repeat({}, {t})", interp.repr(&obj)?),
        None => format!("repeat({})", interp.repr(&obj)?),
    };
    let mut left = times;
    Ok(LazyIter::with_repr(
        "repeat",
        repr,
        Box::new(move |_| match &mut left {
            Some(0) => Ok(None),
            Some(n) => {
                *n -= 1;
                Ok(Some(obj.clone()))
            }
            None => Ok(Some(obj.clone())),
        }),
    ))
}

fn accumulate(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let mut a = a;
    let initial = a.take_kw("initial").filter(|v| !matches!(v, Value::None));
    let p = super::params("accumulate", &["iterable", "func"], a)?;
    let mut it = interp.iter(&p[0].clone().ok_or_else(|| {
        Exc::type_error("accumulate() missing required argument 'iterable' (pos 1)")
    })?)?;
    let f = p[1].clone().filter(|v| !matches!(v, Value::None));
    let mut total: Option<Value> = None;
    let mut pending_initial = initial;
    Ok(lazy(
        "accumulate",
        Box::new(move |interp| {
            if let Some(init) = pending_initial.take() {
                total = Some(init.clone());
                return Ok(Some(init));
            }
            let Some(v) = it.next(interp)? else {
                return Ok(None);
            };
            let next = match total.take() {
                None => v,
                Some(t) => match &f {
                    Some(f) => interp.call(f, Args::new(vec![t, v]))?,
                    None => interp.binary_op(BinOp::Add, t, v)?,
                },
            };
            total = Some(next.clone());
            Ok(Some(next))
        }),
    ))
}

/// `chain`: callable, with `chain.from_iterable`.
struct Chain;

impl Native for Chain {
    fn type_name(&self) -> &'static str {
        "type"
    }
    fn repr(&self) -> String {
        "<class 'itertools.chain'>".into()
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "__call__" => Some(bound(this, "chain", |interp, a| {
                let (_, a) = split_first(a);
                let its = Value::list(a.pos);
                chain_of(interp, &its)
            })),
            "from_iterable" => Some(bound(this, "from_iterable", |interp, a| {
                let (_, a) = split_first(a);
                let src = a.pos.first().cloned().ok_or_else(|| {
                    Exc::type_error("from_iterable() takes exactly one argument (0 given)")
                })?;
                chain_of(interp, &src)
            })),
            "__name__" => Some(Value::str("chain")),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn chain_of(interp: &Interp, sources: &Value) -> Result<Value, Exc> {
    let mut outer = interp.iter(sources)?;
    let mut inner: Option<PyIter> = None;
    Ok(lazy(
        "chain",
        Box::new(move |interp| loop {
            if let Some(it) = inner.as_mut() {
                if let Some(v) = it.next(interp)? {
                    return Ok(Some(v));
                }
                inner = None;
            }
            match outer.next(interp)? {
                Some(src) => inner = Some(interp.iter(&src)?),
                None => return Ok(None),
            }
        }),
    ))
}

fn compress(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let mut data = interp.iter(&need(&a, 0, "compress", "data")?)?;
    let mut sel = interp.iter(&need(&a, 1, "compress", "selectors")?)?;
    Ok(lazy(
        "compress",
        Box::new(move |interp| loop {
            let (Some(d), Some(s)) = (data.next(interp)?, sel.next(interp)?) else {
                return Ok(None);
            };
            if interp.truthy(&s)? {
                return Ok(Some(d));
            }
        }),
    ))
}

fn while_fn(interp: &Interp, a: Args, drop: bool) -> Result<Value, Exc> {
    let name = if drop { "dropwhile" } else { "takewhile" };
    let pred = need(&a, 0, name, "predicate")?;
    let mut it = interp.iter(&need(&a, 1, name, "iterable")?)?;
    let mut flipped = false;
    Ok(lazy(
        if drop { "dropwhile" } else { "takewhile" },
        Box::new(move |interp| loop {
            let Some(v) = it.next(interp)? else {
                return Ok(None);
            };
            if flipped {
                return Ok(if drop { Some(v) } else { None });
            }
            let t = interp.truthy(&interp.call(&pred, Args::new(vec![v.clone()]))?)?;
            if drop {
                if !t {
                    flipped = true;
                    return Ok(Some(v));
                }
            } else if t {
                return Ok(Some(v));
            } else {
                flipped = true;
                return Ok(None);
            }
        }),
    ))
}

fn filterfalse(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let pred = need(&a, 0, "filterfalse", "function")?;
    let mut it = interp.iter(&need(&a, 1, "filterfalse", "iterable")?)?;
    Ok(lazy(
        "filterfalse",
        Box::new(move |interp| loop {
            let Some(v) = it.next(interp)? else {
                return Ok(None);
            };
            let t = if matches!(pred, Value::None) {
                interp.truthy(&v)?
            } else {
                interp.truthy(&interp.call(&pred, Args::new(vec![v.clone()]))?)?
            };
            if !t {
                return Ok(Some(v));
            }
        }),
    ))
}

fn islice_index(v: Option<&Value>, msg: &str) -> Result<Option<usize>, Exc> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(x) => match x.as_int() {
            Some(n) if n >= 0 => Ok(Some(n as usize)),
            _ => Err(Exc::value_error(msg.to_string())),
        },
    }
}

fn islice(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let src = need(&a, 0, "islice", "iterable")?;
    let (start, stop, step) = match a.pos.len() {
        2 => (
            0,
            islice_index(
                a.pos.get(1),
                "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
            )?,
            1,
        ),
        3 | 4 => {
            let msg = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
            let start = islice_index(a.pos.get(1), msg)?.unwrap_or(0);
            let stop = islice_index(a.pos.get(2), msg)?;
            let step = match a.pos.get(3) {
                None | Some(Value::None) => 1,
                Some(x) => match x.as_int() {
                    Some(n) if n > 0 => n as usize,
                    _ => {
                        return Err(Exc::value_error(
                            "Step for islice() must be a positive integer or None.",
                        ))
                    }
                },
            };
            (start, stop, step)
        }
        n => {
            return Err(Exc::type_error(format!(
                "islice expected at most 4 arguments, got {n}"
            )))
        }
    };
    let mut it = interp.iter(&src)?;
    let mut pos = 0usize;
    let mut next_wanted = start;
    Ok(lazy(
        "islice",
        Box::new(move |interp| {
            if stop.is_some_and(|s| next_wanted >= s) {
                // Consume up to `stop`, as CPython does, then end.
                while stop.is_some_and(|s| pos < s) {
                    if it.next(interp)?.is_none() {
                        break;
                    }
                    pos += 1;
                }
                return Ok(None);
            }
            loop {
                let Some(v) = it.next(interp)? else {
                    return Ok(None);
                };
                pos += 1;
                if pos - 1 == next_wanted {
                    next_wanted += step;
                    return Ok(Some(v));
                }
            }
        }),
    ))
}

fn starmap(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let f = need(&a, 0, "starmap", "function")?;
    let mut it = interp.iter(&need(&a, 1, "starmap", "iterable")?)?;
    Ok(lazy(
        "starmap",
        Box::new(move |interp| {
            let Some(args) = it.next(interp)? else {
                return Ok(None);
            };
            let pos = interp.collect(&args)?;
            interp.call(&f, Args::new(pos)).map(Some)
        }),
    ))
}

fn zip_longest(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let mut a = a;
    let fill = a.take_kw("fillvalue").unwrap_or(Value::None);
    if let Some((k, _)) = a.kw.first() {
        return Err(Exc::type_error(format!(
            "zip_longest() got an unexpected keyword argument '{k}'"
        )));
    }
    let mut its: Vec<Option<PyIter>> = a
        .pos
        .iter()
        .map(|v| interp.iter(v).map(Some))
        .collect::<Result<_, _>>()?;
    let mut active = its.len();
    Ok(lazy(
        "zip_longest",
        Box::new(move |interp| {
            if active == 0 {
                return Ok(None);
            }
            let mut row = Vec::with_capacity(its.len());
            for slot in its.iter_mut() {
                let v = match slot.as_mut() {
                    Some(it) => match it.next(interp)? {
                        Some(v) => v,
                        None => {
                            *slot = None;
                            active -= 1;
                            if active == 0 {
                                return Ok(None);
                            }
                            fill.clone()
                        }
                    },
                    None => fill.clone(),
                };
                row.push(v);
            }
            Ok(Some(Value::tuple(row)))
        }),
    ))
}

fn pairwise(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let mut it = interp.iter(&need(&a, 0, "pairwise", "iterable")?)?;
    let mut prev: Option<Value> = None;
    Ok(lazy(
        "pairwise",
        Box::new(move |interp| {
            if prev.is_none() {
                prev = it.next(interp)?;
                if prev.is_none() {
                    return Ok(None);
                }
            }
            let Some(v) = it.next(interp)? else {
                return Ok(None);
            };
            let p = prev.replace(v.clone()).unwrap_or(Value::None);
            Ok(Some(Value::tuple(vec![p, v])))
        }),
    ))
}

/// The shared state of a `groupby` and its groups.
struct GroupBy {
    it: Option<PyIter>,
    key: Option<Value>,
    tgtkey: Option<Value>,
    currkey: Option<Value>,
    currvalue: Option<Value>,
    id: u64,
}

type Shared = Rc<RefCell<GroupBy>>;

/// Advances the underlying iterator (without holding the borrow while
/// Python code runs). `false` at its end.
fn gb_step(interp: &Interp, st: &Shared) -> Result<bool, Exc> {
    let taken = st.borrow_mut().it.take();
    let Some(mut it) = taken else {
        return Ok(false);
    };
    let r = it.next(interp);
    st.borrow_mut().it = Some(it);
    let Some(v) = r? else { return Ok(false) };
    let key = st.borrow().key.clone();
    let k = match key {
        Some(f) => interp.call(&f, Args::new(vec![v.clone()]))?,
        None => v.clone(),
    };
    let mut s = st.borrow_mut();
    s.currvalue = Some(v);
    s.currkey = Some(k);
    Ok(true)
}

fn keys_equal(interp: &Interp, a: &Option<Value>, b: &Option<Value>) -> Result<bool, Exc> {
    match (a, b) {
        (Some(x), Some(y)) => interp.eq(x, y),
        _ => Ok(false),
    }
}

fn groupby(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let p = super::params("groupby", &["iterable", "key"], a)?;
    let src = p[0]
        .clone()
        .ok_or_else(|| Exc::type_error("groupby() missing required argument 'iterable' (pos 1)"))?;
    let st: Shared = Rc::new(RefCell::new(GroupBy {
        it: Some(interp.iter(&src)?),
        key: p[1].clone().filter(|v| !matches!(v, Value::None)),
        tgtkey: None,
        currkey: None,
        currvalue: None,
        id: 0,
    }));
    Ok(lazy(
        "groupby",
        Box::new(move |interp| {
            st.borrow_mut().id += 1;
            loop {
                let (c, t) = {
                    let s = st.borrow();
                    (s.currkey.clone(), s.tgtkey.clone())
                };
                let same = match (&c, &t) {
                    (None, _) => true,
                    _ => keys_equal(interp, &c, &t)?,
                };
                if !same {
                    break;
                }
                if !gb_step(interp, &st)? {
                    return Ok(None);
                }
            }
            let (key, id) = {
                let mut s = st.borrow_mut();
                s.tgtkey = s.currkey.clone();
                (s.currkey.clone().unwrap_or(Value::None), s.id)
            };
            let group_state = st.clone();
            let tgt = Some(key.clone());
            let mut done = false;
            let grouper = LazyIter::with_repr(
                "_grouper",
                "<itertools._grouper object>".into(),
                Box::new(move |interp| {
                    if done || group_state.borrow().id != id {
                        return Ok(None);
                    }
                    let c = group_state.borrow().currkey.clone();
                    if !keys_equal(interp, &c, &tgt)? {
                        return Ok(None);
                    }
                    let v = group_state
                        .borrow()
                        .currvalue
                        .clone()
                        .unwrap_or(Value::None);
                    if !gb_step(interp, &group_state)? {
                        done = true;
                        // Mark the end so the outer iterator stops too.
                        let mut s = group_state.borrow_mut();
                        s.currkey = None;
                        s.it = None;
                    }
                    Ok(Some(v))
                }),
            );
            Ok(Some(Value::tuple(vec![key, grouper])))
        }),
    ))
}

/// A buffer shared by `tee`'s iterators.
struct TeeShared {
    it: Option<PyIter>,
    buf: Vec<Value>,
}

fn tee(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let src = need(&a, 0, "tee", "iterable")?;
    let n = match a.pos.get(1) {
        Some(v) => int_of(v, "")?,
        None => 2,
    };
    if n < 0 {
        return Err(Exc::value_error("n must be >= 0"));
    }
    let shared = Rc::new(RefCell::new(TeeShared {
        it: Some(interp.iter(&src)?),
        buf: Vec::new(),
    }));
    let mut out = Vec::new();
    for _ in 0..n {
        let sh = shared.clone();
        let mut i = 0usize;
        out.push(LazyIter::with_repr(
            "_tee",
            "<itertools._tee object>".into(),
            Box::new(move |interp| {
                if let Some(v) = sh.borrow().buf.get(i).cloned() {
                    i += 1;
                    return Ok(Some(v));
                }
                let taken = sh.borrow_mut().it.take();
                let Some(mut it) = taken else { return Ok(None) };
                let r = it.next(interp);
                let mut s = sh.borrow_mut();
                s.it = Some(it);
                match r? {
                    Some(v) => {
                        s.buf.push(v.clone());
                        i += 1;
                        Ok(Some(v))
                    }
                    None => {
                        s.it = None;
                        Ok(None)
                    }
                }
            }),
        ));
    }
    Ok(Value::tuple(out))
}

fn product(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let mut a = a;
    let repeat = match a.take_kw("repeat") {
        Some(v) => int_of(&v, "")?,
        None => 1,
    };
    if repeat < 0 {
        return Err(Exc::value_error("repeat argument cannot be negative"));
    }
    let base: Vec<Vec<Value>> = a
        .pos
        .iter()
        .map(|v| interp.collect(v))
        .collect::<Result<_, _>>()?;
    let mut pools: Vec<Vec<Value>> = Vec::new();
    for _ in 0..repeat {
        pools.extend(base.iter().cloned());
    }
    let mut indices: Option<Vec<usize>> = None;
    let mut finished = pools.iter().any(|p| p.is_empty());
    Ok(lazy(
        "product",
        Box::new(move |_| {
            if finished {
                return Ok(None);
            }
            match indices.as_mut() {
                None => indices = Some(vec![0; pools.len()]),
                Some(ix) => {
                    let mut i = ix.len();
                    loop {
                        if i == 0 {
                            finished = true;
                            return Ok(None);
                        }
                        i -= 1;
                        ix[i] += 1;
                        if ix[i] < pools[i].len() {
                            break;
                        }
                        ix[i] = 0;
                    }
                }
            }
            let ix = indices.as_deref().unwrap_or(&[]);
            Ok(Some(Value::tuple(
                ix.iter()
                    .enumerate()
                    .map(|(p, i)| pools[p][*i].clone())
                    .collect(),
            )))
        }),
    ))
}

fn permutations(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let p = super::params("permutations", &["iterable", "r"], a)?;
    let pool = interp.collect(&p[0].clone().ok_or_else(|| {
        Exc::type_error("permutations() missing required argument 'iterable' (pos 1)")
    })?)?;
    let n = pool.len();
    let r = match &p[1] {
        None | Some(Value::None) => n,
        Some(v) => {
            let r = int_of(v, "")?;
            if r < 0 {
                return Err(Exc::value_error("r must be non-negative"));
            }
            r as usize
        }
    };
    let mut indices: Vec<usize> = (0..n).collect();
    let mut cycles: Vec<usize> = (0..r.min(n)).map(|i| n - i).collect();
    let mut started = false;
    let mut finished = r > n;
    Ok(lazy(
        "permutations",
        Box::new(move |_| {
            if finished {
                return Ok(None);
            }
            let emit =
                |ix: &[usize]| Value::tuple(ix[..r].iter().map(|i| pool[*i].clone()).collect());
            if !started {
                started = true;
                return Ok(Some(emit(&indices)));
            }
            if n == 0 {
                finished = true;
                return Ok(None);
            }
            for i in (0..r).rev() {
                cycles[i] -= 1;
                if cycles[i] == 0 {
                    let moved = indices.remove(i);
                    indices.push(moved);
                    cycles[i] = n - i;
                } else {
                    let j = cycles[i];
                    indices.swap(i, n - j);
                    return Ok(Some(emit(&indices)));
                }
            }
            finished = true;
            Ok(None)
        }),
    ))
}

fn combinations(interp: &Interp, a: Args, replace: bool) -> Result<Value, Exc> {
    let name = if replace {
        "combinations_with_replacement"
    } else {
        "combinations"
    };
    let p = super::params(name, &["iterable", "r"], a)?;
    let pool = interp.collect(&p[0].clone().ok_or_else(|| {
        Exc::type_error(format!(
            "{name}() missing required argument 'iterable' (pos 1)"
        ))
    })?)?;
    let r = int_of(
        &p[1].clone().ok_or_else(|| {
            Exc::type_error(format!("{name}() missing required argument 'r' (pos 2)"))
        })?,
        "",
    )?;
    if r < 0 {
        return Err(Exc::value_error("r must be non-negative"));
    }
    let (n, r) = (pool.len(), r as usize);
    let mut indices: Vec<usize> = if replace {
        vec![0; r]
    } else {
        (0..r).collect()
    };
    let mut started = false;
    let mut finished = if replace { n == 0 && r > 0 } else { r > n };
    Ok(lazy(
        if replace {
            "combinations_with_replacement"
        } else {
            "combinations"
        },
        Box::new(move |_| {
            if finished {
                return Ok(None);
            }
            if started {
                let limit = |i: usize| if replace { n - 1 } else { i + n - r };
                let Some(i) = (0..r).rev().find(|i| indices[*i] != limit(*i)) else {
                    finished = true;
                    return Ok(None);
                };
                indices[i] += 1;
                for j in i + 1..r {
                    indices[j] = if replace {
                        indices[i]
                    } else {
                        indices[j - 1] + 1
                    };
                }
            }
            started = true;
            Ok(Some(Value::tuple(
                indices.iter().map(|i| pool[*i].clone()).collect(),
            )))
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn infinite_and_slicing() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from itertools import count, cycle, repeat, islice, accumulate, chain, takewhile, dropwhile, filterfalse, compress, starmap\nc = count(5)\nprint(next(c), next(c), list(islice(count(0, 2), 4)), list(islice(count(1.5, 0.5), 3)))\nprint(list(islice(cycle('ab'), 5)), list(repeat('x', 3)), list(islice(repeat(1), 2)), list(cycle([])))\nprint(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], lambda a, b: a * b)), list(accumulate([1, 2], initial=10)))\nprint(list(chain([1, 2], 'ab', (3,))), list(chain.from_iterable([[1], [2, 3]])), list(chain()))\nprint(list(islice(range(10), 2, 8, 3)), list(islice('abcdef', 3)), list(islice(range(5), 1, None)), list(islice(range(10), 0, 5, 3)))\nprint(list(takewhile(lambda x: x < 3, [1, 2, 3, 1])), list(dropwhile(lambda x: x < 3, [1, 2, 3, 1])), list(filterfalse(None, [0, 1, '', 'a'])))\nprint(list(compress('abcdef', [1, 0, 1, 0, 1, 1])), list(starmap(pow, [(2, 3), (3, 2)])))\nit = iter(range(10))\nprint(list(islice(it, 3)), next(it))\nfor x in zip(count(), 'xyz'):\n    print(x)\ntry:\n    islice(range(3), -1)\nexcept ValueError as e:\n    print(e)\nprint(repr(count(3)), repr(repeat('a', 2)))\n";
        assert_eq!(run_py(src), "5 6 [0, 2, 4, 6] [1.5, 2.0, 2.5]\n['a', 'b', 'a', 'b', 'a'] ['x', 'x', 'x'] [1, 1] []\n[1, 3, 6, 10] [1, 2, 6] [10, 11, 13]\n[1, 2, 'a', 'b', 3] [1, 2, 3] []\n[2, 5] ['a', 'b', 'c'] [1, 2, 3, 4] [0, 3]\n[1, 2] [3, 1] [0, '']\n['a', 'c', 'e', 'f'] [8, 9]\n[0, 1, 2] 3\n(0, 'x')\n(1, 'y')\n(2, 'z')\nStop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.\ncount(3) repeat('a', 2)\n");
    }

    #[test]
    fn combinatorics_and_grouping() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from itertools import product, permutations, combinations, combinations_with_replacement, groupby, zip_longest, pairwise, tee\nprint(list(product('ab', [1, 2])), list(product([0, 1], repeat=2)), list(product()), list(product('a', [])))\nprint(list(permutations('abc', 2)), list(permutations([1, 2, 3])), list(permutations('ab', 3)), list(permutations([], 0)))\nprint(list(combinations('abcd', 2)), list(combinations([1, 2], 0)), list(combinations('ab', 3)))\nprint(list(combinations_with_replacement('abc', 2)))\nprint([(k, list(g)) for k, g in groupby('aaabbcaa')])\nprint([(k, len(list(g))) for k, g in groupby([1, 3, 2, 4, 5], key=lambda x: x % 2)])\ngroups = groupby('aabbc')\nk1, g1 = next(groups)\nk2, g2 = next(groups)\nprint(k1, list(g1), k2, list(g2), [k for k, _ in groups])\nprint(list(zip_longest('abc', [1], fillvalue='-')), list(zip_longest()), list(pairwise('abcd')), list(pairwise('a')))\na, b = tee(iter([1, 2, 3]))\nprint(next(a), list(b), list(a))\n";
        assert_eq!(run_py(src), "[('a', 1), ('a', 2), ('b', 1), ('b', 2)] [(0, 0), (0, 1), (1, 0), (1, 1)] [()] []\n[('a', 'b'), ('a', 'c'), ('b', 'a'), ('b', 'c'), ('c', 'a'), ('c', 'b')] [(1, 2, 3), (1, 3, 2), (2, 1, 3), (2, 3, 1), (3, 1, 2), (3, 2, 1)] [] [()]\n[('a', 'b'), ('a', 'c'), ('a', 'd'), ('b', 'c'), ('b', 'd'), ('c', 'd')] [()] []\n[('a', 'a'), ('a', 'b'), ('a', 'c'), ('b', 'b'), ('b', 'c'), ('c', 'c')]\n[('a', ['a', 'a', 'a']), ('b', ['b', 'b']), ('c', ['c']), ('a', ['a', 'a'])]\n[(1, 2), (0, 2), (1, 1)]\na [] b ['b', 'b'] ['c']\n[('a', 1), ('b', '-'), ('c', '-')] [] [('a', 'b'), ('b', 'c'), ('c', 'd')] []\n1 [1, 2, 3] [2, 3]\n");
    }
}
