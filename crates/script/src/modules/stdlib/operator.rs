//! `operator` (the operators as functions, `itemgetter`, `attrgetter`,
//! `methodcaller`) and `copy` (`copy`, `deepcopy`).

use super::{func, make_module, split_first};
use crate::builtins::builtin_with;
use crate::exc::Exc;
use crate::interp::Interp;
use crate::ir::{BinOp, CmpOp, UnaryOp};
use crate::value::*;
use indexmap::IndexMap;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

fn two(a: &Args, fname: &str) -> Result<(Value, Value), Exc> {
    match (a.pos.first(), a.pos.get(1)) {
        (Some(x), Some(y)) => Ok((x.clone(), y.clone())),
        _ => Err(Exc::type_error(format!(
            "{fname} expected 2 arguments, got {}",
            a.pos.len()
        ))),
    }
}

fn one(a: &Args, fname: &str) -> Result<Value, Exc> {
    a.pos
        .first()
        .cloned()
        .ok_or_else(|| Exc::type_error(format!("{fname}() takes exactly one argument (0 given)")))
}

const BINARY: &[(&str, BinOp)] = &[
    ("add", BinOp::Add),
    ("sub", BinOp::Sub),
    ("mul", BinOp::Mul),
    ("matmul", BinOp::MatMul),
    ("truediv", BinOp::Div),
    ("floordiv", BinOp::FloorDiv),
    ("mod", BinOp::Mod),
    ("pow", BinOp::Pow),
    ("lshift", BinOp::LShift),
    ("rshift", BinOp::RShift),
    ("and_", BinOp::BitAnd),
    ("or_", BinOp::BitOr),
    ("xor", BinOp::BitXor),
    ("concat", BinOp::Add),
];

const INPLACE: &[(&str, BinOp)] = &[
    ("iadd", BinOp::Add),
    ("isub", BinOp::Sub),
    ("imul", BinOp::Mul),
    ("itruediv", BinOp::Div),
    ("ifloordiv", BinOp::FloorDiv),
    ("imod", BinOp::Mod),
    ("iconcat", BinOp::Add),
];

const COMPARE: &[(&str, CmpOp)] = &[
    ("eq", CmpOp::Eq),
    ("ne", CmpOp::NotEq),
    ("lt", CmpOp::Lt),
    ("le", CmpOp::LtE),
    ("gt", CmpOp::Gt),
    ("ge", CmpOp::GtE),
    ("is_", CmpOp::Is),
    ("is_not", CmpOp::IsNot),
];

fn binop_of(name: &str) -> Option<(BinOp, bool)> {
    BINARY
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, op)| (*op, false))
        .or_else(|| {
            INPLACE
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, op)| (*op, true))
        })
}

fn binary(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (name, a) = split_first(a);
    let name = crate::format::str_plain(&name);
    let (x, y) = two(&a, &name)?;
    match binop_of(&name) {
        Some((op, true)) => interp.inplace_op(op, x, y),
        Some((op, false)) => interp.binary_op(op, x, y),
        None => Err(Exc::runtime_error(format!("unknown operator {name}"))),
    }
}

fn compare(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (name, a) = split_first(a);
    let name = crate::format::str_plain(&name);
    let (x, y) = two(&a, &name)?;
    let op = COMPARE
        .iter()
        .find(|(n, _)| **n == *name)
        .map(|(_, op)| *op)
        .ok_or_else(|| Exc::runtime_error("unknown comparison"))?;
    interp.compare(op, &x, &y)
}

