//! Closures inside comprehensions see the comprehension's variable: a
//! generator expression in a filter or element, a lambda, at function,
//! module and class level. Expected output from CPython 3.11
//! (`python3 prog.py` on the program below).

use looplab_script::{run, Options};

#[test]
fn closures_in_comprehensions_see_the_loop_variable() {
    let source = r#"def f(starts, ends):
    return [s for s in starts if all(abs(s - e) > 0 for e in ends)]
print(f([1, 2, 3], [2]))
print([s for s in [1, 2, 3] if all(s != e for e in [2])])
def g(xs):
    return [[x * y for y in xs] for x in xs]
print(g([1, 2]))
def h(xs):
    return [sum(x * y for y in xs) for x in xs]
print(h([1, 2, 3]))
def k(xs):
    return {x: [y for y in xs if y > x] for x in xs if any(x == z for z in xs)}
print(k([1, 2]))
fs = [lambda: i for i in range(3)]
print([f() for f in fs])
class C:
    xs = [1, 2]
    ys = [x * 2 for x in xs]
    zs = [sum(x * y for y in range(3)) for x in range(2)]
print(C.ys, C.zs)
"#;
    let out = run(source, &Options::default());
    assert!(out.error.is_none(), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "[1, 3]\n[1, 3]\n[[1, 2], [2, 4]]\n[6, 12, 18]\n{1: [2], 2: []}\n[2, 2, 2]\n[2, 4] [0, 3]\n"
    );
}
