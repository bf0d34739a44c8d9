//! Differences from CPython that used to pass silently (issue 13's list):
//! `%`-formatting's alignment and `*` widths, `yield from` delegating sends,
//! throws, `close()` and the return value (PEP 380), and dicts and sets
//! that change size while iterated. Expected stdout from CPython 3.11
//! (`python3 main.py`).

use looplab_script::{run, Options};

fn check(source: &str, cpython: &str) {
    let out = run(source, &Options::default());
    assert!(out.error.is_none(), "{}", out.stderr);
    assert_eq!(out.stdout, cpython);
}

#[test]
fn percent_formatting() {
    check(
        "print(\"[%10s]\" % \"x\", \"[%-5s]\" % \"ab\", \"[%5d]\" % 42, \"[%-6.2f]\" % 3.14159, \"[%3c]\" % \"z\", \"[%-3c]\" % 65)\nprint(\"[%*d]\" % (6, 42), \"[%-*s]\" % (4, \"a\"), \"[%.*f]\" % (2, 3.14159), \"[%*s]\" % (-4, \"b\"), \"[%*.*f]\" % (8, 3, 2.5))\nprint(\"%(name)8s|%(n)-4d|\" % {\"name\": \"ann\", \"n\": 7})\n",
        "[         x] [ab   ] [   42] [3.14  ] [  z] [A  ]\n[    42] [a   ] [3.14] [b   ] [   2.500]\n     ann|7   |\n",
    );
}

#[test]
fn yield_from_delegates() {
    check(
        "def sub():\n    x = yield 1\n    print(\"sub got\", x)\n    try:\n        yield 2\n    except ValueError as e:\n        print(\"sub caught\", e)\n        yield 3\n    return \"done\"\n\ndef outer():\n    r = yield from sub()\n    print(\"outer got\", r)\n    yield 4\n\ng = outer()\nprint(next(g))\nprint(g.send(\"hello\"))\nprint(g.throw(ValueError(\"boom\")))\nprint(next(g))\n\ndef sub2():\n    try:\n        yield 1\n    finally:\n        print(\"sub2 closed\")\n\ndef outer2():\n    yield from sub2()\n\ng2 = outer2()\nnext(g2)\ng2.close()\nprint(\"closed\")\n\ndef gen3():\n    yield from [1, 2]\n    return (yield from (x * 10 for x in range(2)))\nprint(list(gen3()))\n",
        "1\nsub got hello\n2\nsub caught boom\n3\nouter got done\n4\nsub2 closed\nclosed\n[1, 2, 0, 10]\n",
    );
}

#[test]
fn changed_size_during_iteration() {
    check(
        "d = {\"a\": 1, \"b\": 2}\nfor k in d:\n    d[k] = d[k] * 10\nprint(d)\nfor name, fn in [(\"items\", lambda: d.items()), (\"keys\", lambda: d.keys()), (\"values\", lambda: d.values())]:\n    try:\n        for x in fn():\n            d[\"new-\" + name] = 0\n        print(name, \"no error\")\n    except RuntimeError as e:\n        print(name, \"RuntimeError:\", e)\ne = {1: 1, 2: 2, 3: 3}\ntry:\n    for k in e:\n        del e[k]\nexcept RuntimeError as err:\n    print(\"del:\", err, e)\ns = {1, 2, 3}\nfor x in list(s):\n    s.discard(x)\nprint(s)\n",
        "{'a': 10, 'b': 20}\nitems RuntimeError: dictionary changed size during iteration\nkeys RuntimeError: dictionary changed size during iteration\nvalues RuntimeError: dictionary changed size during iteration\ndel: dictionary changed size during iteration {2: 2, 3: 3}\nset()\n",
    );
}