/// The `operator` module.
pub(super) fn module() -> Value {
    let mut items: Vec<(&str, Value)> = Vec::new();
    for (n, _) in BINARY.iter().chain(INPLACE) {
        items.push((n, builtin_with(n, binary, Value::str(*n))));
    }
    for (n, _) in COMPARE {
        items.push((n, builtin_with(n, compare, Value::str(*n))));
    }
    items.extend([
        (
            "neg",
            func("neg", |i, a| i.unary_op(UnaryOp::Neg, one(&a, "neg")?)),
        ),
        (
            "pos",
            func("pos", |i, a| i.unary_op(UnaryOp::Pos, one(&a, "pos")?)),
        ),
        (
            "invert",
            func("invert", |i, a| {
                i.unary_op(UnaryOp::Invert, one(&a, "invert")?)
            }),
        ),
        (
            "inv",
            func("inv", |i, a| i.unary_op(UnaryOp::Invert, one(&a, "inv")?)),
        ),
        (
            "not_",
            func("not_", |i, a| {
                Ok(Value::Bool(!i.truthy(&one(&a, "not_")?)?))
            }),
        ),
        (
            "truth",
            func("truth", |i, a| {
                Ok(Value::Bool(i.truthy(&one(&a, "truth")?)?))
            }),
        ),
        ("abs", func("abs", |i, a| super::call_builtin(i, "abs", a))),
        (
            "index",
            func("index", |_, a| {
                Ok(Value::Int(super::int_of(&one(&a, "index")?, "")?))
            }),
        ),
        (
            "getitem",
            func("getitem", |i, a| {
                let (x, y) = two(&a, "getitem")?;
                i.getitem(&x, y)
            }),
        ),
        (
            "setitem",
            func("setitem", |i, a| {
                let (x, y) = two(&a, "setitem")?;
                let v = a
                    .pos
                    .get(2)
                    .cloned()
                    .ok_or_else(|| Exc::type_error("setitem expected 3 arguments"))?;
                i.setitem(&x, y, v)?;
                Ok(Value::None)
            }),
        ),
        (
            "delitem",
            func("delitem", |i, a| {
                let (x, y) = two(&a, "delitem")?;
                i.delitem(&x, y)?;
                Ok(Value::None)
            }),
        ),
        (
            "contains",
            func("contains", |i, a| {
                let (x, y) = two(&a, "contains")?;
                Ok(Value::Bool(i.contains(&x, &y)?))
            }),
        ),
        (
            "countOf",
            func("countOf", |i, a| {
                let (x, y) = two(&a, "countOf")?;
                let mut n = 0;
                for v in i.collect(&x)? {
                    if i.eq(&v, &y)? {
                        n += 1;
                    }
                }
                Ok(Value::Int(n))
            }),
        ),
        (
            "itemgetter",
            func("itemgetter", |_, a| getter(a, "itemgetter", item_get)),
        ),
        (
            "attrgetter",
            func("attrgetter", |_, a| getter(a, "attrgetter", attr_get)),
        ),
        (
            "methodcaller",
            func("methodcaller", |_, a| {
                if a.pos.is_empty() {
                    return Err(Exc::type_error(
                        "methodcaller needs at least one argument, the method name",
                    ));
                }
                let data = Value::tuple(vec![
                    Value::tuple(a.pos),
                    Value::tuple(
                        a.kw.into_iter()
                            .map(|(k, v)| Value::tuple(vec![Value::Str(k), v]))
                            .collect(),
                    ),
                ]);
                Ok(builtin_with("methodcaller", method_call, data))
            }),
        ),
    ]);
    make_module("operator", items)
}

fn getter(a: Args, name: &str, f: BuiltinFn) -> Result<Value, Exc> {
    if a.pos.is_empty() {
        return Err(Exc::type_error(format!(
            "{name} expected 1 argument, got 0"
        )));
    }
    Ok(builtin_with(name, f, Value::tuple(a.pos)))
}

fn item_get(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (keys, a) = split_first(a);
    let obj = one(&a, "itemgetter")?;
    let Value::Tuple(ref keys) = keys else {
        return Err(Exc::type_error("itemgetter"));
    };
    if keys.len() == 1 {
        return interp.getitem(&obj, keys[0].clone());
    }
    Ok(Value::tuple(
        keys.iter()
            .map(|k| interp.getitem(&obj, k.clone()))
            .collect::<Result<_, _>>()?,
    ))
}

fn attr_get(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (names, a) = split_first(a);
    let obj = one(&a, "attrgetter")?;
    let Value::Tuple(ref names) = names else {
        return Err(Exc::type_error("attrgetter"));
    };
    let get = |name: &Value| -> Result<Value, Exc> {
        let Value::Str(path) = name else {
            return Err(Exc::type_error("attribute name must be a string"));
        };
        let mut v = obj.clone();
        for part in path.split('.') {
            v = interp.getattr(&v, part)?;
        }
        Ok(v)
    };
    if names.len() == 1 {
        return get(&names[0]);
    }
    Ok(Value::tuple(
        names.iter().map(get).collect::<Result<_, _>>()?,
    ))
}

