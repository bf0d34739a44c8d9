"""pytest, the part async tutorials use, with pytest-asyncio's marks.

Looplab's own module, written in the Python Looplab runs. A test run
(`looplab test FILE.py`, the page's "Run tests", the npm package's
`test()`) runs the program, then `_pt_main` collects its `test*`
functions, resolves their fixtures, runs each test (an async one on a
fresh event loop) and prints a report in pytest's words (`-v`, short
tracebacks), with virtual seconds as the duration.

Every helper the runner uses starts with `_pt_`, so failure tracebacks can
leave its frames out.
"""

import asyncio
import time
import _looplab_testing as _t


class Failed(Exception):
    """A test failed on purpose (`pytest.fail`, `DID NOT RAISE`)."""


class Skipped(Exception):
    """A test skipped itself (`pytest.skip`)."""


def fail(reason="", pytrace=True):
    raise Failed(reason)


def skip(reason=""):
    raise Skipped(reason)


class Mark:
    def __init__(self, name, args, kwargs):
        self.name = name
        self.args = args
        self.kwargs = kwargs

    def __call__(self, *args, **kwargs):
        # `@pytest.mark.x` on a function, or `pytest.mark.x(...)` making a
        # mark with arguments.
        if len(args) == 1 and not kwargs and (_t.is_function(args[0]) or isinstance(args[0], type)):
            fn = args[0]
            marks = getattr(fn, "pytestmark", None)
            if marks is None:
                marks = []
                fn.pytestmark = marks
            marks.append(self)
            return fn
        return Mark(self.name, args, kwargs)

    def __repr__(self):
        return f"Mark(name={self.name!r}, args={self.args!r}, kwargs={self.kwargs!r})"


class MarkGenerator:
    pass


mark = MarkGenerator()
for _pt_name in ["asyncio", "parametrize", "skip", "skipif", "xfail", "usefixtures",
                 "timeout", "slow", "filterwarnings", "anyio"]:
    setattr(mark, _pt_name, Mark(_pt_name, (), {}))


def fixture(fixture_function=None, *, scope="function", params=None, autouse=False,
            ids=None, name=None, loop_scope=None):
    if scope not in ("function", "module", "session", "class", "package"):
        raise ValueError(f"fixture scope {scope!r} is not one of function, class, module, package, session")

    def apply(fn):
        fn._pytestfixture = "function" if scope in ("function", "class") else "module"
        fn._pytestfixture_name = name or fn.__name__
        fn._pytestfixture_autouse = autouse
        return fn

    if fixture_function is not None:
        return apply(fixture_function)
    return apply


class ExceptionInfo:
    def __init__(self):
        self.type = None
        self.value = None

    def match(self, pattern):
        text = str(self.value)
        if not _t.search(pattern, text):
            raise AssertionError(
                f"Regex pattern did not match.\n Expected regex: {pattern!r}\n Actual message: {text!r}")
        return True

    def group_contains(self, expected_exception, *, match=None, depth=None):
        def walk(group, level):
            for e in group.exceptions:
                if isinstance(e, BaseExceptionGroup):
                    if walk(e, level + 1):
                        return True
                    continue
                if depth is not None and level != depth:
                    continue
                if isinstance(e, expected_exception) and (match is None or _t.search(match, str(e))):
                    return True
            return False
        if not isinstance(self.value, BaseExceptionGroup):
            raise AssertionError("Captured exception is not an instance of `BaseExceptionGroup`")
        return walk(self.value, 1)

    def __repr__(self):
        if self.value is None:
            return "<ExceptionInfo for raises contextmanager>"
        return f"<ExceptionInfo {type(self.value).__name__}({str(self.value)!r}) tblen=1>"


def _pt_class_text(expected):
    if isinstance(expected, tuple):
        return "(" + ", ".join(e.__name__ for e in expected) + ")"
    return expected.__name__


def _pt_matches(t, expected):
    if isinstance(expected, tuple):
        for e in expected:
            if issubclass(t, e):
                return True
        return False
    return issubclass(t, expected)


class RaisesContext:
    def __init__(self, expected, match):
        self.expected = expected
        self.match_expr = match
        self.info = ExceptionInfo()

    def __enter__(self):
        return self.info

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            raise Failed(f"DID NOT RAISE {_pt_class_text(self.expected)}")
        if not _pt_matches(exc_type, self.expected):
            return False
        self.info.type = exc_type
        self.info.value = exc
        if self.match_expr is not None:
            self.info.match(self.match_expr)
        return True


