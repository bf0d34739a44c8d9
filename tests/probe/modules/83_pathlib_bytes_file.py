# saving a small binary record with a bytearray and Path, then reading it back
from pathlib import Path

record = bytearray(b"REC1")
for value in [3, 141, 59, 26]:
    record.append(value)
record += len(record).to_bytes(2, "big")
path = Path("records") / "one.bin"
path.parent.mkdir(exist_ok=True)
print(path.write_bytes(record))
back = path.read_bytes()
print(back, type(back).__name__, back == record)
print(back[:4].decode(), list(back[4:8]), int.from_bytes(back[8:], "big"))
copy = bytearray(path.read_bytes())
copy[4] = 99
path.with_suffix(".bak").write_bytes(copy)
print(sorted(p.name for p in path.parent.iterdir()))
print(path.with_suffix(".bak").read_bytes().hex(" "))
path.write_text(record)
