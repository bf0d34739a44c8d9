"""Writes bytecode.cpython.json: each program below with what CPython 3.11
prints for it (stdout, the last line of stderr, the traceback's `File ...`
lines, and those lines with the source and marker lines under them).

The programs exercise the control flow the bytecode lowers by hand: early
exits through `finally`, `with` and `except` blocks, exception context and
cause, loops with `else`, unpacking, calls of every shape, recursion, and
the clean-up of generators dropped while suspended.

    python3 crates/script/tests/bytecode_reference.py
"""

import json
import os
import subprocess
import sys
import tempfile

PROGRAMS = {
    "return_through_finally": '''
def f(x):
    try:
        if x:
            return "early"
        print("body")
    finally:
        print("finally", x)
    return "late"
print(f(True), f(False))
''',
    "finally_overrides_return": '''
def f():
    try:
        return 1
    finally:
        return 2
def g():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"
print(f(), g())
''',
    "break_continue_through_finally": '''
def f():
    out = []
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            out.append(i)
        finally:
            out.append("f%d" % i)
    else:
        out.append("else")
    return out
print(f())
''',
    "while_else_and_break": '''
def f(n):
    i = 0
    while i < n:
        if i == 10:
            break
        i += 1
    else:
        return "ran out at %d" % i
    return "broke at %d" % i
print(f(3), f(20))
''',
    "nested_loops_break_inner": '''
def f():
    pairs = []
    for a in range(3):
        for b in range(3):
            if b > a:
                break
            pairs.append((a, b))
    return pairs
print(f())
''',
    "except_matching_order": '''
def f(exc):
    try:
        raise exc
    except KeyError as e:
        return "key " + repr(e)
    except (TypeError, ValueError) as e:
        return "type or value " + type(e).__name__
    except Exception:
        return "other"
print(f(KeyError("k")), f(ValueError()), f(TypeError), f(ZeroDivisionError()))
''',
    "except_name_is_unbound_after": '''
def f():
    try:
        1 / 0
    except ZeroDivisionError as e:
        pass
    try:
        return e
    except UnboundLocalError as u:
        return "unbound: " + str(u)
print(f())
''',
    "exception_context_in_handler": '''
def f():
    try:
        try:
            {}["missing"]
        except KeyError:
            1 / 0
    except ZeroDivisionError as e:
        return type(e.__context__).__name__, e.__cause__, e.__suppress_context__
print(f())
''',
    "raise_from": '''
def f():
    try:
        try:
            int("x")
        except ValueError as e:
            raise RuntimeError("wrapped") from e
    except RuntimeError as e:
        return repr(e.__cause__), e.__suppress_context__
print(f())
''',
    "bare_reraise": '''
def f():
    try:
        try:
            raise ValueError("inner")
        except ValueError:
            print("handling")
            raise
    except ValueError as e:
        return "again: " + str(e)
print(f())
''',
    "with_normal_and_raised": '''
class CM:
    def __init__(self, name, swallow=False):
        self.name, self.swallow = name, swallow
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None, v)
        return self.swallow
def f():
    with CM("a") as x:
        print("inside", x)
    with CM("b", swallow=True):
        raise ValueError("hidden")
    try:
        with CM("c"):
            raise KeyError("shown")
    except KeyError as e:
        print("caught", e)
    with CM("d") as d, CM("e") as e:
        return d + e
print(f())
''',
    "return_from_with_in_loop": '''
class CM:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        print("exit", a[0])
def f():
    for i in range(3):
        with CM():
            if i == 1:
                return i
print(f())
''',
    "unhandled_in_nested_call": '''
def a(n):
    return b(n) + 1
def b(n):
    return [1, 2][n]
print(a(1))
print(a(5))
''',
    "recursion_limit": '''
import sys
def down(n):
    return 0 if n == 0 else 1 + down(n - 1)
print(sys.getrecursionlimit(), down(900))
try:
    down(100000)
except RecursionError as e:
    print("RecursionError:", e)
''',
    "call_shapes": '''
def f(a, b=2, *rest, c, d=4, **kw):
    return a, b, rest, c, d, sorted(kw.items())
args = [10, 20, 30]
opts = {"c": 3, "z": 26}
print(f(1, c=3))
print(f(*args, **opts))
print(f(1, 2, 3, 4, c=5, d=6, e=7))
try:
    f(1)
except TypeError as e:
    print(e)
try:
    f(1, c=1, a=2)
except TypeError as e:
    print(e)
''',
    "closures_and_nonlocal": '''
def counter():
    n = 0
    def inc(by=1):
        nonlocal n
        n += by
        return n
    return inc
c = counter()
c(); c(5)
print(c())
def make():
    return [lambda x, i=i: x * i for i in range(4)]
print([g(10) for g in make()])
''',
    "unpacking": '''
def f(seq):
    a, *mid, z = seq
    (p, q), r = (1, 2), 3
    return a, mid, z, p, q, r
print(f("hello"))
try:
    x, y = [1, 2, 3]
except ValueError as e:
    print(e)
try:
    x, y, z = [1]
except ValueError as e:
    print(e)
try:
    a, b = 5
except TypeError as e:
    print(e)
''',
    "comprehensions": '''
def f(n):
    sq = [i * i for i in range(n) if i % 2]
    pairs = {(a, b) for a in range(3) for b in range(a)}
    inv = {v: k for k, v in enumerate("abc")}
    gen = sum(x for x in range(n))
    return sq, sorted(pairs), inv, gen
print(f(7))
''',
    "augmented_targets": '''
class Box:
    def __init__(self):
        self.v = 1
def f():
    b = Box()
    b.v += 10
    d = {"k": [1]}
    d["k"] += [2]
    d["k"][0] -= 5
    s = "a"
    s *= 3
    return b.v, d, s
print(f())
''',
    "chained_comparisons": '''
class Loud:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        print("lt", self.v, other.v)
        return self.v < other.v
def f():
    a, b, c = Loud(1), Loud(2), Loud(0)
    return a < b < c, 1 < 2 < 3, 3 > 2 > 2, 1 == 1.0 != 2
print(f())
''',
    "boolean_operators_return_operands": '''
def f(x, y):
    return x and y, x or y, not x, (x or None) and "last"
print(f(0, "y"), f([1], ""), f("", 0))
''',
    "fstrings": '''
def f(name, n, x):
    return f"{name!r:>8}|{n:04d}|{x:.3f}|{n=}|{x!s}|{'nested ' + name}|{n:{'>'}{6}}"
print(f("ab", 42, 3.14159))
''',
    "generators_from_plain_functions": '''
def gen(n):
    for i in range(n):
        yield i * 2
def use():
    g = gen(4)
    first = next(g)
    return first, list(g), sum(gen(3))
print(use())
''',
    "class_inside_function": '''
def make(base):
    class Local(base):
        kind = "local"
        def hello(self):
            return "hi from " + type(self).__name__ + " " + self.kind
    return Local
print(make(object)().hello())
''',
    "methods_and_super": '''
class A:
    def greet(self, x):
        return "A" + x
class B(A):
    def greet(self, x):
        return "B" + super().greet(x)
def f():
    b = B()
    m = b.greet
    return m("!"), B.greet(b, "?")
print(f())
''',
    "globals_and_deletes": '''
counter = 0
def bump():
    global counter
    counter += 1
    return counter
def f():
    bump(); bump()
    x = 1
    del x
    try:
        print(x)
    except UnboundLocalError as e:
        print(e)
    return counter
print(f())
''',
    "assert_messages": '''
def f(x):
    assert x > 0, "x must be positive, got %d" % x
    return x
print(f(3))
f(-1)
''',
    "name_error_suggestion": '''
def f():
    value = 1
    return valeu
f()
''',
    "loop_with_try_in_handler": '''
def f():
    log = []
    for i in range(4):
        try:
            if i % 2:
                raise ValueError(i)
            log.append(("ok", i))
        except ValueError as e:
            try:
                if e.args[0] == 3:
                    break
                continue
            finally:
                log.append(("cleanup", i))
        finally:
            log.append(("finally", i))
    return log
print(f())
''',
    "exception_in_finally_replaces": '''
def f():
    try:
        try:
            raise ValueError("first")
        finally:
            raise KeyError("second")
    except Exception as e:
        return repr(e), repr(e.__context__)
print(f())
''',
    "exit_raising_in_with": '''
class Bad:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise RuntimeError("exit failed")
def f():
    try:
        with Bad():
            return "never seen"
    except RuntimeError as e:
        return "caught " + str(e)
print(f())
''',
    "generator_send_throw_close": """
def echo():
    received = []
    try:
        while True:
            try:
                x = yield len(received)
                received.append(x)
            except ValueError as e:
                received.append("thrown " + str(e))
    finally:
        print("closing with", received)
g = echo()
print(next(g), g.send("a"), g.throw(ValueError("v")), g.send("b"))
g.close()
""",
    "yield_from_delegation": """
def inner():
    got = yield "first"
    yield "inner got " + str(got)
    return "inner result"
def outer():
    r = yield from inner()
    yield "outer got " + r
    yield from [1, 2]
g = outer()
print(next(g), g.send("x"), next(g), list(g))
""",
    "generator_return_and_stopiteration": """
def gen():
    yield 1
    return "done"
g = gen()
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("value", e.value)
print(list(x * 2 for x in range(3) if x))
""",
    "async_with_and_for": """
import asyncio
class Res:
    def __init__(self, name):
        self.name = name
    async def __aenter__(self):
        await asyncio.sleep(0.1)
        print("open", self.name)
        return self
    async def __aexit__(self, t, v, tb):
        await asyncio.sleep(0.1)
        print("close", self.name, t.__name__ if t else None)
        return t is KeyError
async def ticks(n):
    for i in range(n):
        await asyncio.sleep(0.05)
        yield i
async def main():
    async with Res("a") as r:
        print("using", r.name)
    async with Res("b"):
        raise KeyError("swallowed")
    try:
        async with Res("c"):
            raise ValueError("passes")
    except ValueError as e:
        print("caught", e)
    total = 0
    async for i in ticks(5):
        if i == 3:
            break
        total += i
    print("total", total, [i async for i in ticks(3)])
    return await helper()
async def helper():
    async with Res("d"):
        for i in range(3):
            async with Res("e%d" % i):
                if i == 1:
                    return "returned from inside"
print(asyncio.run(main()))
""",
    "await_errors_propagate_with_traceback": """
import asyncio
async def fail(n):
    await asyncio.sleep(0.1)
    return [1][n]
async def middle(n):
    return await fail(n) + 1
async def main():
    print(await middle(0))
    print(await middle(3))
asyncio.run(main())
""",
    "async_generator_cleanup": """
import asyncio
async def agen():
    try:
        for i in range(10):
            yield i
            await asyncio.sleep(0.1)
    finally:
        print("agen cleanup")
async def main():
    g = agen()
    async for x in g:
        if x == 2:
            break
    await g.aclose()
    print("after close")
asyncio.run(main())
""",
    "task_cancellation_in_try": """
import asyncio
async def worker(log):
    try:
        while True:
            await asyncio.sleep(1)
            log.append("tick")
    except asyncio.CancelledError:
        log.append("cancelled")
        raise
    finally:
        log.append("finally")
async def main():
    log = []
    t = asyncio.create_task(worker(log))
    await asyncio.sleep(2.5)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log.append("main saw it")
    print(log, t.cancelled())
asyncio.run(main())
""",
    "coroutine_loops_with_else": """
import asyncio
async def find(items, want):
    for i, x in enumerate(items):
        await asyncio.sleep(0)
        if x == want:
            break
    else:
        return "missing"
    n = 0
    while n < 3:
        await asyncio.sleep(0)
        n += 1
    else:
        return "found %r at %d after %d" % (want, i, n)
async def main():
    print(await find("abc", "b"), await find("abc", "z"))
asyncio.run(main())
""",
    "except_star_clauses": """
def f(excs):
    try:
        raise ExceptionGroup("eg", excs)
    except* ValueError as g:
        print("values", [str(e) for e in g.exceptions])
    except* KeyError:
        print("keys")
        raise RuntimeError("from handler")
def g():
    try:
        raise TypeError("naked")
    except* ValueError:
        print("never")
try:
    f([ValueError("a"), TypeError("t"), ValueError("b")])
except ExceptionGroup as e:
    print("left", repr(e))
try:
    f([KeyError("k")])
except RuntimeError as e:
    print("rt", e)
try:
    g()
except TypeError as e:
    print("naked", e)
def h():
    try:
        raise ExceptionGroup("x", [OSError(1)])
    except* OSError:
        print("os")
    return "fine"
print(h())
""",
    "walrus_and_conditional": '''
def f(items):
    out = []
    for x in items:
        if (y := x * 2) > 4:
            out.append(y)
    return out, y, "big" if y > 5 else "small"
print(f([1, 2, 3]))
''',
    "generators_closed_when_dropped": '''
def g():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup g")
x = g()
next(x)
for v in g():
    print("got", v)
    break
print("after break")
def k():
    try:
        yield 1
    finally:
        raise ValueError("boom")
z = k(); next(z); z = None
print("after k")
print("end")
''',
    "generator_with_closed_when_dropped": '''
class R:
    def __enter__(self):
        print("enter")
        return self
    def __exit__(self, *a):
        print("exit", a[0].__name__ if a[0] else None)
def lines():
    with R():
        yield "a"
        yield "b"
print(next(lines()))
print("next statement")
def first(it):
    for x in it:
        return x
print(first(lines()))
print([x for x, _ in zip(lines(), range(1))])
''',
    "generators_closed_at_exit": '''
def g(n):
    try:
        yield 1
    finally:
        print("cleanup", n)
a = g("a"); next(a)
_b = g("_b"); next(_b)
c = [g("c-in-list")]; next(c[0])
d = g("d"); next(d)
def f():
    x = g("local"); next(x)
    return 5
f()
print("end")
''',
    "async_generator_closed_after_break": '''
import asyncio
async def ticker(name):
    try:
        for i in range(10):
            yield i
            await asyncio.sleep(0)
    finally:
        print("finally", name)
        await asyncio.sleep(0)
        print("finally done", name)

async def other():
    for i in range(4):
        print("other", i)
        await asyncio.sleep(0)

held = []
async def main():
    t = asyncio.create_task(other())
    async for x in ticker("a"):
        print("a got", x)
        if x == 1:
            break
    print("after break")
    g = ticker("b")
    print(await g.__anext__())
    held.append(g)
    await asyncio.sleep(0)
    print("main sleep done")
    await t
    print("main end")
asyncio.run(main())
print("after run")
''',
    "async_generators_closed_at_shutdown": '''
import asyncio
async def bad():
    try:
        yield 1
    finally:
        raise ValueError("in finally")
async def bad2():
    try:
        yield 1
    finally:
        raise KeyError("k")
held = []
async def main():
    g = bad()
    await g.__anext__()
    held.append(g)
    h = bad2()
    await h.__anext__()
    print("main done")
asyncio.run(main())
print("after run")
''',
    "cleanup_failing_at_shutdown": '''
import asyncio
async def worker():
    try:
        await asyncio.sleep(10)
    finally:
        raise ValueError("cleanup failed")
async def main():
    asyncio.create_task(worker())
    await asyncio.sleep(0)
asyncio.run(main())
''',
    "recursion_traceback_collapses": '''
def countdown(n):
    if n == 4:
        return ping(0)
    return countdown(n + 1)
def ping(n):
    return pong(n)
def pong(n):
    if n > 3:
        return again(0)
    return ping(n + 1)
def again(n):
    return again(n + 1)
countdown(0)
''',
    # Where a traceback's markers go (`^^^^`, `~~^~~`) under each frame's
    # source line.
    'marks_assert_test': 'x = 1; assert x == 2, "no"\n',
    'marks_augassign_subscript': 'x = {}\nx["a"] += 1\n',
    'marks_await_expr': 'import asyncio\nasync def boom(n):\n    await asyncio.sleep(0)\n    return {}["k" * n]\nasync def main():\n    x = 1 + await boom(2)\nasyncio.run(main())\n',
    'marks_binop_in_call': 'def f(a, b):\n    return [a + b][0] * 2\nx = 1\ny = f(x, "s") + 3\n',
    'marks_call_in_chain': 's = "ab"\ny = s.upper(1).lower()\n',
    'marks_chained_from': 'def f(d):\n    try:\n        return d["x"]\n    except KeyError as e:\n        raise RuntimeError("no x: " + d.name) from e\nf({})\n',
    'marks_comp_not_iterable': 'r = [x for x in 5]\n',
    'marks_compare': 'x = 1 < "a"\n',
    'marks_del_name': 'x = 1\ndel y\n',
    'marks_dict_key': 'd = {}\nv = d["k"]\n',
    'marks_double_index': 'x = [[1]]\ny = x[0][5]\n',
    'marks_expr_stmt_binop': 'x = 1\nx + "a"\n',
    'marks_expr_stmt_index': 'd = {}\nd["k"]\n',
    'marks_for_not_iterable': 'for i in 5: pass\n',
    'marks_fstring_attr': 'x = 5\nprint(f"value {x.nope} ok")\n',
    'marks_fstring_binop': 'x = 5\nprint(f"value {x + \'a\'} ok")\n',
    'marks_genexpr': 'def f(x):\n    return 10 // x\nprint(sum(f(x) for x in [1, 0]))\n',
    'marks_ifexp': 'x = 1\ny = x + "a" if x else 0\n',
    'marks_index_in_print': 'x = [1, 2]\ni = 5\nprint("v", x[i] + 1)\n',
    'marks_kwargs_call': 'def f(a):\n    return a\nprint(f(1, b=2))\n',
    'marks_lambda': 'g = lambda x: x["k"]\ng({})\n',
    'marks_method_attr': 'class A:\n    def m(self):\n        return self.v\na = A()\na.m()\n',
    'marks_method_chain': 's = "ab"\ny = s.upper().nope()\n',
    'marks_method_index': 'class A:\n    def __init__(self):\n        self.items = []\n    def get(self, i):\n        return self.items[i]\nprint(A().get(0) + 1)\n',
    'marks_multiline_args': 'def f(x):\n    raise ValueError(x)\nprint(len([1]),\n      f(3))\n',
    'marks_multiline_binop': 'x = (1 +\n     "a")\n',
    'marks_multiline_call': 'def f(x):\n    raise ValueError(x)\ny = f(\n  1)\n',
    'marks_multiline_index': 'x = [1,\n     2][5]\n',
    'marks_multiline_paren_left': 'x = (1 +\n  2) + None\n',
    'marks_multiline_whole': 'def f():\n    pass\nf(\n  1)\n',
    'marks_name_error': 'print(undefined_name + 1)\n',
    'marks_nested_calls': 'def g(x): return x\ndef f(x): return x.y\nz = g(g(f(g(1))))\n',
    'marks_nested_frames': 'def f(x):\n    raise ValueError(x)\ndef g():\n    y = 1 + f(2)\ng()\n',
    'marks_no_space_ops': 'x = 1\ny = 2+"a"\n',
    'marks_none_attr': 'a = None\nprint(a.x)\n',
    'marks_none_method': 'a = None\na.m()\n',
    'marks_paren_no_space': 'x = 1\ny = (x)+("a")\n',
    'marks_paren_operands': 'x = 1\ny = ( x ) + ( "a" )\n',
    'marks_paren_value_index': 'x = {"a": 1}\ny = (x)["b"]\n',
    'marks_pow_in_floordiv': 'x = 1\ny = x ** "a" // 2\n',
    'marks_raise_after_semicolon': 'x = 1; raise ValueError("v")\n',
    'marks_raise_in_handler': 'def f():\n    try:\n        1/0\n    except ZeroDivisionError:\n        raise ValueError("v")\nf()\n',
    'marks_shift': 'x = 1\ny = x  <<  "a"\n',
    'marks_spaced_subscript': 'x = {"a": 1}\ny = x [ "b" ]\n',
    'marks_store_attr': 'x = None\ny = 3; x.a = 5\n',
    'marks_store_subscript': 'x = None\nx[0] = 5\n',
    'marks_tab_indent': 'if True:\n\tx = "é漢" + 1\n',
    'marks_tabs_inside': 'x = 1\ny = x\t+\t"a"\t# tab\n',
    'marks_taskgroup': 'import asyncio\nasync def boom(n):\n    await asyncio.sleep(0)\n    raise ValueError(n)\nasync def main():\n    async with asyncio.TaskGroup() as tg:\n        tg.create_task(boom(1))\n        tg.create_task(boom(2))\nasyncio.run(main())\n',
    'marks_tuple_key': 'x = {"a": 1}\ny = x["a", "b"]\n',
    'marks_unary': 'x = -None\n',
    'marks_unpack': 'a, b = [1, 2, 3]\n',
    'marks_wide_chars': 's = "é漢字"; t = "x" + s + 1\n',
    'marks_with_not_cm': 'x = 1\nwith x as y: pass\n',
}