def raises(expected_exception, *args, match=None, **kwargs):
    if args:
        func = args[0]
        info = ExceptionInfo()
        try:
            func(*args[1:], **kwargs)
        except BaseException as e:
            if not _pt_matches(type(e), expected_exception):
                raise
            info.type = type(e)
            info.value = e
            return info
        raise Failed(f"DID NOT RAISE {_pt_class_text(expected_exception)}")
    return RaisesContext(expected_exception, match)


class ApproxBase:
    def __init__(self, expected, rel=None, abs=None):
        self.expected = expected
        self.rel = rel
        self.abs_tol = abs

    def _pt_tolerance(self, expected):
        rel = 1e-6 if self.rel is None else self.rel
        absolute = 1e-12 if self.abs_tol is None else self.abs_tol
        relative = rel * (expected if expected >= 0 else -expected)
        if self.rel is None and self.abs_tol is not None:
            return absolute
        return relative if relative > absolute else absolute

    def _pt_close(self, actual, expected):
        if isinstance(expected, (list, tuple)):
            if not isinstance(actual, (list, tuple)) or len(actual) != len(expected):
                return False
            for a, e in zip(actual, expected):
                if not self._pt_close(a, e):
                    return False
            return True
        if isinstance(expected, dict):
            if not isinstance(actual, dict) or set(actual) != set(expected):
                return False
            for k in expected:
                if not self._pt_close(actual[k], expected[k]):
                    return False
            return True
        if actual == expected:
            return True
        if not isinstance(actual, (int, float)) or isinstance(actual, bool):
            return False
        diff = actual - expected
        if diff < 0:
            diff = -diff
        return diff <= self._pt_tolerance(expected)

    def __eq__(self, actual):
        return self._pt_close(actual, self.expected)

    def __ne__(self, actual):
        return not self._pt_close(actual, self.expected)

    def __repr__(self):
        e = self.expected
        if isinstance(e, (int, float)) and not isinstance(e, bool):
            return f"{e} ± {self._pt_tolerance(e):.2g}"
        return f"approx({e!r})"


def approx(expected, rel=None, abs=None, nan_ok=False):
    return ApproxBase(expected, rel, abs)


class ParameterSet:
    """One row of `parametrize` with its own id or marks (`pytest.param`)."""

    def __init__(self, values, id, marks):
        self.values = values
        self.id = id
        self.marks = marks


def param(*values, marks=(), id=None):
    return ParameterSet(values, id, marks if isinstance(marks, (list, tuple)) else (marks,))


# ------------------------------------------------------------------ runner

class _PtFixtureError(Exception):
    pass


def _pt_sep(char, title=""):
    if not title:
        return char * 80
    n = (80 - len(title) - 2) // 2
    if n < 1:
        n = 1
    line = char * n + " " + title + " " + char * n
    if len(line) + 1 <= 80:
        line += char
    return line


def _pt_marks(fn):
    return getattr(fn, "pytestmark", None) or []


def _pt_param_id(v):
    if v is None or isinstance(v, (bool, int, float)):
        return str(v)
    if isinstance(v, str):
        # pytest escapes what is not ASCII.
        return "".join(c if ord(c) < 128 else (f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}") for c in v)
    return None


def _pt_expand(name, fn):
    """The test items of one test function: one, or one per parameter set."""
    cases = [(None, {})]
    for m in reversed(_pt_marks(fn)):
        if m.name != "parametrize":
            continue
        names = m.args[0]
        values = m.args[1] if len(m.args) > 1 else m.kwargs.get("argvalues", [])
        ids = m.kwargs.get("ids")
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",") if n.strip()]
        new = []
        for case_id, params in cases:
            for i, value in enumerate(values):
                given_id = None
                if isinstance(value, ParameterSet):
                    given_id = value.id
                    row = value.values
                else:
                    row = value if len(names) > 1 else (value,)
                p = dict(params)
                for n, v in zip(names, row):
                    p[n] = v
                if given_id is not None:
                    part = str(given_id)
                elif ids is not None and i < len(ids):
                    part = str(ids[i])
                else:
                    parts = []
                    for j, v in enumerate(row):
                        t = _pt_param_id(v)
                        parts.append(t if t is not None else f"{names[j]}{i}")
                    part = "-".join(parts)
                # Ids of stacked decorators read top to bottom.
                new.append((part + "-" + case_id if case_id is not None else part, p))
        cases = new
    return [(name + (f"[{cid}]" if cid is not None else ""), fn, params) for cid, params in cases]


