//! `heapq` and `bisect`, with CPython's algorithms (so heaps hold their
//! items in the same order as under CPython).

use super::{func, int_of, make_module};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::cell::RefCell;
use std::rc::Rc;

type List = Rc<RefCell<Vec<Value>>>;

fn list_arg(a: &Args, fname: &str) -> Result<List, Exc> {
    match a.pos.first() {
        Some(Value::List(l)) => Ok(l.clone()),
        Some(other) => Err(Exc::type_error(format!(
            "{fname}() argument 1 must be list, not {}",
            other.type_name()
        ))),
        None => Err(Exc::type_error(format!(
            "{fname} expected 2 arguments, got 0"
        ))),
    }
}

fn item_arg(a: &Args, fname: &str) -> Result<Value, Exc> {
    a.pos.get(1).cloned().ok_or_else(|| {
        Exc::type_error(format!("{fname} expected 2 arguments, got {}", a.pos.len()))
    })
}

fn get(l: &List, i: usize) -> Value {
    l.borrow().get(i).cloned().unwrap_or(Value::None)
}

fn set(l: &List, i: usize, v: Value) {
    if let Some(x) = l.borrow_mut().get_mut(i) {
        *x = v;
    }
}

fn sift_down(interp: &Interp, heap: &List, start: usize, mut pos: usize) -> Result<(), Exc> {
    let item = get(heap, pos);
    while pos > start {
        let parent_pos = (pos - 1) >> 1;
        let parent = get(heap, parent_pos);
        if interp.lt(&item, &parent)? {
            set(heap, pos, parent);
            pos = parent_pos;
            continue;
        }
        break;
    }
    set(heap, pos, item);
    Ok(())
}

fn sift_up(interp: &Interp, heap: &List, mut pos: usize) -> Result<(), Exc> {
    let end = heap.borrow().len();
    let start = pos;
    let item = get(heap, pos);
    let mut child = 2 * pos + 1;
    while child < end {
        let right = child + 1;
        if right < end && !interp.lt(&get(heap, child), &get(heap, right))? {
            child = right;
        }
        set(heap, pos, get(heap, child));
        pos = child;
        child = 2 * pos + 1;
    }
    set(heap, pos, item);
    sift_down(interp, heap, start, pos)
}

fn heappush(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let heap = list_arg(&a, "heappush")?;
    let item = item_arg(&a, "heappush")?;
    heap.borrow_mut().push(item);
    let last = heap.borrow().len() - 1;
    sift_down(interp, &heap, 0, last)?;
    Ok(Value::None)
}

fn heappop(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let heap = list_arg(&a, "heappop")?;
    let last = heap
        .borrow_mut()
        .pop()
        .ok_or_else(|| Exc::of("IndexError", "index out of range"))?;
    if heap.borrow().is_empty() {
        return Ok(last);
    }
    let top = get(&heap, 0);
    set(&heap, 0, last);
    sift_up(interp, &heap, 0)?;
    Ok(top)
}

fn heapreplace(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let heap = list_arg(&a, "heapreplace")?;
    let item = item_arg(&a, "heapreplace")?;
    if heap.borrow().is_empty() {
        return Err(Exc::of("IndexError", "index out of range"));
    }
    let top = get(&heap, 0);
    set(&heap, 0, item);
    sift_up(interp, &heap, 0)?;
    Ok(top)
}

fn heappushpop(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let heap = list_arg(&a, "heappushpop")?;
    let item = item_arg(&a, "heappushpop")?;
    if heap.borrow().is_empty() || !interp.lt(&get(&heap, 0), &item)? {
        return Ok(item);
    }
    let top = get(&heap, 0);
    set(&heap, 0, item);
    sift_up(interp, &heap, 0)?;
    Ok(top)
}

fn heapify(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let heap = list_arg(&a, "heapify")?;
    let n = heap.borrow().len();
    for i in (0..n / 2).rev() {
        sift_up(interp, &heap, i)?;
    }
    Ok(Value::None)
}

fn n_best(interp: &Interp, a: Args, largest: bool) -> Result<Value, Exc> {
    let mut a = a;
    let key = a.take_kw("key").filter(|v| !matches!(v, Value::None));
    let n = int_of(
        a.pos
            .first()
            .ok_or_else(|| Exc::type_error("missing required argument 'n'"))?,
        "",
    )?;
    let items = interp.collect(
        a.pos
            .get(1)
            .ok_or_else(|| Exc::type_error("missing required argument 'iterable'"))?,
    )?;
    let mut sorted = crate::builtins::sort_values(interp, items, key, largest)?;
    sorted.truncate(n.max(0) as usize);
    Ok(Value::list(sorted))
}

fn merge(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let mut a = a;
    let key = a.take_kw("key").filter(|v| !matches!(v, Value::None));
    let reverse = match a.take_kw("reverse") {
        Some(v) => interp.truthy(&v)?,
        None => false,
    };
    let mut all = Vec::new();
    for it in &a.pos {
        all.extend(interp.collect(it)?);
    }
    let sorted = crate::builtins::sort_values(interp, all, key, reverse)?;
    crate::builtins::iter_value(interp, Value::list(sorted))
}

/// The `heapq` module.
pub(super) fn heapq_module() -> Value {
    make_module(
        "heapq",
        vec![
            ("heappush", func("heappush", heappush)),
            ("heappop", func("heappop", heappop)),
            ("heapreplace", func("heapreplace", heapreplace)),
            ("heappushpop", func("heappushpop", heappushpop)),
            ("heapify", func("heapify", heapify)),
            ("nlargest", func("nlargest", |i, a| n_best(i, a, true))),
            ("nsmallest", func("nsmallest", |i, a| n_best(i, a, false))),
            ("merge", func("merge", merge)),
        ],
    )
}

