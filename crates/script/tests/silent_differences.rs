//! Differences from CPython that used to pass silently (issue 13's list):
//! `%`-formatting's alignment and `*` widths, `yield from` delegating sends,
//! throws, `close()` and the return value (PEP 380), and dicts and sets
//! that change size while iterated, `Enum` classes as sequences,
//! `async with lock as x` (None), `gather` of one coroutine twice and its
//! `CancelledError('')`, and the wording of the errors beginners meet
//! (concatenation, repetition, comparisons in `max`, unpacking),
//! `iter(callable, sentinel)`, `int | None`, `__file__`, exception notes,
//! classes with `__eq__` but no `__hash__` being unhashable, `format()`
//! with a spec on an object without `__format__`, and `PriorityQueue`
//! ties whose payloads do not order, `random.seed` with a string, and a
//! class body's names hidden from its comprehensions, and tuples and
//! lists ordered item by item with the operator asked. Expected
//! stdout from CPython 3.11 (`python3 main.py`).

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

#[test]
fn enums_locks_gather_and_beginners_errors() {
    check(
        "import asyncio, enum\nclass Color(enum.Enum):\n    RED = 1\n    GREEN = 2\n    CRIMSON = 1\nprint(Color[\"RED\"], Color[\"CRIMSON\"], list(Color), len(Color), [c.name for c in Color])\ntry:\n    Color[\"BLUE\"]\nexcept KeyError as e:\n    print(\"KeyError\", e)\nasync def one():\n    await asyncio.sleep(0.1)\n    return 1\nasync def main():\n    lock = asyncio.Lock()\n    async with lock as l:\n        print(\"lock as\", l, lock.locked())\n    sem = asyncio.Semaphore(2)\n    async with sem as s:\n        print(\"sem as\", s)\n    c = one()\n    print(await asyncio.gather(c, c))\n    async def w():\n        await asyncio.sleep(1)\n    t = asyncio.create_task(w())\n    await asyncio.sleep(0)\n    t.cancel()\n    print(repr((await asyncio.gather(t, return_exceptions=True))[0]))\n    try:\n        r = \"age: \" + 30\n    except TypeError as e:\n        print(e)\n    for f in [lambda: [1] * \"a\", lambda: 1 + \"a\", lambda: max([1, \"a\"]), lambda: sorted([1, \"a\"]), lambda: \"x\" * 2.0, lambda: None + 1, lambda: len(5), lambda: [1, 2][5], lambda: {}[\"k\"], lambda: int(\"x\")]:\n        try:\n            f()\n        except Exception as e:\n            print(type(e).__name__ + \":\", e)\n    try:\n        a, b = 5\n    except TypeError as e:\n        print(e)\nasyncio.run(main())\n",
        "Color.RED Color.RED [<Color.RED: 1>, <Color.GREEN: 2>] 2 ['RED', 'GREEN']\nKeyError 'BLUE'\nlock as None True\nsem as None\n[1, 1]\nCancelledError('')\ncan only concatenate str (not \"int\") to str\nTypeError: can't multiply sequence by non-int of type 'str'\nTypeError: unsupported operand type(s) for +: 'int' and 'str'\nTypeError: '>' not supported between instances of 'str' and 'int'\nTypeError: '<' not supported between instances of 'str' and 'int'\nTypeError: can't multiply sequence by non-int of type 'float'\nTypeError: unsupported operand type(s) for +: 'NoneType' and 'int'\nTypeError: object of type 'int' has no len()\nIndexError: list index out of range\nKeyError: 'k'\nValueError: invalid literal for int() with base 10: 'x'\ncannot unpack non-iterable int object\n",
    );
}

#[test]
fn iter_sentinel_unions_file_and_notes() {
    check(
        "import collections\ndata = iter([1, 2, 3, 0, 5])\nprint(list(iter(lambda: next(data), 0)))\nprint(int | None, isinstance(3, int | str), isinstance(None, int | None))\nprint(__file__.endswith(\"main.py\") or __file__.endswith(\".py\"))\ntry:\n    raise ValueError(\"bad\")\nexcept ValueError as e:\n    e.add_note(\"while parsing row 3\")\n    print(e.__notes__)\n",
        "[1, 2, 3]\nint | None True True\nTrue\n['while parsing row 3']\n",
    );
}

