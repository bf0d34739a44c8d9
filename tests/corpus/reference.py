#!/usr/bin/env python3
"""Run corpus programs under CPython 3.11 on a virtual clock; write expected output.

Usage:
    python3 tests/corpus/reference.py --all          # regenerate every NN_*.expected.json
    python3 tests/corpus/reference.py --check        # regenerate in memory, fail on any difference
    python3 tests/corpus/reference.py FILE.py ...    # regenerate just these
    python3 tests/corpus/reference.py --show FILE.py # print the result, write nothing

Each program runs in a fresh CPython process (so task-name counters, random
state and imported modules start clean) with:

* asyncio's event loop policy replaced so that every new loop
  (asyncio.run, asyncio.new_event_loop, asyncio.get_event_loop) is a
  `looptime` loop: its time stands still while callbacks run and jumps to the
  next timer when nothing is ready. All loops of one process share ONE virtual
  clock: a new loop starts at the time the previous one stopped at (the first
  at 0.0), as CPython's loop.time() (time.monotonic) is one clock per process.
  A watchdog timer stops a loop at virtual time 3600.0; a program that gets
  there is an error of the corpus, not an expected output.
* the `time` module the program imports replaced by a virtual one:
  time.monotonic()/perf_counter() return the virtual clock,
  time.time() returns 1_700_000_000.0 + the virtual clock, and
  time.sleep(s) blocks "for s seconds" by moving the virtual clock forward by
  s without running anything else (what a blocking call does to a real loop).
  The rest of the module is the real one.
* loop.run_in_executor / asyncio.to_thread run the function on a thread in
  lockstep with the loop (see Job below): no virtual time for its work, its
  time.sleep(s) lets the loop run for s virtual seconds.
* sys.stdout replaced by a writer that stamps every completed line with the
  virtual clock at the moment its newline was written (a last unterminated
  line is stamped at exit). sys.stderr is captured separately; an uncaught
  exception is shown by sys.__excepthook__, as `python3 FILE.py` shows it.

Output file NAME.expected.json:
    {"stdout": [[time, "line"], ...], "stderr_last_line": str|null, "exit_code": int}
time is rounded to 6 decimals. stderr_last_line is the last line of the
traceback of an uncaught exception (e.g. "ValueError: boom"), null if the
program ended normally.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
WATCHDOG = 3600.0
REAL_TIMEOUT = 120  # seconds of real time a single program may take


# --------------------------------------------------------------------------
# child side: run one program
# --------------------------------------------------------------------------

def _child(path, out_path):
    # Import everything the harness (and typical programs) need *before* the
    # program's `time` is swapped, so stdlib internals keep the real clock.
    import asyncio
    import concurrent.futures
    import io
    import threading
    import runpy
    import types
    import time as real_time
    import looptime
    for name in ("logging", "random", "json", "dataclasses", "functools",
                 "contextlib", "typing", "collections", "itertools", "heapq",
                 "math", "string", "enum", "abc", "operator", "statistics",
                 "re", "copy", "weakref", "bisect", "warnings", "textwrap",
                 "queue", "threading", "concurrent.futures", "selectors"):
        __import__(name)

    class VirtualClock:
        """One clock for the whole process, carried by the latest loop."""

        def __init__(self):
            self.base = 0.0   # time while no loop has been created yet
            self.loop = None  # the most recently created looptime loop

        def now(self):
            if self.loop is not None:
                return self.loop.time()
            return self.base

        def advance(self, dt):
            if self.loop is not None:
                # looptime keeps time as integer microseconds in a private field.
                self.loop._LoopTimeEventLoop__now += round(dt * 1_000_000)
            else:
                self.base += dt

    clock = VirtualClock()

    class Job(threading.Thread):
        """One executor job on its own thread, run in lockstep with the loop.

        The loop's thread hands the job a turn and waits until the job
        either finishes or calls time.sleep(s); a sleeping job gets its next
        turn from a loop timer s virtual seconds later. So thread work
        costs no virtual time, its sleeps cost what they say while the loop
        goes on, and the order of events never depends on the OS scheduler.
        (Real threads under looptime reach the watchdog or race it.)
        """

        current = threading.local()

        def __init__(self, fn, args, future):
            super().__init__(daemon=True)
            self.fn, self.args, self.future = fn, args, future
            self.turn = threading.Semaphore(0)   # the job may run
            self.back = threading.Semaphore(0)   # the loop may run
            self.wake_at = None

        def run(self):
            Job.current.job = self
            self.turn.acquire()
            try:
                self.future.set_result(self.fn(*self.args))
            except BaseException as e:  # noqa: BLE001 - handed to the awaiting task
                self.future.set_exception(e)
            finally:
                self.wake_at = None
                self.back.release()

        def step(self):
            self.turn.release()
            self.back.acquire()
            if self.wake_at is not None:
                clock.loop.call_at(self.wake_at, self.step)

        def sleep(self, secs):
            self.wake_at = clock.now() + secs
            self.back.release()
            self.turn.acquire()
            self.wake_at = None

    def run_in_executor(loop, executor, func, *args):
        # Any executor (the default one, a ThreadPoolExecutor) becomes a
        # lockstep thread; asyncio.to_thread comes through here too.
        future = concurrent.futures.Future()
        job = Job(func, args, future)
        job.start()
        job.step()
        return asyncio.wrap_future(future, loop=loop)

    class LooptimePolicy(asyncio.DefaultEventLoopPolicy):
        def new_event_loop(self):
            loop = super().new_event_loop()
            loop = looptime.patch_event_loop(loop, start=clock.now())
            loop.run_in_executor = types.MethodType(run_in_executor, loop)
            loop.call_at(WATCHDOG, loop.stop)
            clock.loop = loop
            return loop

    asyncio.set_event_loop_policy(LooptimePolicy())

    # The virtual `time` module seen by the program.
    vtime = types.ModuleType("time", real_time.__doc__)
    for k in dir(real_time):
        if not k.startswith("__"):
            setattr(vtime, k, getattr(real_time, k))

    def monotonic():
        return clock.now()

    def monotonic_ns():
        return round(clock.now() * 1_000_000) * 1000

    def vtime_time():
        return 1_700_000_000.0 + clock.now()

    def vtime_time_ns():
        return 1_700_000_000 * 10**9 + monotonic_ns()

    def sleep(secs):
        secs = float(secs)
        if secs < 0:
            raise ValueError("sleep length must be non-negative")
        job = getattr(Job.current, "job", None)
        if job is not None:
            job.sleep(secs)  # a thread's sleep: the loop goes on meanwhile
        else:
            clock.advance(secs)

    vtime.monotonic = monotonic
    vtime.perf_counter = monotonic
    vtime.monotonic_ns = monotonic_ns
    vtime.perf_counter_ns = monotonic_ns
    vtime.time = vtime_time
    vtime.time_ns = vtime_time_ns
    vtime.sleep = sleep
    sys.modules["time"] = vtime

    class StampedWriter(io.TextIOBase):
        def __init__(self):
            self.partial = ""
            self.lines = []

        @property
        def encoding(self):
            return "utf-8"

        def writable(self):
            return True

        def write(self, s):
            if not isinstance(s, str):
                raise TypeError(f"write() argument must be str, not {type(s).__name__}")
            self.partial += s
            while "\n" in self.partial:
                line, self.partial = self.partial.split("\n", 1)
                self.lines.append([round(clock.now(), 6), line])
            return len(s)

        def flush(self):
            pass

        def finish(self):
            if self.partial:
                self.lines.append([round(clock.now(), 6), self.partial])
                self.partial = ""

    out = StampedWriter()
    err = io.StringIO()
    real_stdout, real_stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    sys.argv = [path]

    exit_code = 0
    last_line = None
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit as e:
        if e.code is None:
            exit_code = 0
        elif isinstance(e.code, int):
            exit_code = e.code
        else:
            err.write(f"{e.code}\n")
            exit_code = 1
    except BaseException as e:  # noqa: BLE001 - we are the top level
        # Drop the harness's own frames (this function, runpy) from the traceback.
        frame = e.__traceback__
        while frame is not None and frame.tb_frame.f_code.co_filename != path:
            frame = frame.tb_next
        if frame is not None:
            e.__traceback__ = frame
        # CPython's own display (sys.__excepthook__, what `python3 FILE.py`
        # prints), not the traceback module: in 3.11 only the former adds
        # "Did you mean: 'total'?" to NameError and AttributeError.
        shown = io.StringIO()
        sys.stderr = shown
        try:
            sys.__excepthook__(type(e), e, e.__traceback__)
        finally:
            sys.stderr = err
        tb = shown.getvalue()
        err.write(tb)
        last_line = tb.rstrip("\n").splitlines()[-1]
        exit_code = 1
    finally:
        out.finish()
        sys.stdout, sys.stderr = real_stdout, real_stderr

    end_time = clock.now()
    result = {
        "stdout": out.lines,
        "stderr_last_line": last_line,
        "exit_code": exit_code,
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"result": result, "end_time": end_time,
                   "stderr": err.getvalue()}, f)


# --------------------------------------------------------------------------
# parent side
# --------------------------------------------------------------------------

def programs():
    names = sorted(n for n in os.listdir(HERE)
                   if n.endswith(".py") and n[:2].isdigit() and "_" in n)
    return [os.path.join(HERE, n) for n in names]


def expected_path(program):
    return program[:-3] + ".expected.json"


def run_program(program):
    """Return (result dict, full stderr text). Raises on harness errors."""
    fd, tmp = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        env = dict(os.environ)
        env.pop("PYTHONHASHSEED", None)  # keep str hashing random: catches order dependence
        env["PYTHONIOENCODING"] = "utf-8"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        # Programs run in a fresh copy of the playground's demo workspace
        # (examples/workspace), as in the page; aiofiles and asyncpg are
        # stand-ins (tests/corpus/stubs: synchronous file work that yields
        # once; tests/io-corpus/stubs: asyncpg over sqlite3).
        stubs = [os.path.join(HERE, "stubs"), os.path.join(REPO, "tests", "io-corpus", "stubs")]
        env["PYTHONPATH"] = os.pathsep.join(stubs + [env.get("PYTHONPATH", "")])
        with tempfile.TemporaryDirectory() as work:
            shutil.copytree(os.path.join(REPO, "examples", "workspace"), work, dirs_exist_ok=True)
            proc = subprocess.run(
                [sys.executable, os.path.abspath(__file__), "--child", os.path.abspath(program), tmp],
                stdin=subprocess.DEVNULL, capture_output=True, text=True,
                timeout=REAL_TIMEOUT, env=env, cwd=work)
        if proc.returncode != 0:
            raise RuntimeError(f"{program}: harness failed (rc={proc.returncode})\n"
                               f"{proc.stdout}\n{proc.stderr}")
        with open(tmp, encoding="utf-8") as f:
            data = json.load(f)
    finally:
        os.unlink(tmp)
    if data["end_time"] >= WATCHDOG:
        raise RuntimeError(f"{program}: reached the {WATCHDOG}s watchdog "
                           f"(virtual time {data['end_time']})")
    with open(program, encoding="utf-8") as f:
        source = f.read()
    if any(word in source for word in ("aiofiles", "asyncpg", "open(", "pathlib")):
        data["result"]["times"] = False
    return data["result"], data["stderr"]


def render(result):
    """Canonical text of an expected file: one stdout line per line."""
    parts = ['{\n  "stdout": [']
    lines = result["stdout"]
    for i, (t, line) in enumerate(lines):
        sep = "," if i + 1 < len(lines) else ""
        parts.append(f"\n    [{json.dumps(t)}, {json.dumps(line, ensure_ascii=False)}]{sep}")
    parts.append("\n  ]," if lines else "],")
    parts.append(f'\n  "stderr_last_line": {json.dumps(result["stderr_last_line"], ensure_ascii=False)},')
    if result.get("times") is False:
        # Files and databases cost simulated time in Looplab and none here:
        # only the lines and their order are compared.
        parts.append('\n  "times": false,')
    parts.append(f'\n  "exit_code": {json.dumps(result["exit_code"])}\n}}\n')
    return "".join(parts)


def process(files, mode, label=os.path.basename):
    """Runs `files` under CPython and, by `mode`, writes their expected
    files, shows them, or checks them against the files on disk; returns
    the names (by `label`) of those that failed or differ. Shared with
    tests/probe/reference.py."""
    failures = []

    def one(program):
        try:
            result, stderr = run_program(program)
        except Exception as e:  # noqa: BLE001
            return program, None, None, str(e)
        return program, result, stderr, None

    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        outcomes = list(pool.map(one, files))

    for program, result, stderr, error in outcomes:
        name = label(program)
        if error is not None:
            failures.append(name)
            print(f"ERROR {name}: {error}")
            continue
        text = render(result)
        target = expected_path(program)
        if mode == "show":
            print(f"== {name}")
            sys.stdout.write(text)
            if stderr:
                print("-- stderr:")
                sys.stdout.write(stderr)
        elif mode == "write":
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {label(target)} "
                  f"({len(result['stdout'])} lines, exit {result['exit_code']})")
        else:
            try:
                with open(target, encoding="utf-8") as f:
                    old = f.read()
            except FileNotFoundError:
                old = None
            if old != text:
                failures.append(name)
                print(f"DIFFERS {name}" if old is not None else f"MISSING {label(target)}")
            else:
                print(f"ok {name}")
    return failures


def main(argv):
    if len(argv) >= 1 and argv[0] == "--child":
        _child(argv[1], argv[2])
        return 0
    if not argv:
        print(__doc__)
        return 2
    try:
        import looptime  # noqa: F401
    except ImportError:
        print("reference.py needs looptime: pip install looptime", file=sys.stderr)
        return 2
    if sys.version_info[:2] != (3, 11):
        print(f"warning: expected files come from CPython 3.11, this is "
              f"{sys.version.split()[0]}", file=sys.stderr)
    mode = "write"
    if argv[0] == "--all":
        files = programs()
    elif argv[0] == "--check":
        mode = "check"
        files = programs()
    elif argv[0] == "--show":
        mode = "show"
        files = [os.path.abspath(a) for a in argv[1:]]
    else:
        files = [os.path.abspath(a) for a in argv]
    if not files:
        print("no programs found", file=sys.stderr)
        return 2

    failures = process(files, mode)

    if mode == "check":
        stale = [p for p in os.listdir(HERE) if p.endswith(".expected.json")
                 and os.path.join(HERE, p[:-len(".expected.json")] + ".py") not in files]
        for p in stale:
            failures.append(p)
            print(f"STALE {p} (no program)")
        print(f"{len(files) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
