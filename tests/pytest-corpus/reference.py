#!/usr/bin/env python3
"""Run every test_NN_*.py here under pytest + pytest-asyncio; record what pytest reports.

Usage (with the venv described in README.md, whose python has pytest and
pytest-asyncio):
    python reference.py --all           # rewrite every test_NN_*.expected.json and .pytest.txt
    python reference.py --check         # regenerate in memory, compare, exit 1 on any difference
    python reference.py FILE.py ...     # regenerate only these
    python reference.py --show FILE.py  # print the result and pytest's output, write nothing

Each file is run in its own process, from this directory (so pytest.ini here
is the config file), exactly as

    python -m pytest -v -p no:cacheprovider test_NN_topic.py

with COLUMNS=80 (pytest's width when its output is not a terminal),
PY_COLORS=0, PYTHONDONTWRITEBYTECODE=1 (no __pycache__ from assertion
rewriting), PYTEST_ADDOPTS/PYTEST_PLUGINS unset and PYTHONHASHSEED unset.
Output is captured (no -s): what tests and fixtures print shows up only in the
"Captured stdout ..." sections of failing tests. Every file is run twice; both
runs must give the same result.

test_NN_topic.expected.json:
    {"outcomes": {"test_name[id]": "passed" | "failed" | "error" | "skipped" | "xfailed" | "xpassed", ...},
     "summary": "2 failed, 5 passed",        # pytest's last line without "in 0.05s" and the '='
     "exit_code": 1,
     "failure_lines": {"<section title>": ["E       assert 3 == 4", ...], ...},
     "short_summary": ["FAILED test_NN_topic.py::test_x - assert 3 == 4", ...]}

* outcomes: one entry per test, keyed by the node id after "FILE::" (for a
  test in a class "TestClass::test_name"). A test reported twice (it passed,
  then its fixture teardown failed) gets both words: "passed+error".
* failure_lines: for every section of the FAILURES and ERRORS parts, keyed by
  the section title pytest prints between the underscores ("test_double[3-7]",
  "TestClass.test_name", "ERROR at setup of test_x", "ERROR at teardown of
  test_x"): the lines that start with "E ", exactly (trailing spaces
  included). Some failures print no "E " line at all (an async test without
  the asyncio marker, an uncaught ExceptionGroup): their list is empty.
* short_summary: the lines of "short test summary info" (80 columns wide, so
  pytest truncates them with "...").

test_NN_topic.pytest.txt: pytest's whole output, with the only parts that
depend on the machine or the moment replaced: the duration on the last line
("in X.XXs"), the interpreter path ("<python>"), the standard library
directory ("<stdlib>"), this directory ("<rootdir>") and 0x addresses
("0x<addr>").
"""

import json
import os
import re
import subprocess
import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REAL_TIMEOUT = 120
STATUS_WORDS = {"PASSED": "passed", "FAILED": "failed", "ERROR": "error",
                "SKIPPED": "skipped", "XFAIL": "xfailed", "XPASS": "xpassed"}


def test_files():
    return [os.path.join(HERE, n) for n in sorted(os.listdir(HERE))
            if re.fullmatch(r"test_\d\d_\w+\.py", n)]


def run_pytest(path):
    env = dict(os.environ)
    for k in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTHONHASHSEED", "FORCE_COLOR", "NO_COLOR"):
        env.pop(k, None)
    env.update(COLUMNS="80", LINES="24", PY_COLORS="0", PYTHONDONTWRITEBYTECODE="1",
               PYTHONIOENCODING="utf-8")
    p = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", os.path.basename(path)],
        cwd=HERE, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        encoding="utf-8", timeout=REAL_TIMEOUT)
    return p.stdout + p.stderr, p.returncode


def normalize(text):
    text = re.sub(r" in \d+\.\d\ds( \(\d+:\d\d:\d\d\))? (=+)$", r" in X.XXs \2", text, flags=re.M)
    stdlib = sysconfig.get_paths()["stdlib"]
    for real, shown in ((sys.executable, "<python>"), (stdlib, "<stdlib>"), (HERE, "<rootdir>")):
        text = text.replace(real, shown)
    return re.sub(r"0x[0-9a-f]{6,}", "0x<addr>", text)


