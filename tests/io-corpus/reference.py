#!/usr/bin/env python3
"""Run the io-corpus programs under CPython 3.11; write their expected output.

Usage (with the venv described in README.md, whose python has aiofiles):
    python reference.py --all            # regenerate every NN_*.expected.json
    python reference.py --check          # regenerate in memory, compare, exit 1 on any difference
    python reference.py FILE.py ...      # regenerate only these
    python reference.py --show FILE.py   # print the result and the full stderr, write nothing
    python reference.py --postgres [FILE.py ...]
        # run the asyncpg programs with the REAL asyncpg against a PostgreSQL
        # server (PGHOST/PGPORT/PGUSER from the environment) and compare with
        # the expected files: shows that the stand-in answers like the real thing

Each program runs in a fresh CPython process, in a fresh empty temporary
directory (its current directory), TWICE in a row in that same directory:
both runs must print the same, so every program is deterministic and can be
run again over its own leftovers. The environment:

* PYTHONPATH = stubs/ (the asyncpg stand-in, over sqlite3); aiofiles is the
  real package from PyPI, installed in the interpreter running this script;
* PYTHONHASHSEED unset (random string hashing catches set-order dependence);
* PYTHONDONTWRITEBYTECODE=1, PYTHONIOENCODING=utf-8, stdin from /dev/null.

No virtual clock: these programs print nothing whose order depends on time.

Output file NAME.expected.json:
    {"stdout": "<full text>", "stderr_last_line": str|null, "exit_code": int}
stderr_last_line is the last line of stderr (for an uncaught exception, the
last line of its traceback), null when stderr is empty. A program that exits
with 0 but writes to stderr is refused.
"""

import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
STUBS = os.path.join(HERE, "stubs")
REAL_TIMEOUT = 60  # seconds of real time one run may take


def programs():
    names = sorted(n for n in os.listdir(HERE)
                   if n.endswith(".py") and n[:2].isdigit() and "_" in n)
    return [os.path.join(HERE, n) for n in names]


def expected_path(program):
    return program[:-3] + ".expected.json"


def child_env(stub):
    env = dict(os.environ)
    env.pop("PYTHONHASHSEED", None)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if stub:
        env["PYTHONPATH"] = STUBS
    else:
        env.pop("PYTHONPATH", None)
    return env


def preflight(stub):
    """Check which asyncpg and aiofiles the programs will import."""
    code = ("import asyncpg, aiofiles, importlib.metadata as m; "
            "print(getattr(asyncpg, '__looplab_stub__', False), asyncpg.__file__, "
            "m.version('aiofiles'))")
    p = subprocess.run([sys.executable, "-c", code], env=child_env(stub),
                       capture_output=True, text=True, cwd=tempfile.gettempdir())
    if p.returncode != 0:
        sys.exit("cannot import asyncpg/aiofiles:\n" + p.stderr +
                 "\nrun this script with the venv's python (see README.md)")
    is_stub, path, aiofiles_version = p.stdout.split()
    if (is_stub == "True") != stub:
        sys.exit(f"wrong asyncpg imported: {path}")
    return aiofiles_version


def run_once(program, cwd, stub):
    p = subprocess.run([sys.executable, program], cwd=cwd, env=child_env(stub),
                       stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       encoding="utf-8", timeout=REAL_TIMEOUT)
    lines = p.stderr.rstrip("\n").splitlines()
    result = {
        "stdout": p.stdout,
        "stderr_last_line": lines[-1] if lines else None,
        "exit_code": p.returncode,
    }
    return result, p.stderr


def run_program(program, stub=True, before_each=None):
    """Run twice in one fresh directory. Return (result, stderr); raise if the runs differ."""
    with tempfile.TemporaryDirectory(prefix="io-corpus-") as d:
        if before_each:
            before_each()
        first, err1 = run_once(program, d, stub)
        if before_each:
            before_each()
        second, err2 = run_once(program, d, stub)
    name = os.path.basename(program)
    if first != second:
        raise RuntimeError(f"{name}: a second run in the same directory printed something else\n"
                           f"first: {first}\nsecond: {second}")
    if first["exit_code"] == 0 and err1:
        raise RuntimeError(f"{name}: exit 0 but wrote to stderr:\n{err1}")
    return first, err1


def render(result):
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------
# --postgres: the real asyncpg against a real server
# --------------------------------------------------------------------------

def database_names(program):
    with open(program, encoding="utf-8") as f:
        return sorted(set(re.findall(r"database=[\"']([A-Za-z0-9_]+)[\"']", f.read())))


def recreate_databases(names):
    import asyncpg  # the real one: this process does not have stubs/ on its path

    async def go():
        con = await asyncpg.connect(database="postgres")
        try:
            for n in names:
                await con.execute(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)')
                await con.execute(f'CREATE DATABASE "{n}"')
        finally:
            await con.close()
    asyncio.run(go())


def check_postgres(files):
    files = [f for f in files if database_names(f)]
    preflight(stub=False)
    failures = 0
    for program in files:
        name = os.path.basename(program)
        names = database_names(program)
        result, stderr = run_program(program, stub=False,
                                     before_each=lambda: recreate_databases(names))
        with open(expected_path(program), encoding="utf-8") as f:
            expected = json.load(f)
        if result == expected:
            print(f"ok {name}")
        else:
            failures += 1
            print(f"DIFFERS {name}\n-- real asyncpg + PostgreSQL printed:\n{result['stdout']}"
                  f"-- stderr:\n{stderr}")
    print(f"{len(files) - failures} passed, {failures} failed (real asyncpg + PostgreSQL)")
    return 1 if failures else 0


# --------------------------------------------------------------------------

def main(argv):
    if not argv:
        print(__doc__)
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
    elif argv[0] == "--postgres":
        return check_postgres([os.path.abspath(a) for a in argv[1:]] or programs())
    else:
        files = [os.path.abspath(a) for a in argv]
    if not files:
        print("no programs found", file=sys.stderr)
        return 2
    preflight(stub=True)

    def one(program):
        try:
            result, stderr = run_program(program)
        except Exception as e:  # noqa: BLE001
            return program, None, None, str(e)
        return program, result, stderr, None

    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        outcomes = list(pool.map(one, files))

    failures = []
    for program, result, stderr, error in outcomes:
        name = os.path.basename(program)
        if error is not None:
            failures.append(name)
            print(f"ERROR {error}")
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
            print(f"wrote {os.path.basename(target)} "
                  f"({result['stdout'].count(chr(10))} lines, exit {result['exit_code']})")
        else:
            try:
                with open(target, encoding="utf-8") as f:
                    old = f.read()
            except FileNotFoundError:
                old = None
            if old != text:
                failures.append(name)
                print(f"DIFFERS {name}" if old is not None else f"MISSING {os.path.basename(target)}")
            else:
                print(f"ok {name}")

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
