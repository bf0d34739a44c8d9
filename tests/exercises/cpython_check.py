#!/usr/bin/env python3
"""Run an exercise check under real CPython asyncio on a virtual clock.

Usage:
    python3 tests/exercises/cpython_check.py exercises/ID.md ATTEMPT.py [--output] [--fifo-ties]

Prints one JSON object per line, one per requirement, in the harness's
order and with its names:

    {"name": ..., "state": "passed"|"failed"|"skipped"|"trace",
     "detail": ..., "at": float|null}

(a "trace" line also has "query": the trace query's JSON). A requirement
that returns a `trace.…(...)` query is decided by Looplab over its own
trace; CPython has no such trace, so it stays "trace" here. `--output`
copies what the program printed to stderr. `--fifo-ties` makes timers
that fall due at the same instant fire in the order they were created, as
Looplab's do (CPython's heap pops them in no particular order): a
difference that goes away with it comes from such a tie.

How the check runs (as `looplab check` does, see crates/script/src/lib.rs
`check_program`/`start_check` and crates/exercise/src/run.rs):

* The harness is Looplab's own: `crates/script/src/modules/check.py` is
  executed as the module `looplab_check`, over a stand-in for the native
  `_looplab_check` helpers (load_checker, learner_lines, where, summary,
  record, explain_asserts) written here. `where(e)` names the innermost
  frame of the traceback that is in the learner's file, as checking.rs
  documents it (`line 12, in fetch: await session.get(url)`).
* The learner's program is compiled with its own file name and executed as
  the module `solution` (`__name__ == "solution"`); then
  `looplab_check._lc_main(<its globals>)` loads the exercise's `## Checker`
  block as the module `checker` and runs the scenario with `asyncio.run`.
* A syntax error in the program, an exception raised by the program's own
  top level, or one that escapes the harness are reported as
  crates/exercise/src/run.rs `verdicts` reports them ("The program
  compiles", "Runs without an exception").
* `assert`s are explained as pytest explains them (pytest's own assertion
  rewriting and `pytest_assertrepr_compare`, configured as `pytest -v`)
  while a requirement is judged, and plain elsewhere, as the harness's
  `explain_asserts(True/False)` asks. Without pytest they stay plain (a
  warning says so).

Virtual time (as tests/corpus/reference.py sets it up):

* The event loop policy is replaced so that every new loop (the harness's
  `asyncio.run`, and any the program makes) is a `looptime` loop: time
  stands still while callbacks run and jumps to the next timer when
  nothing is ready. All loops share one clock; the first starts at 0.0.
  A watchdog stops a loop at t=3600 (a warning says so).
* Looplab stops a program after 50,000,000 steps; here, after REAL_LIMIT
  (30) seconds of real time, with a KeyboardInterrupt that neither asyncio
  nor the harness catches, so that it ends the run the same way ("Runs
  without an exception" … "the checker could not call your code").
* The program's `time` module is virtual: monotonic()/perf_counter() read
  the clock, time() is 1_700_000_000 + the clock, sleep(s) moves the
  clock by s and runs nothing meanwhile.
* Files cost what they cost in a Looplab check (1 ms of virtual time per
  file operation, crates/script/src/modules/files.rs): `aiofiles` is the
  stand-in in tests/exercises/stubs/aiofiles (real files, one 1 ms wait
  per call); `open()` and the file calls of `os`, `os.path` and `shutil`
  block the clock for 1 ms (the program gets costed copies of these
  modules; the stdlib keeps the real ones). The run happens in a fresh
  empty directory (a check gets a fresh empty workspace).
* `import aiohttp` gets a small stub if aiohttp is not installed (only its
  exception classes and ClientTimeout work: a check never makes real
  requests).

Requirements: CPython 3.11 with looptime 0.9 (and pytest 9.2.0 for the
assert explanations), as the corpus reference uses:

    python3.11 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install looptime==0.9 pytest==9.2.0

If `looptime` cannot be imported, the script re-runs itself with
$LOOPLAB_REF_PYTHON, or /tmp/refvenv/bin/python if that exists.
"""

import ast
import copy
import io
import json
import os
import sys
import tempfile
import types

