# making folders, creating and deleting files, and the errors on the way
from pathlib import Path

out = Path("output/reports/2024")
out.mkdir(parents=True, exist_ok=True)
print(out.exists(), out.is_dir())
out.mkdir(parents=True, exist_ok=True)

for month in ["jan", "feb", "mar"]:
    (out / f"{month}.txt").write_text(f"report for {month}\n")
print(sorted(p.name for p in out.iterdir()))

try:
    Path("output").mkdir()
except FileExistsError as e:
    print("FileExistsError:", e)
try:
    Path("missing/child").mkdir()
except FileNotFoundError as e:
    print("FileNotFoundError:", e)

(out / "feb.txt").unlink()
print(sorted(p.name for p in out.iterdir()))
(out / "feb.txt").unlink(missing_ok=True)
try:
    (out / "feb.txt").unlink()
except FileNotFoundError as e:
    print("unlink:", e)

scratch = Path("scratch.txt")
scratch.touch()
print(scratch.exists(), scratch.read_text() == "")
moved = scratch.rename("renamed.txt")
print(moved, moved.exists(), scratch.exists())

empty = Path("empty_dir")
empty.mkdir()
empty.rmdir()
print(empty.exists())
try:
    Path("output").rmdir()
except OSError as e:
    print(type(e).__name__, e)
Path("notes.txt").touch(exist_ok=False)
