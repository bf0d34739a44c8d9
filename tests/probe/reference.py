#!/usr/bin/env python3
"""Run the probe's programs under CPython 3.11 on a virtual clock; write expected output.

Usage:
    python3 tests/probe/reference.py --all           # regenerate every AREA/NN_*.expected.json
    python3 tests/probe/reference.py --check         # regenerate in memory, fail on any difference
    python3 tests/probe/reference.py FILE.py ...     # regenerate just these
    python3 tests/probe/reference.py --show FILE.py  # print the result and full stderr, write nothing

This is tests/corpus/reference.py's runner, imported, not copied: the same
fresh CPython process per program, looptime loop, one virtual clock, virtual
`time` module, stamped stdout, demo workspace and stubs, and the same file
format. Only the list of programs differs: the probe keeps them one folder
per area (tests/probe/AREA/NN_name.py).
"""

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

_spec = importlib.util.spec_from_file_location(
    "corpus_reference", os.path.join(REPO, "tests", "corpus", "reference.py"))
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


def areas():
    return sorted(d for d in os.listdir(HERE)
                  if os.path.isdir(os.path.join(HERE, d)) and not d.startswith(("_", ".")))


def programs():
    found = []
    for area in areas():
        folder = os.path.join(HERE, area)
        found += [os.path.join(folder, n) for n in sorted(os.listdir(folder))
                  if n.endswith(".py") and n[:2].isdigit() and "_" in n]
    return found


def label(program):
    return os.path.relpath(program, HERE)


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    try:
        import looptime  # noqa: F401
    except ImportError:
        print("reference.py needs looptime: pip install looptime==0.9", file=sys.stderr)
        return 2
    if sys.version_info[:2] != (3, 11):
        print(f"warning: expected files come from CPython 3.11, this is "
              f"{sys.version.split()[0]}", file=sys.stderr)
    mode = {"--all": "write", "--check": "check", "--show": "show"}.get(argv[0], "write")
    if argv[0] in ("--all", "--check"):
        files = programs()
    else:
        files = [os.path.abspath(a) for a in (argv[1:] if mode == "show" else argv)]
    if not files:
        print("no programs found", file=sys.stderr)
        return 2

    failures = corpus.process(files, mode, label)

    if mode == "check":
        for area in areas():
            folder = os.path.join(HERE, area)
            for p in sorted(os.listdir(folder)):
                if p.endswith(".expected.json") and \
                        os.path.join(folder, p[:-len(".expected.json")] + ".py") not in files:
                    failures.append(p)
                    print(f"STALE {area}/{p} (no program)")
        print(f"{len(files) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