def frame_blocks(err, path):
    """The traceback lines of the program's own frames: each `File` line
    and the more indented lines under it (source, markers); a recursion's
    "[Previous line repeated ...]" too. Exception group margins are kept."""
    out, keep, depth = [], False, 0
    for l in err:
        body = l.lstrip(" |+-")
        indent = len(l) - len(body)
        if body.startswith("File "):
            keep, depth = path in l, indent
            if keep:
                out.append(l.rstrip().replace(path, "main.py"))
        elif body.startswith("[Previous line repeated"):
            keep = False
            out.append(l.rstrip())
        elif keep and indent > depth and body:
            out.append(l.rstrip())
        else:
            keep = False
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "main.py")
        for name, source in PROGRAMS.items():
            source = source.lstrip("\n")
            with open(path, "w", encoding="utf-8") as f:
                f.write(source)
            p = subprocess.run([sys.executable, "main.py"], cwd=tmp, capture_output=True, text=True)
            err = p.stderr.strip().splitlines()
            cases.append({
                "name": name,
                "source": source,
                "stdout": p.stdout,
                "last_stderr_line": err[-1] if err else "",
                # CPython names the file by its absolute path; the frames
                # of its own asyncio are left out. A recursion's collapsed
                # frames ("[Previous line repeated N more times]") count.
                "frames": [
                    l.strip().replace(path, "main.py")
                    for l in err
                    if (l.strip().startswith("File ") and path in l)
                    or l.strip().startswith("[Previous line repeated")
                ],
                # The same frames with their source and marker lines, as
                # printed.
                "frame_blocks": frame_blocks(err, path),
            })
    with open(os.path.join(here, "bytecode.cpython.json"), "w", encoding="utf-8") as f:
        json.dump(cases, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases with {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
