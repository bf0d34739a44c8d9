#!/usr/bin/env python3
"""Records CPython's verdicts for every learner's attempt in
exercises/attempts/ID/*.py as NAME.expected.json (a JSON list of
{name, state, detail}), by running tests/exercises/cpython_check.py: the
same checker and harness on CPython 3.11's asyncio on a virtual clock
(looptime). crates/cli/tests/exercises.rs compares Looplab's verdicts with
these wherever CPython can judge (trace queries it cannot).

Usage: python3 tests/exercises/reference.py   (needs the reference venv of
tests/corpus/README.md: looptime 0.9, pytest 9.2.0, aiofiles 25.1.0)
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHECK = ROOT / "tests" / "exercises" / "cpython_check.py"


def main():
    for exercise in sorted((ROOT / "exercises").glob("*.md")):
        if exercise.name == "README.md":
            continue
        folder = ROOT / "exercises" / "attempts" / exercise.stem
        for attempt in sorted(folder.glob("*.py")):
            out = subprocess.run([sys.executable, str(CHECK), str(exercise), str(attempt)],
                                 capture_output=True, text=True, timeout=600)
            if out.returncode not in (0, 1):
                sys.exit(f"{attempt}: {out.stderr}")
            verdicts = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
            kept = [{"name": v["name"], "state": v["state"], "detail": v.get("detail", "")}
                    for v in verdicts]
            attempt.with_suffix(".expected.json").write_text(json.dumps(kept, indent=1,
                                                             ensure_ascii=False) + "\n")
            print(f"{attempt.relative_to(ROOT)}: {sum(v['state'] == 'failed' for v in kept)} failed")


if __name__ == "__main__":
    main()