sys.dont_write_bytecode = True  # no __pycache__ in the repository (stubs/)
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CHECK_PY = os.path.join(REPO, "crates", "script", "src", "modules", "check.py")
WATCHDOG = 3600.0
FILE_OP = 0.001     # seconds a file operation costs (Looplab's FileSettings::default)
REAL_LIMIT = 30     # seconds of real time the program may run (Looplab: a step limit)
REAL_TIMEOUT = 120  # the process is killed after this many (a backstop)


class RealTimeLimit(KeyboardInterrupt):
    """Raised in the program when it has run for REAL_LIMIT real seconds.
    A KeyboardInterrupt, so that it ends the run as Looplab's step limit
    does: neither asyncio nor the harness catch it."""


# --------------------------------------------------------------------------
# the exercise file (as crates/exercise/src/lib.rs `parse` reads it)
# --------------------------------------------------------------------------

SECTIONS = ("Starter", "Hints", "Solution", "Checker")


def parse_exercise(text):
    """{"id": ..., "Starter": code, "Solution": code, "Checker": code}."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ValueError("an exercise starts with front matter: a line `---`")
    close = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if close is None:
        raise ValueError("the front matter is not closed by a line `---`")
    out = {}
    for line in lines[1:close]:
        if line.strip() and ":" in line:
            key, value = line.split(":", 1)
            out[key.strip()] = value.strip()
    sections = {}
    current = None
    in_fence = False
    for line in lines[close + 1:]:
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            name = line[3:].strip()
            if name not in SECTIONS:
                raise ValueError(f"unknown section `{name}`")
            current = sections.setdefault(name, [])
            continue
        if current is not None:
            current.append(line)
    for name in ("Starter", "Solution", "Checker"):
        body = sections.get(name)
        if body is None:
            raise ValueError(f"the exercise has no `## {name}` section")
        start = next((i for i, l in enumerate(body) if l.lstrip().startswith("```")), None)
        if start is None:
            raise ValueError(f"`## {name}` holds no ```python block")
        end = next((i for i in range(start + 1, len(body))
                    if body[i].lstrip().startswith("```")), None)
        if end is None:
            raise ValueError(f"the code block of `## {name}` is not closed")
        out[name] = "\n".join(body[start + 1:end]) + "\n"
    return out


# --------------------------------------------------------------------------
# asserts: explained (pytest) while the harness says so, plain otherwise
# --------------------------------------------------------------------------

class _AssertSwitch(ast.NodeTransformer):
    """`assert T, M` becomes

        if __import__("_looplab_check").explaining():
            assert T, M                    # then rewritten by pytest
        else:
            if not T: raise AssertionError(M)
    """

    def visit_Assert(self, node):
        explaining = ast.Call(
            func=ast.Attribute(
                value=ast.Call(func=ast.Name("__import__", ast.Load()),
                               args=[ast.Constant("_looplab_check")], keywords=[]),
                attr="explaining", ctx=ast.Load()),
            args=[], keywords=[])
        args = [copy.deepcopy(node.msg)] if node.msg is not None else []
        plain = ast.If(
            test=ast.UnaryOp(ast.Not(), copy.deepcopy(node.test)),
            body=[ast.Raise(exc=ast.Call(func=ast.Name("AssertionError", ast.Load()),
                                         args=args, keywords=[]),
                            cause=None)],
            orelse=[])
        new = ast.If(test=explaining, body=[node], orelse=[plain])
        ast.copy_location(new, node)
        ast.fix_missing_locations(new)
        for n in ast.walk(new):
            if n is not node and not hasattr(n, "lineno"):
                ast.copy_location(n, node)
        return new


class Asserts:
    def __init__(self):
        self.on = False
        self.pytest = None  # None: not set up yet; False: unavailable

    def setup_pytest(self):
        """pytest's rewriter and its `pytest -v` comparison explanations."""
        if self.pytest is not None:
            return self.pytest
        try:
            for k in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "CI", "BUILD_NUMBER"):
                os.environ.pop(k, None)
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
            from _pytest.assertion import rewrite, truncate, util
            from _pytest.config import _prepareconfig
            config = _prepareconfig(["-v", "-p", "no:cacheprovider"])

            def callbinrepr(op, left, right):
                # _pytest.assertion.pytest_runtest_protocol's callbinrepr.
                results = config.hook.pytest_assertrepr_compare(
                    config=config, op=op, left=left, right=right)
                for new_expl in results:
                    if new_expl:
                        new_expl = truncate.materialize_with_truncation(new_expl, config)
                        if new_expl:
                            new_expl = [line.replace("\n", "\\n") for line in new_expl]
                            res = "\n~".join(new_expl)
                            if config.getvalue("assertmode") == "rewrite":
                                res = res.replace("%", "%%")
                            return res
                return None

            util._reprcompare = callbinrepr
            util._config = config
            self.pytest = rewrite
        except Exception as e:  # noqa: BLE001
            print(f"cpython_check: no pytest ({type(e).__name__}: {e}); "
                  f"asserts are not explained", file=sys.stderr)
            self.pytest = False
        return self.pytest

    def compile(self, source, filename, line_offset=0):
        tree = ast.parse(source, filename)
        if any(isinstance(n, ast.Assert) for n in ast.walk(tree)):
            rewrite = self.setup_pytest()
            if rewrite:
                tree = _AssertSwitch().visit(tree)
                ast.fix_missing_locations(tree)
                rewrite.rewrite_asserts(tree, source.encode("utf-8"), None, None)
        if line_offset:
            ast.increment_lineno(tree, line_offset)
        return compile(tree, filename, "exec", dont_inherit=True)