/// Notes added with `add_note()` print under the exception's message
/// (the last three lines of CPython's stderr).
#[test]
fn exception_notes_print_under_the_message() {
    let out = run("import asyncio\nasync def fetch(url):\n    try:\n        raise ConnectionError(\"refused\")\n    except ConnectionError as e:\n        e.add_note(f\"while fetching {url}\")\n        e.add_note(\"retry later\")\n        raise\nasyncio.run(fetch(\"http://x\"))\n", &Options::default());
    assert!(
        out.stderr
            .ends_with("ConnectionError: refused\nwhile fetching http://x\nretry later\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn eq_without_hash_is_unhashable() {
    check(
        "from dataclasses import dataclass\nclass P:\n    def __init__(self, x):\n        self.x = x\n    def __eq__(self, other):\n        return isinstance(other, P) and self.x == other.x\nclass H(P):\n    def __hash__(self):\n        return hash(self.x)\nclass Q:\n    pass\nfor v in [P(1), H(1), Q()]:\n    try:\n        print(type(v).__name__, {v: 1} is not None)\n    except TypeError as e:\n        print(type(v).__name__, e)\n@dataclass\nclass D:\n    a: int\ntry:\n    print({D(1)})\nexcept TypeError as e:\n    print(e)\n@dataclass(frozen=True)\nclass F:\n    a: int\nprint(len({F(1), F(1)}))\nprint(H(1) in {H(1)})\n",
        "P unhashable type: 'P'\nH True\nQ True\nunhashable type: 'D'\n1\nTrue\n",
    );
}

#[test]
fn format_specs_and_priority_queue_ties() {
    check(
        "import asyncio, enum\nclass P:\n    pass\nfor spec in [\">10\", \"\"]:\n    try:\n        print(format(P(), spec).startswith(\"<__main__.P object\"))\n    except TypeError as e:\n        print(\"TypeError:\", e)\nclass N(enum.IntEnum):\n    A = 7\nprint(f\"[{N.A:>3}]\")\nasync def main():\n    q = asyncio.PriorityQueue()\n    await q.put((1, {\"job\": \"a\"}))\n    await q.put((2, {\"job\": \"b\"}))\n    try:\n        await q.put((1, {\"job\": \"c\"}))\n    except TypeError as e:\n        print(\"TypeError:\", e)\n    try:\n        q.put_nowait((2, {\"job\": \"d\"}))\n    except TypeError as e:\n        print(\"TypeError:\", e)\n    print(sorted([(1, \"b\"), (1, \"a\")]))\n    try:\n        sorted([(1, {}), (1, {})])\n    except TypeError as e:\n        print(\"TypeError:\", e)\nasyncio.run(main())\n",
        "TypeError: unsupported format string passed to P.__format__\nTrue\n[  7]\nTypeError: '<' not supported between instances of 'dict' and 'dict'\nTypeError: '<' not supported between instances of 'dict' and 'dict'\n[(1, 'a'), (1, 'b')]\n",
    );
}

#[test]
fn random_seeded_with_text_draws_as_cpython() {
    check(
        "import random\nrandom.seed(\"text\")\nprint(random.randint(1, 1000), random.random())\nrandom.seed(b\"bytes!\")\nprint(random.random())\nr = random.Random(\"abc\")\nprint(r.randint(1, 100))\nrandom.seed(\"\")\nprint(random.random())\n",
        "893 0.3974254726587474\n0.20190387430786427\n99\n0.9602256525641875\n",
    );
}

#[test]
fn class_names_are_hidden_from_comprehensions() {
    check(
        "class C:\n    x = 5\n    try:\n        ys = [x for _ in range(2)]\n    except NameError as e:\n        print(\"NameError:\", e)\n    zs = [i * 2 for i in range(x)]\n    ws = {k: k + 1 for k in range(2)}\nprint(C.zs, C.ws)\ntop = 10\nclass D:\n    vals = [top + i for i in range(2)]\nprint(D.vals)\ndef make():\n    local = 3\n    class E:\n        items = [local * j for j in range(3)]\n    return E.items\nprint(make())\n",
        "NameError: name 'x' is not defined\n[0, 2, 4, 6, 8] {0: 1, 1: 2}\n[10, 11]\n[0, 3, 6]\n",
    );
}

#[test]
fn sequences_order_item_by_item_with_the_operator_asked() {
    check(
        "tests = [\n    ('(1, {}) < (1, [])', lambda: (1, {}) < (1, [])),\n    (\"(1, 'a') > (1, 2)\", lambda: (1, 'a') > (1, 2)),\n    (\"[1, 2] <= [1, 'x']\", lambda: [1, 2] <= [1, 'x']),\n    ('(1, 2) >= (1, 2, 3)', lambda: (1, 2) >= (1, 2, 3)),\n    ('[3] < [3, 0]', lambda: [3] < [3, 0]),\n    ('(1, {}) < (1, {})', lambda: (1, {}) < (1, {})),\n    (\"(2,) > (1, 'z')\", lambda: (2,) > (1, 'z')),\n    (\"((1, 'a'),) < ((1, 2),)\", lambda: ((1, 'a'),) < ((1, 2),)),\n]\nfor text, f in tests:\n    try:\n        print(text, '->', f())\n    except TypeError as e:\n        print(text, '->', 'TypeError:', e)\n",
        "(1, {}) < (1, []) -> TypeError: '<' not supported between instances of 'dict' and 'list'\n(1, 'a') > (1, 2) -> TypeError: '>' not supported between instances of 'str' and 'int'\n[1, 2] <= [1, 'x'] -> TypeError: '<=' not supported between instances of 'int' and 'str'\n(1, 2) >= (1, 2, 3) -> False\n[3] < [3, 0] -> True\n(1, {}) < (1, {}) -> False\n(2,) > (1, 'z') -> True\n((1, 'a'),) < ((1, 2),) -> TypeError: '<' not supported between instances of 'str' and 'int'\n",
    );
}