fn method_call(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (data, a) = split_first(a);
    let obj = one(&a, "methodcaller")?;
    let Value::Tuple(ref d) = data else {
        return Err(Exc::type_error("methodcaller"));
    };
    let (Value::Tuple(pos), Value::Tuple(kw)) = (&d[0], &d[1]) else {
        return Err(Exc::type_error("methodcaller"));
    };
    let name = crate::format::str_plain(&pos[0]);
    let m = interp.getattr(&obj, &name)?;
    let kw = kw
        .iter()
        .filter_map(|p| match p {
            Value::Tuple(t) => match (&t[0], &t[1]) {
                (Value::Str(k), v) => Some((k.clone(), v.clone())),
                _ => None,
            },
            _ => None,
        })
        .collect();
    interp.call(
        &m,
        Args {
            pos: pos[1..].to_vec(),
            kw,
        },
    )
}

// ------------------------------------------------------------------- copy

/// The `copy` module.
pub(super) fn copy_module() -> Value {
    make_module(
        "copy",
        vec![
            ("copy", func("copy", |i, a| shallow(i, &one(&a, "copy")?))),
            (
                "deepcopy",
                func("deepcopy", |i, a| {
                    deep(i, &one(&a, "deepcopy")?, &mut HashMap::new(), 0)
                }),
            ),
            ("Error", Value::Class(crate::exc::class("Exception"))),
        ],
    )
}

fn copy_slots(
    o: &Object,
    f: &mut dyn FnMut(&Value) -> Result<Value, Exc>,
) -> Result<crate::value::Names, Exc> {
    let items: Vec<(Rc<str>, Value)> = o
        .dict
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut out = crate::value::Names::default();
    for (k, v) in items {
        out.insert(k, f(&v)?);
    }
    Ok(out)
}

fn shallow(interp: &Interp, v: &Value) -> Result<Value, Exc> {
    Ok(match v {
        Value::List(l) => Value::list(l.borrow().clone()),
        Value::Dict(d) => Value::dict(d.borrow().clone()),
        Value::Set(s) => Value::Set(Rc::new(RefCell::new(s.borrow().clone()))),
        Value::Object(o) if o.exc.is_none() => {
            if let Some(m) = o.class.lookup("__copy__") {
                return interp.call(&m, Args::new(vec![v.clone()]));
            }
            // Hidden containers of built-in classes (`__data__`) are copied
            // one level; other attributes are shared.
            let dict: crate::value::Names = o
                .dict
                .borrow()
                .iter()
                .map(|(k, x)| {
                    let x = match x {
                        Value::List(l) if k.starts_with("__") => Value::list(l.borrow().clone()),
                        Value::Dict(d) if k.starts_with("__") => Value::dict(d.borrow().clone()),
                        other => other.clone(),
                    };
                    (k.clone(), x)
                })
                .collect();
            let inner = o.inner.as_ref().map(|x| match x {
                Value::List(l) => Value::list(l.borrow().clone()),
                Value::Dict(d) => Value::dict(d.borrow().clone()),
                Value::Set(s) => Value::Set(Rc::new(RefCell::new(s.borrow().clone()))),
                other => other.clone(),
            });
            Value::Object(Rc::new(Object {
                class: o.class.clone(),
                dict: RefCell::new(dict),
                exc: None,
                inner,
            }))
        }
        other => other.clone(),
    })
}