# --------------------------------------------------------------------------
# the run
# --------------------------------------------------------------------------

def _aiohttp_stub():
    m = types.ModuleType("aiohttp", "A stub: a check never makes real requests.")

    class ClientError(Exception):
        pass

    class ClientConnectionError(ClientError):
        pass

    class ClientResponseError(ClientError):
        def __init__(self, request_info=None, history=(), *, status=None, message="", **kw):
            super().__init__(message)
            self.request_info, self.history = request_info, history
            self.status, self.message = status, message

    class ServerTimeoutError(ClientConnectionError, TimeoutError):
        pass

    class ClientTimeout:
        def __init__(self, total=None, connect=None, sock_read=None, sock_connect=None):
            self.total, self.connect = total, connect
            self.sock_read, self.sock_connect = sock_read, sock_connect

    class ClientSession:
        def __init__(self, *a, **kw):
            raise RuntimeError("aiohttp is a stub here: the check passes its own session")

    for k, v in list(locals().items()):
        if isinstance(v, type):
            v.__module__ = "aiohttp"
            setattr(m, k, v)
    m.ClientConnectorError = ClientConnectionError
    return m


def run_check(md_path, attempt_path, show_output=False, fifo_ties=False):
    """Returns the list of verdict dicts."""
    with open(md_path, encoding="utf-8") as f:
        md_text = f.read()
    exercise = parse_exercise(md_text)
    checker_src = exercise["Checker"]
    md_lines = md_text.splitlines()
    # Where the checker's first line is in the .md (for tracebacks only).
    checker_offset = 0
    for i, line in enumerate(md_lines):
        if line.startswith("## Checker"):
            j = next(k for k in range(i + 1, len(md_lines)) if md_lines[k].lstrip().startswith("```"))
            checker_offset = j + 1
            break
    with open(attempt_path, encoding="utf-8") as f:
        source = f.read()
    with open(CHECK_PY, encoding="utf-8") as f:
        check_src = f.read()
    filename = attempt_path
    learner_lines = len(source.splitlines())

    records = []

    def verdict(name, state, detail="", at=None, query=None):
        d = {"name": name, "state": state, "detail": detail, "at": at}
        if query is not None:
            d["query"] = query
        records.append(d)

    asserts = Asserts()

    # A syntax error is the learner's (run.rs: "The program compiles").
    try:
        code = asserts.compile(source, filename)
    except SyntaxError as e:
        verdict("The program compiles", "failed", f"SyntaxError on line {e.lineno}: {e.msg}")
        return records

    # Everything the harness, asyncio and looptime need is imported before
    # the program's `time` is swapped, so their internals keep the real clock.
    import asyncio
    import time as real_time
    import looptime
    for name in ("logging", "random", "json", "dataclasses", "functools",
                 "contextlib", "typing", "collections", "itertools", "heapq",
                 "math", "string", "enum", "abc", "operator", "statistics",
                 "re", "copy", "weakref", "bisect", "warnings", "textwrap",
                 "queue", "threading", "concurrent.futures", "selectors", "linecache",
                 "traceback", "shutil", "pathlib", "glob", "fnmatch", "csv", "io"):
        __import__(name)
    # aiofiles: the stand-in costed as Looplab costs it (stubs/aiofiles).
    sys.path.insert(0, os.path.join(HERE, "stubs"))
    import aiofiles  # noqa: F401

    class VirtualClock:
        """One clock for the whole process, carried by the latest loop."""

        def __init__(self):
            self.base = 0.0
            self.loop = None
            self.watchdog = False

        def now(self):
            return self.loop.time() if self.loop is not None else self.base

        def advance(self, dt):
            if self.loop is not None:
                # looptime keeps time as integer microseconds in a private field.
                self.loop._LoopTimeEventLoop__now += round(dt * 1_000_000)
            else:
                self.base += dt

    clock = VirtualClock()

    class LooptimePolicy(asyncio.DefaultEventLoopPolicy):
        def new_event_loop(self):
            loop = super().new_event_loop()
            loop = looptime.patch_event_loop(loop, start=clock.now())

            def stop():
                clock.watchdog = True
                loop.stop()

            loop.call_at(WATCHDOG, stop)
            clock.loop = loop
            return loop

    asyncio.set_event_loop_policy(LooptimePolicy())

    if fifo_ties:
        # Looplab's timers fire in (deadline in whole nanoseconds, order of
        # creation) order; CPython's heapq pops equal deadlines in no
        # particular order. With --fifo-ties CPython does as Looplab does.
        import itertools
        import asyncio.events as events
        seq = itertools.count()

        class FifoTimerHandle(events.TimerHandle):
            __slots__ = ("_lc_key",)

            def __init__(self, when, *args, **kwargs):
                super().__init__(when, *args, **kwargs)
                self._lc_key = (round(when * 1e9), next(seq))

            def __lt__(self, other):
                return self._lc_key < other._lc_key

            def __le__(self, other):
                return self._lc_key <= other._lc_key

            def __gt__(self, other):
                return self._lc_key > other._lc_key

            def __ge__(self, other):
                return self._lc_key >= other._lc_key

        events.TimerHandle = FifoTimerHandle

    vtime = types.ModuleType("time", real_time.__doc__)
    for k in dir(real_time):
        if not k.startswith("__"):
            setattr(vtime, k, getattr(real_time, k))

    def monotonic():
        return clock.now()

    def monotonic_ns():
        return round(clock.now() * 1_000_000) * 1000

    def sleep(secs):
        secs = float(secs)
        if secs < 0:
            raise ValueError("sleep length must be non-negative")
        clock.advance(secs)

    vtime.monotonic = vtime.perf_counter = vtime.process_time = monotonic
    vtime.monotonic_ns = vtime.perf_counter_ns = monotonic_ns
    vtime.time = lambda: 1_700_000_000.0 + clock.now()
    vtime.time_ns = lambda: 1_700_000_000 * 10**9 + monotonic_ns()
    vtime.sleep = sleep

    # ---- blocking file work, costed as Looplab costs it ------------------
    # crates/script/src/modules/files.rs: open() and the os / os.path /
    # shutil file calls block the loop for one file operation (op_ms = 1 ms
    # by default, FileSettings); closing an open() file with written bytes
    # not yet flushed blocks once more. Reading and writing an open() file
    # costs nothing. The program gets `os`, `os.path` and `shutil` modules
    # whose file calls do that (the stdlib keeps the real ones), and
    # builtins.open is costed while the program runs.
    import builtins
    import io as real_io
    import shutil as real_shutil
    real_os = os
    real_open = builtins.open

    def block():
        clock.advance(FILE_OP)

    def costed(fn):
        def call(*args, **kwargs):
            block()
            return fn(*args, **kwargs)
        call.__name__ = call.__qualname__ = fn.__name__
        call.__doc__ = fn.__doc__
        return call

    def proxy(module, name, costed_names):
        m = types.ModuleType(name, module.__doc__)
        for k in dir(module):
            if not k.startswith("__"):
                setattr(m, k, getattr(module, k))
        for k in costed_names:
            setattr(m, k, costed(getattr(module, k)))
        return m

    vpath = proxy(real_os.path, "posixpath", ("exists", "isfile", "isdir", "getsize"))
    vos = proxy(real_os, "os", ("stat", "listdir", "remove", "unlink", "rmdir", "rename",
                                "replace", "mkdir", "makedirs"))
    vos.path = vpath
    vshutil = proxy(real_shutil, "shutil", ("rmtree", "copyfile", "copy", "move"))

    class CostedFile:
        """An open() file: closing it with unflushed writes costs one op."""

        def __init__(self, f):
            self._f = f
            self._dirty = False

        def __getattr__(self, name):
            return getattr(self._f, name)

        def write(self, data):
            if data:
                self._dirty = True
            return self._f.write(data)

        def writelines(self, lines):
            lines = list(lines)
            if any(lines):
                self._dirty = True
            return self._f.writelines(lines)

        def flush(self):
            self._dirty = False
            return self._f.flush()

        def close(self):
            if self._dirty and not self._f.closed:
                self._dirty = False
                block()
            return self._f.close()

        def __enter__(self):
            self._f.__enter__()
            return self

        def __exit__(self, *exc):
            self.close()
            return False

        def __iter__(self):
            return self

        def __next__(self):
            return next(self._f)

    def costed_open(*args, **kwargs):
        f = real_io.open(*args, **kwargs)
        block()
        return CostedFile(f)

    # ---- the native helpers of looplab_check ---------------------------

    def summary(e):
        if not isinstance(e, BaseException):
            raise TypeError("summary() takes an exception")
        if isinstance(e, RealTimeLimit):
            return f"RuntimeError: {e}"
        cls = type(e)
        name = cls.__qualname__
        if cls.__module__ not in ("builtins", "__main__"):
            name = f"{cls.__module__}.{name}"
        try:
            msg = str(e)
        except Exception:  # noqa: BLE001
            msg = "<exception str() failed>"
        return f"{name}: {msg}" if msg else name

    source_lines = source.splitlines()

    def learner_frames(tb):
        """The traceback's frames in the learner's file, outermost first."""
        out = []
        while tb is not None:
            c = tb.tb_frame.f_code
            if c.co_filename == filename and 1 <= tb.tb_lineno <= learner_lines:
                out.append((tb.tb_lineno, c.co_name))
            tb = tb.tb_next
        return out

    def where(e):
        if not isinstance(e, BaseException):
            raise TypeError("where() takes an exception")
        frames = learner_frames(e.__traceback__)
        if not frames:
            return ""
        line, name = frames[-1]  # the innermost
        text = source_lines[line - 1].strip() if line <= len(source_lines) else ""
        return f"line {line}, in {name}: {text}"

    def where_line(e):
        if not isinstance(e, BaseException):
            raise TypeError("where_line() takes an exception")
        frames = learner_frames(e.__traceback__)
        return frames[-1][0] if frames else None

    def record(name, state, detail=None, at=None, query=None, line=None):
        if at is not None and (isinstance(at, bool) or not isinstance(at, (int, float))):
            raise TypeError("record(): at must be a number of seconds")
        verdict("" if name is None else str(name), "" if state is None else str(state),
                "" if detail is None else str(detail),
                None if at is None else float(at),
                None if query in (None, "") else str(query))

    def explain_asserts(on=True):
        asserts.on = bool(on)

    # Compiled now, before the program's modules are swapped in (pytest's
    # rewriter, if an assert needs it, must not see them).
    try:
        ccode = asserts.compile(checker_src, md_path, checker_offset)
        cerror = None
    except SyntaxError as e:
        ccode = None
        cerror = SystemError(f"the built-in module checker does not compile: "
                             f"line {e.lineno}: {e.msg}")

    def load_checker():
        if cerror is not None:
            raise cerror
        mod = types.ModuleType("checker")
        mod.__file__ = md_path
        sys.modules["checker"] = mod
        exec(ccode, mod.__dict__)
        return mod

    helpers = types.ModuleType("_looplab_check")
    helpers.load_checker = load_checker
    helpers.learner_lines = lambda: learner_lines
    helpers.where = where
    helpers.where_line = where_line
    helpers.summary = summary
    helpers.record = record
    helpers.explain_asserts = explain_asserts
    helpers.explaining = lambda: asserts.on  # for the assert switch above
    sys.modules["_looplab_check"] = helpers

    harness = types.ModuleType("looplab_check")
    harness.__file__ = CHECK_PY
    sys.modules["looplab_check"] = harness
    exec(compile(check_src, CHECK_PY, "exec", dont_inherit=True), harness.__dict__)

    # ---- the program's surroundings ---------------------------------------
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        sys.modules["aiohttp"] = _aiohttp_stub()
    swapped = {"time": vtime, "os": vos, "os.path": vpath, "shutil": vshutil}
    saved = {k: sys.modules.get(k) for k in swapped}
    sys.modules.update(swapped)
    builtins.open = costed_open
    sys.argv = [attempt_path]

    solution = types.ModuleType("solution")
    solution.__file__ = filename
    sys.modules["solution"] = solution

    import linecache
    import traceback
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)

    out = io.StringIO()
    real_stdout = sys.stdout
    cwd = os.getcwd()
    work = tempfile.TemporaryDirectory(prefix="cpython_check.")
    os.chdir(work.name)

    def on_alarm(signum, frame):
        raise RealTimeLimit(f"time limit reached: the program ran for more than {REAL_LIMIT} s "
                            f"of real time (is there an endless loop?)")

    import signal
    signal.signal(signal.SIGALRM, on_alarm)
    sys.stdout = out
    error = None
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, REAL_LIMIT)
            exec(code, solution.__dict__)
            harness._lc_main(solution.__dict__)
        except BaseException as e:  # noqa: BLE001 - we are the top level
            error = e
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        sys.stdout = real_stdout
        os.chdir(cwd)
        work.cleanup()
        builtins.open = real_open
        sys.modules.update(saved)
    elapsed = clock.now()

    if show_output and out.getvalue():
        sys.stderr.write("--- the program's output ---\n" + out.getvalue()
                         + "--- end of the output ---\n")
    if clock.watchdog:
        print(f"cpython_check: the watchdog stopped a loop at t={WATCHDOG}", file=sys.stderr)

    # run.rs `verdicts`: an exception that escaped the program.
    if error is not None:
        traceback.print_exception(error, file=sys.stderr)
        # Looplab names the innermost frame of its traceback; here, the
        # innermost one in the learner's file (none: no line).
        frames = learner_frames(error.__traceback__)
        line = f" (line {frames[-1][0]})" if frames else ""
        if records:
            what = f"the run ended early: {summary(error)}{line}"
        else:
            what = f"{summary(error)}{line}: the checker could not call your code"
        records.insert(0, {"name": "Runs without an exception", "state": "failed",
                           "detail": what, "at": elapsed})
    if not records:
        records.append({"name": "Runs without an exception", "state": "failed",
                        "detail": "the checker reported nothing", "at": elapsed})
    return records


