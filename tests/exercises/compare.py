#!/usr/bin/env python3
"""Compare Looplab's exercise verdicts with CPython's.

Usage:
    python3 tests/exercises/compare.py ID [ATTEMPT.py ...] [--blocks] [--no-build] [--all]
                                      [--fifo-ties] [--output] [--json]

For each attempt, runs

    ./target/debug/looplab check ID ATTEMPT.py                       (ours)
    python3 tests/exercises/cpython_check.py exercises/<ID>.md ATTEMPT.py (CPython)

and prints, requirement by requirement, where the two differ: the state
(✓ passed, ✗ failed, · skipped), the detail text, or the name. A
requirement CPython leaves as "trace" (decided over Looplab's own trace) is
shown with our verdict and never counts as a difference.

    --blocks    also check the exercise's `## Solution` and `## Starter`
                blocks (the default when no attempt is given)
    --no-build  do not run `cargo build -q -p looplab-cli` first
    --all       print every requirement, not only the differing ones
    --fifo-ties run CPython with timers that fall due at the same instant
                firing in creation order, as Looplab's do (see
                cpython_check.py): a difference that goes away with it
                comes from such a tie
    --output    also compare what the program printed (our `--output`)
    --json      ask our CLI for JSON lines (`looplab check --json`), once
                it has that option; without it the ✓/✗/· text is parsed

Exit status: 0 when nothing differs, 1 when something does, 2 on a usage
or setup error. cpython_check.py needs looptime (see its docstring); it
finds /tmp/refvenv/bin/python by itself.
"""

import difflib
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the repository
from cpython_check import parse_exercise  # noqa: E402

MARKS = {"✓": "passed", "✗": "failed", "·": "skipped"}
SHOW = {"passed": "✓", "failed": "✗", "skipped": "·", "trace": "trace"}


def find_exercise(ex_id):
    for path in sorted(glob.glob(os.path.join(REPO, "exercises", "*.md"))):
        if os.path.basename(path) == "README.md":
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        try:
            ex = parse_exercise(text)
        except ValueError:
            continue
        if ex.get("id") == ex_id:
            return path, ex
    return None, None


def parse_ours(text):
    """The CLI's report: `✓ name` / `✗ name` / `· name`, each detail line
    indented by 4 spaces; or JSON lines."""
    lines = [l for l in text.splitlines() if l.strip()]
    if lines and lines[0].lstrip().startswith("{"):
        out = []
        for l in lines:
            d = json.loads(l)
            state = {"pass": "passed", "fail": "failed", "skip": "skipped"}.get(
                d.get("state"), d.get("state"))
            out.append({"name": d["name"], "state": state,
                        "detail": d.get("detail") or "", "at": d.get("at"),
                        "at_known": True})
        return out
    out = []
    for line in text.splitlines():
        if line[:2] in ("✓ ", "✗ ", "· "):
            out.append({"name": line[2:], "state": MARKS[line[0]], "detail": "", "at": None})
        elif (line.startswith("    ") or line == "") and out:
            d = out[-1]
            d["detail"] = (d["detail"] + "\n" if d["detail"] else "") + line[4:]
        # "N of M requirements hold" and anything else: not a requirement.
    for d in out:
        d["detail"] = d["detail"].rstrip("\n")
    return out


OUT_START = "--- the program's output ---\n"
OURS_OUT_END = "--- requirements ---"
CPY_OUT_END = "--- end of the output ---\n"


def run_ours(ex_id, attempt, flags):
    """(requirements, the program's output)."""
    cmd = [os.path.join(REPO, "target", "debug", "looplab"), "check", ex_id, attempt]
    if "--json" in flags:
        cmd.append("--json")
    if "--output" in flags:
        cmd.append("--output")
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=600)
    text, output = p.stdout, ""
    if text.startswith(OUT_START) and OURS_OUT_END in text:
        output, text = text[len(OUT_START):].split(OURS_OUT_END, 1)
    reqs = parse_ours(text)
    if not reqs:
        raise RuntimeError(f"our CLI reported nothing (rc={p.returncode}):\n{p.stdout}{p.stderr}")
    return reqs, output


def run_cpython(md_path, attempt, flags):
    """(requirements, stderr without the program's output, the output)."""
    cmd = [sys.executable, os.path.join(HERE, "cpython_check.py"), md_path, attempt]
    cmd += [f for f in ("--fifo-ties", "--output") if f in flags]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=600)
    reqs = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    if not reqs:
        raise RuntimeError(f"cpython_check.py reported nothing (rc={p.returncode}):\n"
                           f"{p.stdout}{p.stderr}")
    stderr, output = p.stderr, ""
    if OUT_START in stderr and CPY_OUT_END in stderr:
        before, rest = stderr.split(OUT_START, 1)
        output, after = rest.split(CPY_OUT_END, 1)
        stderr = before + after
    return reqs, stderr, output