fn deep(
    interp: &Interp,
    v: &Value,
    memo: &mut HashMap<usize, Value>,
    depth: u32,
) -> Result<Value, Exc> {
    if depth > 300 {
        return Err(Exc::of(
            "RecursionError",
            "maximum recursion depth exceeded while calling a Python object",
        ));
    }
    let id = v.identity();
    let mutable = matches!(
        v,
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Object(_)
    );
    if mutable {
        if let Some(done) = memo.get(&id) {
            return Ok(done.clone());
        }
    }
    Ok(match v {
        Value::List(l) => {
            let out = Rc::new(RefCell::new(Vec::new()));
            memo.insert(id, Value::List(out.clone()));
            let items = l.borrow().clone();
            for x in items {
                let c = deep(interp, &x, memo, depth + 1)?;
                out.borrow_mut().push(c);
            }
            Value::List(out)
        }
        Value::Tuple(t) => Value::tuple(
            t.iter()
                .map(|x| deep(interp, x, memo, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Dict(d) => {
            let out = Rc::new(RefCell::new(Dict::default()));
            memo.insert(id, Value::Dict(out.clone()));
            let items: Vec<(Value, Value)> = d
                .borrow()
                .iter()
                .map(|(k, x)| (k.0.clone(), x.clone()))
                .collect();
            for (k, x) in items {
                let (k, x) = (
                    deep(interp, &k, memo, depth + 1)?,
                    deep(interp, &x, memo, depth + 1)?,
                );
                out.borrow_mut().insert(Key::new(k)?, x);
            }
            Value::Dict(out)
        }
        Value::Set(s) => Value::Set(Rc::new(RefCell::new(s.borrow().clone()))),
        Value::Object(o) if o.exc.is_none() => {
            if let Some(m) = o.class.lookup("__deepcopy__") {
                return interp.call(&m, Args::new(vec![v.clone(), Value::dict(Dict::default())]));
            }
            let inner = match &o.inner {
                Some(x) => Some(deep(interp, x, memo, depth + 1)?),
                None => None,
            };
            let new = Rc::new(Object {
                class: o.class.clone(),
                dict: RefCell::new(IndexMap::default()),
                exc: None,
                inner,
            });
            memo.insert(id, Value::Object(new.clone()));
            let dict = copy_slots(o, &mut |x| deep(interp, x, memo, depth + 1))?;
            *new.dict.borrow_mut() = dict;
            Value::Object(new)
        }
        // A deque's hidden items.
        Value::Native(n) => match n.as_any().downcast_ref::<super::collections::DequeData>() {
            Some(d) => {
                let items = d
                    .snapshot()
                    .iter()
                    .map(|x| deep(interp, x, memo, depth + 1))
                    .collect::<Result<Vec<_>, _>>()?;
                super::collections::DequeData::value(items.into())
            }
            None => v.clone(),
        },
        other => other.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn operator_and_copy() {
        // Expected output: CPython 3.11 on the same program.
        let src = "import operator, copy\nfrom operator import itemgetter, attrgetter, methodcaller\nprint(operator.add(2, 3), operator.mul('a', 3), operator.lt(1, 2), operator.not_(0), operator.neg(5), operator.getitem([1, 2], 1), operator.contains('abc', 'b'), operator.truediv(1, 4), operator.is_(None, None))\nrows = [('b', 2), ('a', 3), ('c', 1)]\nprint(sorted(rows, key=itemgetter(1)), itemgetter(0, 1)(rows[0]), list(map(itemgetter(0), rows)))\nclass P:\n    def __init__(self, n, inner=None):\n        self.n = n\n        self.inner = inner\n    def scaled(self, k, plus=0):\n        return self.n * k + plus\np = P(2, P(5))\nprint(attrgetter('n')(p), attrgetter('inner.n', 'n')(p), methodcaller('scaled', 3, plus=1)(p), methodcaller('upper')('x'))\na = [[1, 2], {'k': [3]}]\nb = copy.copy(a)\nc = copy.deepcopy(a)\na[0].append(9)\na[1]['k'].append(4)\nprint(b, c, b[0] is a[0], c[0] is a[0])\nq = copy.deepcopy(p)\nq.inner.n = 50\nprint(p.inner.n, q.inner.n, copy.copy(p).inner is p.inner)\nloop = [1]\nloop.append(loop)\nd = copy.deepcopy(loop)\nprint(d[1] is d, d[0])\nfrom collections import deque, Counter\ndq = deque([1, 2])\ndq2 = copy.copy(dq)\ndq2.append(3)\nprint(dq, dq2, copy.deepcopy(Counter('aab')))\n";
        assert_eq!(run_py(src), "5 aaa True True -5 2 True 0.25 True\n[('c', 1), ('b', 2), ('a', 3)] ('b', 2) ['b', 'a', 'c']\n2 (5, 2) 7 X\n[[1, 2, 9], {'k': [3, 4]}] [[1, 2], {'k': [3]}] True False\n5 50 True\nTrue 1\ndeque([1, 2]) deque([1, 2, 3]) Counter({'a': 2, 'b': 1})\n");
    }
}