def main(argv):
    show_output = "--output" in argv
    fifo_ties = "--fifo-ties" in argv
    args = [a for a in argv if a not in ("--output", "--fifo-ties")]
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        import looptime  # noqa: F401
    except ImportError:
        py = os.environ.get("LOOPLAB_REF_PYTHON") or "/tmp/refvenv/bin/python"
        if os.path.exists(py) and not os.environ.get("_CPYTHON_CHECK_REEXEC"):
            os.environ["_CPYTHON_CHECK_REEXEC"] = "1"
            os.execv(py, [py, os.path.abspath(__file__), *argv])
        print("cpython_check.py needs looptime 0.9 (and pytest 9.2.0):\n"
              "    python3.11 -m venv /tmp/refvenv\n"
              "    /tmp/refvenv/bin/pip install looptime==0.9 pytest==9.2.0\n"
              "then run it with /tmp/refvenv/bin/python (or set LOOPLAB_REF_PYTHON)",
              file=sys.stderr)
        return 2
    if sys.version_info[:2] != (3, 11):
        print(f"cpython_check: warning: the reference is CPython 3.11, this is "
              f"{sys.version.split()[0]}", file=sys.stderr)
    import faulthandler
    faulthandler.dump_traceback_later(REAL_TIMEOUT, exit=True)
    md_path, attempt = args
    try:
        records = run_check(md_path, attempt, show_output, fifo_ties)
    except (OSError, ValueError) as e:
        print(f"cpython_check: {e}", file=sys.stderr)
        return 2
    faulthandler.cancel_dump_traceback_later()
    for r in records:
        print(json.dumps(r, ensure_ascii=False))
    sys.stdout.flush()
    # A program may leave threads behind; do not wait for them.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