def norm(detail):
    """A detail as the text report shows it: its lines, no trailing blank ones."""
    lines = detail.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def fmt_at(t):
    return None if t is None else f"{t:.2f}"


def indent(text, by="          "):
    return "\n".join(by + l for l in (text.splitlines() or [""]))


def compare(ours, theirs, show_all):
    """Prints the comparison; returns the number of differences."""
    diffs = 0
    for i in range(max(len(ours), len(theirs))):
        o = ours[i] if i < len(ours) else None
        c = theirs[i] if i < len(theirs) else None
        if o is None or c is None:
            diffs += 1
            r = o or c
            who = "only ours" if c is None else "only CPython"
            print(f"  DIFF    {who}: {SHOW[r['state']]} {r['name']}")
            if r["detail"]:
                print(indent(r["detail"]))
            continue
        name = o["name"]
        c_detail = norm(c["detail"])
        o_detail = norm(o["detail"])
        problems = []
        if o["name"] != c["name"]:
            problems.append("name")
        trace = c["state"] == "trace"
        if not trace and o["state"] != c["state"]:
            problems.append("state")
        elif not trace and o["state"] != "passed" and o_detail != c_detail:
            problems.append("detail")
        # The text report has no `at`; JSON lines do. Compared as details print them.
        if (not trace and o.get("at_known")
                and fmt_at(o.get("at")) != fmt_at(c.get("at"))):
            problems.append("at")
        if problems:
            diffs += 1
            print(f"  DIFF ({', '.join(problems)})  ours {SHOW[o['state']]}  "
                  f"CPython {SHOW[c['state']]}  {name}")
            if "name" in problems:
                print(f"          CPython's name: {c['name']}")
            if "at" in problems:
                print(f"          at: ours {fmt_at(o.get('at'))}, CPython {fmt_at(c.get('at'))}")
            if o_detail:
                print("        ours:")
                print(indent(o_detail))
            if c_detail:
                print("        CPython:" + (f" (at={c['at']})" if c.get("at") is not None else ""))
                print(indent(c_detail))
        elif show_all or trace:
            extra = "  (CPython: decided by Looplab's trace)" if trace else ""
            print(f"  same    {SHOW[o['state']]} {name}{extra}")
            if show_all and o_detail:
                print(indent(o_detail))
    return diffs


def main(argv):
    flags = {a for a in argv if a.startswith("--")}
    args = [a for a in argv if not a.startswith("--")]
    unknown = flags - {"--blocks", "--no-build", "--all", "--json", "--fifo-ties", "--output"}
    if not args or unknown:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    ex_id, attempts = args[0], [os.path.abspath(a) for a in args[1:]]
    md_path, ex = find_exercise(ex_id)
    if md_path is None:
        print(f"compare.py: no exercises/*.md has id {ex_id!r}", file=sys.stderr)
        return 2
    if "--no-build" not in flags:
        b = subprocess.run(["cargo", "build", "-q", "-p", "looplab-cli"], cwd=REPO)
        if b.returncode != 0:
            print("compare.py: cargo build failed", file=sys.stderr)
            return 2
    tmp = tempfile.TemporaryDirectory(prefix="compare.")
    labelled = [(a, a) for a in attempts]
    if "--blocks" in flags or not attempts:
        for block in ("Solution", "Starter"):
            path = os.path.join(tmp.name, f"{ex_id}.{block.lower()}.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(ex[block])
            labelled.append((f"## {block} of {os.path.relpath(md_path, REPO)}", path))
    total = 0
    differing = []
    for label, path in labelled:
        print(f"== {label}")
        try:
            ours, ours_out = run_ours(ex_id, path, flags)
            theirs, stderr, their_out = run_cpython(md_path, path, flags)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            print(f"  ERROR   {e}")
            differing.append(label)
            continue
        n = compare(ours, theirs, "--all" in flags)
        if "--output" in flags and ours_out != their_out:
            n += 1
            print("  DIFF (output)  the program printed:")
            for line in difflib.unified_diff(ours_out.splitlines(), their_out.splitlines(),
                                             "ours", "CPython", lineterm=""):
                print("          " + line)
        if n == 0:
            print(f"  no difference ({len(ours)} requirements)")
        else:
            differing.append(label)
            if stderr.strip():
                print("  CPython's stderr:")
                print(indent(stderr.rstrip(), "    | "))
        total += n
    print(f"\n{len(labelled) - len(differing)} of {len(labelled)} attempts agree"
          + (f"; differences in: {', '.join(differing)}" if differing else ""))
    tmp.cleanup()
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