def parse(output, exit_code, filename):
    lines = output.splitlines()
    outcomes = {}
    status_re = re.compile(
        re.escape(filename) + r"::(.+?) (" + "|".join(STATUS_WORDS) + r")(?: \(.*\))?\s+\[\s*\d+%\]$")
    for line in lines:
        m = status_re.match(line)
        if m:
            name, word = m.group(1), STATUS_WORDS[m.group(2)]
            outcomes[name] = f"{outcomes[name]}+{word}" if name in outcomes else word

    last = lines[-1] if lines else ""
    m = re.fullmatch(r"=+ (.*?) in \d+\.\d+s(?: \(\d+:\d\d:\d\d\))? =+", last)
    summary = m.group(1) if m else None

    failure_lines = {}
    short_summary = []
    part = None
    title = None
    for line in lines:
        m = re.fullmatch(r"=+ (.+?) =+", line)
        if m:
            part = m.group(1)
            title = None
            continue
        if part in ("FAILURES", "ERRORS"):
            t = re.fullmatch(r"_{2,} (.+?) _{2,}", line)
            if t:
                title = t.group(1)
                failure_lines.setdefault(title, [])
                continue
            if line.startswith("-") and "Captured" in line:
                title = None
                continue
            if title is not None and line.startswith("E "):
                failure_lines[title].append(line)
        elif part == "short test summary info":
            short_summary.append(line)
    return {"outcomes": outcomes, "summary": summary, "exit_code": exit_code,
            "failure_lines": failure_lines, "short_summary": short_summary}


def generate(path):
    """Run twice; return (expected dict, normalized output)."""
    name = os.path.basename(path)
    runs = []
    for _ in range(2):
        out, code = run_pytest(path)
        runs.append((parse(out, code, name), normalize(out)))
    if runs[0] != runs[1]:
        raise RuntimeError(f"{name}: two runs differ")
    if runs[0][0]["summary"] is None:
        raise RuntimeError(f"{name}: no summary line in pytest's output:\n{runs[0][1]}")
    return runs[0]


def render(result):
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    try:
        import pytest
        import pytest_asyncio
    except ImportError:
        print("reference.py needs pytest and pytest-asyncio (see README.md)", file=sys.stderr)
        return 2
    print(f"python {sys.version.split()[0]}, pytest {pytest.__version__}, "
          f"pytest-asyncio {pytest_asyncio.__version__}")
    mode = "write"
    if argv[0] == "--all":
        files = test_files()
    elif argv[0] == "--check":
        mode = "check"
        files = test_files()
    elif argv[0] == "--show":
        mode = "show"
        files = [os.path.abspath(a) for a in argv[1:]]
    else:
        files = [os.path.abspath(a) for a in argv]

    def one(path):
        try:
            return path, generate(path), None
        except Exception as e:  # noqa: BLE001
            return path, None, str(e)

    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        outcomes = list(pool.map(one, files))

    failures = []
    for path, generated, error in outcomes:
        name = os.path.basename(path)
        if error is not None:
            failures.append(name)
            print(f"ERROR {error}")
            continue
        result, output = generated
        json_path = path[:-3] + ".expected.json"
        txt_path = path[:-3] + ".pytest.txt"
        if mode == "show":
            print(f"== {name}")
            sys.stdout.write(render(result))
            print("-- pytest output:")
            sys.stdout.write(output)
        elif mode == "write":
            with open(json_path, "w", encoding="utf-8") as f:
                f.write(render(result))
            with open(txt_path, "w", encoding="utf-8") as f:
                f.write(output)
            print(f"wrote {os.path.basename(json_path)}: {result['summary']} (exit {result['exit_code']})")
        else:
            bad = []
            for target, text in ((json_path, render(result)), (txt_path, output)):
                try:
                    with open(target, encoding="utf-8") as f:
                        if f.read() != text:
                            bad.append(os.path.basename(target))
                except FileNotFoundError:
                    bad.append(os.path.basename(target) + " (missing)")
            if bad:
                failures.append(name)
                print(f"DIFFERS {name}: {', '.join(bad)}")
            else:
                print(f"ok {name}")
    if mode == "check":
        known = {os.path.basename(p)[:-3] for p in files}
        for p in sorted(os.listdir(HERE)):
            for suffix in (".expected.json", ".pytest.txt"):
                if p.endswith(suffix) and p[:-len(suffix)] not in known:
                    failures.append(p)
                    print(f"STALE {p} (no test file)")
        print(f"{len(files) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