/// `bisect_left`/`bisect_right` over `a[lo:hi]`.
fn search(interp: &Interp, a: Args, right: bool, fname: &str) -> Result<(List, usize, Value), Exc> {
    let mut a = a;
    let key = a.take_kw("key").filter(|v| !matches!(v, Value::None));
    let lo_kw = a.take_kw("lo");
    let hi_kw = a.take_kw("hi");
    let list = match a.pos.first() {
        Some(Value::List(l)) => l.clone(),
        Some(other) => Rc::new(RefCell::new(interp.collect(other)?)),
        None => {
            return Err(Exc::type_error(format!(
                "{fname}() missing required argument 'a' (pos 1)"
            )))
        }
    };
    let x = a.pos.get(1).cloned().ok_or_else(|| {
        Exc::type_error(format!("{fname}() missing required argument 'x' (pos 2)"))
    })?;
    let mut lo = match lo_kw.or_else(|| a.pos.get(2).cloned()) {
        Some(v) => int_of(&v, "")?,
        None => 0,
    };
    if lo < 0 {
        return Err(Exc::value_error("lo must be non-negative"));
    }
    let mut hi = match hi_kw
        .or_else(|| a.pos.get(3).cloned())
        .filter(|v| !matches!(v, Value::None))
    {
        Some(v) => int_of(&v, "")?,
        None => list.borrow().len() as i64,
    };
    let kx = x.clone();
    while lo < hi {
        let mid = (lo + hi) / 2;
        let item = get(&list, mid as usize);
        let k = match &key {
            Some(f) => interp.call(f, Args::new(vec![item]))?,
            None => item,
        };
        let go_left = if right {
            interp.lt(&kx, &k)?
        } else {
            !interp.lt(&k, &kx)?
        };
        if go_left {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok((list, lo as usize, x))
}

fn insort(interp: &Interp, a: Args, right: bool) -> Result<Value, Exc> {
    let key =
        a.kw.iter()
            .find(|(k, _)| &**k == "key")
            .map(|(_, v)| v.clone())
            .filter(|v| !matches!(v, Value::None));
    let x = a.pos.get(1).cloned().unwrap_or(Value::None);
    // With a key, the search compares key(x) with the keys of the items.
    let mut search_args = Args {
        pos: a.pos.clone(),
        kw: a.kw.clone(),
    };
    if let Some(k) = &key {
        if let Some(slot) = search_args.pos.get_mut(1) {
            *slot = interp.call(k, Args::new(vec![x.clone()]))?;
        }
    }
    let (list, i, _) = search(
        interp,
        search_args,
        right,
        if right { "insort_right" } else { "insort_left" },
    )?;
    let mut l = list.borrow_mut();
    let at = i.min(l.len());
    l.insert(at, x);
    Ok(Value::None)
}

/// The `bisect` module.
pub(super) fn bisect_module() -> Value {
    make_module(
        "bisect",
        vec![
            (
                "bisect_left",
                func("bisect_left", |i, a| {
                    Ok(Value::Int(search(i, a, false, "bisect_left")?.1 as i64))
                }),
            ),
            (
                "bisect_right",
                func("bisect_right", |i, a| {
                    Ok(Value::Int(search(i, a, true, "bisect_right")?.1 as i64))
                }),
            ),
            (
                "bisect",
                func("bisect", |i, a| {
                    Ok(Value::Int(search(i, a, true, "bisect_right")?.1 as i64))
                }),
            ),
            (
                "insort_left",
                func("insort_left", |i, a| insort(i, a, false)),
            ),
            (
                "insort_right",
                func("insort_right", |i, a| insort(i, a, true)),
            ),
            ("insort", func("insort", |i, a| insort(i, a, true))),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn heapq_and_bisect() {
        // Expected output: CPython 3.11 on the same program.
        let src = "import heapq, bisect\nh = []\nfor x in [5, 1, 8, 3, 9, 2, 7]:\n    heapq.heappush(h, x)\nprint(h, heapq.heappop(h), h, heapq.heappushpop(h, 4), heapq.heapreplace(h, 10), h)\ndata = [9, 4, 7, 1, 8, 2]\nheapq.heapify(data)\nprint(data, [heapq.heappop(data) for _ in range(len(data))])\ntasks = []\nheapq.heappush(tasks, (2, 'write'))\nheapq.heappush(tasks, (1, 'read'))\nheapq.heappush(tasks, (2, 'alpha'))\nprint([heapq.heappop(tasks) for _ in range(3)], heapq.nlargest(2, [3, 1, 4, 1, 5]), heapq.nsmallest(2, ['bb', 'a', 'ccc'], key=len), list(heapq.merge([1, 4], [2, 3])))\ntry:\n    heapq.heappop([])\nexcept IndexError as e:\n    print(e)\na = [1, 2, 2, 4]\nprint(bisect.bisect_left(a, 2), bisect.bisect_right(a, 2), bisect.bisect(a, 3), bisect.bisect_left(a, 2, 2), bisect.bisect(a, 'x' and 5))\nbisect.insort(a, 3)\nbisect.insort_left(a, 0)\nprint(a, bisect.bisect([(1, 'a'), (3, 'b')], 2, key=lambda t: t[0]))\n";
        assert_eq!(run_py(src), "[4, 5, 7, 10, 9, 8] 1 [4, 5, 7, 10, 9, 8] 2 3 [4, 5, 7, 10, 9, 8]\n[] [1, 2, 4, 7, 8, 9]\n[(1, 'read'), (2, 'alpha'), (2, 'write')] [5, 4] ['a', 'bb'] [1, 2, 3, 4]\nindex out of range\n1 3 3 2 4\n[0, 1, 2, 2, 3, 4] 1\n");
    }
}