class _PtSession:
    def __init__(self, g, filename):
        self.filename = filename
        self.fixtures = {}
        for k, v in list(g.items()):
            if _t.is_function(v) and getattr(v, "_pytestfixture", None) is not None:
                self.fixtures[v._pytestfixture_name] = v
        self.module_marks = g.get("pytestmark", [])
        if not isinstance(self.module_marks, list):
            self.module_marks = [self.module_marks]
        self.items = []
        for k, v in list(g.items()):
            if k.startswith("test") and _t.is_function(v) and getattr(v, "_pytestfixture", None) is None:
                for nodename, fn, params in _pt_expand(k, v):
                    self.items.append((nodename, fn, params, None))
            elif k.startswith("Test") and isinstance(v, type) and not _t.defines_init(v):
                for mname, m in _t.class_functions(v):
                    if mname.startswith("test"):
                        for nodename, fn, params in _pt_expand(mname, m):
                            self.items.append((k + "::" + nodename, fn, params, v))
        self.module_values = {}
        self.module_finalizers = []

    async def _pt_resolve(self, name, params, values, finalizers, chain):
        if name in params:
            return params[name]
        if name in values:
            return values[name]
        if name in self.module_values:
            return self.module_values[name]
        fn = self.fixtures.get(name)
        if fn is None:
            available = ", ".join(sorted(self.fixtures))
            raise _PtFixtureError(f"fixture '{name}' not found\n>       available fixtures: {available}")
        if name in chain:
            raise _PtFixtureError(f"recursive dependency involving fixture '{name}' detected")
        kwargs = {}
        for p in _t.params(fn):
            kwargs[p] = await self._pt_resolve(p, params, values, finalizers, chain + [name])
        module = fn._pytestfixture == "module"
        kind = _t.kind(fn)
        if kind == "coroutine":
            value = await fn(**kwargs)
        elif kind == "generator":
            gen = fn(**kwargs)
            value = next(gen)
            (self.module_finalizers if module else finalizers).append((name, gen, False))
        elif kind == "asyncgen":
            gen = fn(**kwargs)
            value = await gen.__anext__()
            (self.module_finalizers if module else finalizers).append((name, gen, True))
        else:
            value = fn(**kwargs)
        if module:
            self.module_values[name] = value
        else:
            values[name] = value
        return value

    async def _pt_setup(self, fn, params, values, finalizers):
        names = []
        for fname, f in self.fixtures.items():
            if getattr(f, "_pytestfixture_autouse", False):
                names.append(fname)
        for m in _pt_marks(fn):
            if m.name == "usefixtures":
                names.extend(m.args)
        names.extend(_t.params(fn))
        kwargs = {}
        for p in names:
            v = await self._pt_resolve(p, params, values, finalizers, [])
            if p in _t.params(fn):
                kwargs[p] = v
        return kwargs

    async def _pt_teardown(self, finalizers):
        errors = []
        while finalizers:
            name, gen, is_async = finalizers.pop()
            try:
                if is_async:
                    await gen.__anext__()
                else:
                    next(gen)
            except (StopIteration, StopAsyncIteration):
                continue
            except BaseException as e:
                errors.append(e)
                continue
            errors.append(ValueError(f"fixture function has more than one 'yield'"))
        if errors:
            raise errors[0]

    def _pt_marks_of(self, fn, cls):
        marks = list(_pt_marks(fn))
        if cls is not None:
            marks.extend(getattr(cls, "pytestmark", None) or [])
        return marks + self.module_marks

    def _pt_run_item(self, fn, params, cls, label):
        """[(outcome, exception, phase)]: one result, or a pass followed by
        a teardown error."""
        values = {}
        finalizers = []
        state = {"kwargs": None, "phase": "setup"}
        is_async = _t.kind(fn) in ("coroutine", "asyncgen")
        marks = self._pt_marks_of(fn, cls)
        if cls is not None:
            fn = getattr(cls(), fn.__name__)
        if is_async and not [m for m in marks if m.name in ("asyncio", "anyio")]:
            return [("failed", Failed(
                "async def functions are not natively supported.\n"
                "You need to install a suitable plugin for your async framework, for example:\n"
                "  - anyio\n  - pytest-asyncio\n  - pytest-tornasync\n  - pytest-trio\n  - pytest-twisted\n"
                "(In Looplab: mark the test with @pytest.mark.asyncio.)"), "call")]

        async def _pt_setup_phase():
            # Each test's loop runs one task, named after the test.
            asyncio.current_task().set_name(label)
            state["kwargs"] = await self._pt_setup(fn, params, values, finalizers)

        async def _pt_whole():
            await _pt_setup_phase()
            state["phase"] = "call"
            await fn(**state["kwargs"])

        async def _pt_teardown_phase():
            asyncio.current_task().set_name(label + " teardown")
            await self._pt_teardown(finalizers)

        for m in marks:
            if m.name == "skip":
                return [("skipped", None, "setup")]
            if m.name == "skipif" and m.args and m.args[0]:
                return [("skipped", None, "setup")]
        failure = None
        try:
            if is_async:
                asyncio.run(_pt_whole())
            else:
                asyncio.run(_pt_setup_phase())
                state["phase"] = "call"
                fn(**state["kwargs"])
        except Skipped as e:
            failure = ("skipped", e, state["phase"])
        except BaseException as e:
            failure = ("failed" if state["phase"] == "call" else "error", e, state["phase"])
        teardown_error = None
        try:
            asyncio.run(_pt_teardown_phase())
        except BaseException as e:
            teardown_error = ("error", e, "teardown")
        xfail = [m for m in marks if m.name == "xfail"]
        if failure is not None and xfail and failure[0] == "failed":
            failure = ("xfailed", failure[1], "call")
        first = failure if failure is not None else ("passed", None, "call")
        if teardown_error is None:
            return [first]
        if failure is None or first[0] in ("passed", "failed", "xfailed", "skipped"):
            return [first, teardown_error]
        return [first]


