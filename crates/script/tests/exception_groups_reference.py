# Writes exception_groups.cpython.json for exception_groups.rs: runs
# (`python3 crates/script/tests/exception_groups_reference.py`) each program with CPython 3.11 and keeps its stderr with the frames
# of CPython's own library left out (Looplab shows the program's frames).
import json, os, re, subprocess, sys, tempfile
progs = {}
progs["taskgroup_two_failures"] = '''import asyncio

async def fetch(n):
    await asyncio.sleep(0.1 * n)
    if n % 2:
        raise ValueError(f"bad item {n}")
    return n

async def main():
    async with asyncio.TaskGroup() as tg:
        for n in range(5):
            tg.create_task(fetch(n))

asyncio.run(main())
'''
progs["nested_groups_and_a_cause"] = '''def parse(s):
    try:
        return int(s)
    except ValueError as e:
        raise KeyError(s) from e

def check():
    errors = []
    for s in ["1", "x"]:
        try:
            parse(s)
        except KeyError as e:
            errors.append(e)
    inner = ExceptionGroup("inner", [TypeError("t"), *errors])
    raise ExceptionGroup("outer", [inner, RuntimeError("r")])

check()
'''
progs["wide_group"] = '''raise ExceptionGroup("many", [ValueError(i) for i in range(17)])
'''
progs["group_while_handling"] = '''try:
    1 / 0
except ZeroDivisionError:
    raise ExceptionGroup("during", [OSError("disk")])
'''
out = []
for name, src in progs.items():
    d = os.path.join(tempfile.mkdtemp(), name)
    os.makedirs(d)
    open(f"{d}/main.py", "w").write(src)
    r = subprocess.run([sys.executable, "main.py"], cwd=d, capture_output=True, text=True)
    lines = r.stderr.replace(f'File "{d}/main.py"', 'File "main.py"').splitlines()
    kept, skip = [], False
    for l in lines:
        m = re.match(r"^ *[|+] ", l)
        rest = l[m.end():] if m else l
        if rest.startswith('  File "'):
            # A frame: kept if it is the program's.
            skip = not rest.startswith('  File "main.py"')
        elif not rest.startswith("    "):
            skip = False
        if not skip:
            kept.append(l)
    out.append({"name": name, "source": src, "stderr": "\n".join(kept) + "\n"})
here = os.path.dirname(os.path.abspath(__file__))
json.dump(out, open(os.path.join(here, "exception_groups.cpython.json"), "w"), indent=1)
