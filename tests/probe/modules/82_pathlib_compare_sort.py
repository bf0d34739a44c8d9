# paths as values: equality, hashing, sorting, match(), os.fspath and open(path)
import os
from pathlib import Path, PurePath, PurePosixPath

a = Path("data/orders-1.csv")
b = Path("data") / "orders-1.csv"
print(a == b, a is b, a == "data/orders-1.csv", str(a) == "data/orders-1.csv")
print(PurePosixPath("x/y") == PurePath("x/y"), Path("a") != Path("b"))
seen = {a, b, Path("data/./orders-1.csv")}
print(len(seen))
sizes = {Path("a.txt"): 10, Path("b.txt"): 20}
print(sizes[Path("a.txt")])

files = [Path("zeta.txt"), Path("alpha/b.txt"), Path("alpha.txt"), Path("/abs/x"), Path("Beta.txt")]
print(sorted(files))
print(max(files), min(files), Path("a") < Path("b"), Path("a/b") > Path("a"))

print(Path("docs/readme.md").match("*.md"), Path("docs/readme.md").match("docs/*"))
print(Path("/docs/readme.md").match("/*.md"), Path("a/b/c.py").match("b/*.py"), Path("x.PY").match("*.py"))
print([str(p) for p in files if p.match("*.txt")])

print(os.fspath(a), type(os.fspath(a)).__name__)
print(os.path.join(Path("data"), "orders-2.csv"))
print(os.path.exists(Path("notes.txt")), os.path.basename(str(a)))
with open(a) as f:
    print(f.readline().strip())
print(Path.cwd() == Path(os.getcwd()), Path.cwd().is_absolute())
print(Path("data").resolve() == Path.cwd() / "data", Path("data/../notes.txt").resolve().name)
print(repr(Path("x") / "y"), repr(PurePath("x")), [Path("q")])
