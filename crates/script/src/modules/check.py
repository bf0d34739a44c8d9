"""Looplab's exercise harness.

An exercise's checker is a Python module with a `scenario(solution)`
coroutine function and requirements:

    DEFINES = ["scrape"]          # what the learner's program must define

    async def scenario(solution):  # solution: the learner's globals
        ...                        # call solution["scrape"](...) with
        return run                 # recording collaborators

    @requirement("At most `limit` requests in flight")
    def in_flight(run):
        ...                        # fail("at t=1.20 s ...", at=1.2)
                                   # or assert, or return a trace query

The harness runs the scenario once, on the run's clock, then judges each
requirement on what it returned. A requirement that returns a
`trace.…(...)` query is decided over the run's trace once it has ended.
"""
import asyncio
import json
import _looplab_check as _c


class CheckFailed(Exception):
    """A requirement does not hold: `detail` says what happened, `at` when."""

    def __init__(self, detail, at=None):
        super().__init__(detail)
        self.detail = detail
        self.at = at


def fail(detail, at=None):
    """Fails the requirement being judged (or the scenario) with `detail`."""
    raise CheckFailed(detail, at)


_lc_requirements = []


def requirement(name):
    """Registers a requirement: a function of the scenario's result."""
    def apply(fn):
        _lc_requirements.append((name, fn))
        return fn
    return apply


class TraceQuery:
    """A question about the run's trace, answered once the run has ended."""

    def __init__(self, kind, **args):
        self.kind = kind
        self.args = args

    def _lc_json(self):
        body = {"kind": self.kind}
        for key, value in self.args.items():
            if value is not None:
                body[key] = value
        return json.dumps(body)


class _Trace:
    """The trace queries a requirement can return. Times are clock
    readings (`loop.time()`); `until=None` means the end of the run."""

    def queue_len(self, *, at_most, since=0.0, until=None, needed=False):
        """No queue created in the window ever holds more than `at_most`
        (and, if `needed`, at least one queue was created)."""
        return TraceQuery("queue_len", at_most=at_most, since=since, until=until,
                          needed=needed)

    def tasks_finished(self, *, since=0.0, until=None):
        """Every task created in the window has finished by `until`, and
        none of them was cancelled."""
        return TraceQuery("tasks_finished", since=since, until=until)

    def tasks_done(self, *, since=0.0, until=None):
        """Every task created in the window has ended by `until`."""
        return TraceQuery("tasks_done", since=since, until=until)

    def waiting(self, wait, *, at_most, since=0.0, until=None):
        """At most `at_most` tasks wait on a `wait` kind ("file", "sleep",
        "queue_get", …) at once in the window."""
        return TraceQuery("waiting", wait=wait, at_most=at_most, since=since, until=until)

    def waits(self, wait, *, at_least, since=0.0, until=None, why=""):
        """At least `at_least` waits of kind `wait` begin in the window."""
        return TraceQuery("waits", wait=wait, at_least=at_least, since=since, until=until,
                          why=why)


    def notes(self, verb, *, at_least, since=0.0, until=None, why=""):
        """File or database work with a verb starting with `verb` ("read")
        touches at least `at_least` different things in the window (from
        the notes `aiofiles` and `asyncpg` leave: `read notes.txt`)."""
        return TraceQuery("notes", verb=verb, at_least=at_least, since=since, until=until,
                          why=why)


trace = _Trace()


def now():
    """The clock reading (the running loop's `time()`)."""
    return asyncio.get_running_loop().time()


def at(t):
    """A clock reading as details print it: `t=1.20 s`."""
    return f"t={t:.2f} s"


def _lc_where(e):
    where = _c.where(e)
    text = _c.summary(e)
    return f"{text} ({where})" if where else text


async def _lc_scenario(checker, g):
    limit = getattr(checker, "TIMEOUT", 60)
    start = now()
    try:
        async with asyncio.timeout(limit):
            return await checker.scenario(g)
    except TimeoutError:
        if now() - start < limit:
            raise
        me = asyncio.current_task()
        stuck = sorted(t.get_name() for t in asyncio.all_tasks() if t is not me)
        names = ", ".join(stuck[:6]) + (", …" if len(stuck) > 6 else "")
        waiting = f"; still waiting: {names}" if stuck else ""
        fail(f"the run did not finish within {limit} s of virtual time{waiting} "
             f"(open the timeline at the end to see what each task waits on)",
             at=start + limit)


def _lc_main(g):
    checker = _c.load_checker()
    defines = list(getattr(checker, "DEFINES", []))
    runs = getattr(checker, "RUNS", None) or (
        "Defines " + ", ".join(f"`{n}`" for n in defines) + " and runs without an exception"
        if defines else "Runs without an exception")
    missing = [n for n in defines if n not in g]
    problem = ""
    when = None
    line = None
    finished = False
    result = None
    if missing:
        problem = "your program does not define " + ", ".join(f"`{n}`" for n in missing)
    else:
        try:
            result = asyncio.run(_lc_scenario(checker, g))
            finished = True
        except KeyboardInterrupt:
            raise
        except CheckFailed as e:
            problem, when = e.detail, e.at
        except BaseException as e:
            problem = _lc_where(e)
            line = _c.where_line(e)
    _c.record(runs, "failed" if problem else "passed", problem, when, None, line)
    for name, fn in _lc_requirements:
        if not finished:
            _c.record(name, "skipped", "not checked: the run did not finish", None, None)
            continue
        _c.explain_asserts(True)
        try:
            verdict = fn(result)
        except CheckFailed as e:
            _c.record(name, "failed", e.detail, e.at, None)
        except AssertionError as e:
            _c.record(name, "failed", str(e), None, None)
        except KeyboardInterrupt:
            raise
        except BaseException as e:
            _c.record(name, "failed", "the checker could not judge this: " + _lc_where(e),
                      None, None)
        else:
            if isinstance(verdict, TraceQuery):
                _c.record(name, "trace", "", None, verdict._lc_json())
            else:
                _c.record(name, "passed", "", None, None)
        finally:
            _c.explain_asserts(False)
