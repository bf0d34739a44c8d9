# Writes printable.cpython.json for printable.rs: the ranges of code points
# that CPython 3.11's str.isprintable() says are not printable, as
# [first, last] pairs. Run: python3 crates/script/tests/printable_reference.py
import json, os

ranges, start = [], None
for cp in range(0x110000):
    hidden = not chr(cp).isprintable()
    if hidden and start is None:
        start = cp
    elif not hidden and start is not None:
        ranges.append([start, cp - 1])
        start = None
if start is not None:
    ranges.append([start, 0x10FFFF])
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "printable.cpython.json")
with open(out, "w") as f:
    json.dump(ranges, f, separators=(",", ":"))
    f.write("\n")