_PT_WORDS = {"passed": "PASSED", "failed": "FAILED", "error": "ERROR",
             "skipped": "SKIPPED", "xfailed": "XFAIL"}


def _pt_main(g, filename):
    _t.explain_asserts(True)
    start = time.monotonic()
    session = _PtSession(g, filename)
    n = len(session.items)
    print(_pt_sep("=", "test session starts"))
    print(f"collected {n} item{'' if n == 1 else 's'}")
    print()
    results = []
    for i, (nodename, fn, params, cls) in enumerate(session.items):
        nodeid = f"{filename}::{nodename}"
        for outcome, exc, phase in session._pt_run_item(fn, params, cls, nodename):
            text = "" if exc is None else _t.failure(exc)
            summary = "" if exc is None else _t.summary(exc)
            shown = nodename.split("::")[-1]
            results.append((nodeid, shown, outcome, phase, text, summary))
            _t.record(nodeid, outcome, summary, text)
            word = _PT_WORDS[outcome]
            line = f"{nodeid} {word}"
            pct = f"[{(i + 1) * 100 // n:3d}%]"
            print(line + " " * max(80 - len(line) - len(pct), 1) + pct)
    try:
        asyncio.run(session._pt_teardown(session.module_finalizers))
    except BaseException as e:
        results.append((f"{filename}::<module teardown>", "<module teardown>", "error",
                        "teardown", _t.failure(e), _t.summary(e)))
    bad = [r for r in results if r[2] in ("failed", "error")]
    if bad:
        print()
        errors = [r for r in bad if r[2] == "error"]
        failures = [r for r in bad if r[2] == "failed"]
        if errors:
            print(_pt_sep("=", "ERRORS"))
            for nodeid, nodename, outcome, phase, text, summary in errors:
                print(_pt_sep("_", f"ERROR at {phase} of {nodename}"))
                print(text)
        if failures:
            print(_pt_sep("=", "FAILURES"))
            for nodeid, nodename, outcome, phase, text, summary in failures:
                print(_pt_sep("_", nodename))
                print(text)
        print(_pt_sep("=", "short test summary info"))
        for nodeid, nodename, outcome, phase, text, summary in failures + errors:
            print(f"{'FAILED' if outcome == 'failed' else 'ERROR'} {nodeid} - {summary}")
    counts = []
    for key, word in [("failed", "failed"), ("passed", "passed"), ("skipped", "skipped"),
                      ("xfailed", "xfailed"), ("error", "error")]:
        k = len([r for r in results if r[2] == key])
        if k:
            counts.append(f"{k} {word}{'s' if key == 'error' and k > 1 else ''}")
    elapsed = time.monotonic() - start
    tail = ", ".join(counts) if counts else "no tests ran"
    print(_pt_sep("=", f"{tail} in {elapsed:.2f}s"))
    _t.explain_asserts(False)
    if bad:
        raise SystemExit(1)
    if not results:
        raise SystemExit(5)
