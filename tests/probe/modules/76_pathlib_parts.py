# taking a path apart: name, stem, suffix, parent, parts, and building paths with /
from pathlib import Path, PurePosixPath

report = Path("/home/ann/projects/2024/report.final.pdf")
print(report)
print(repr(report))
print("name:", report.name)
print("stem:", report.stem)
print("suffix:", report.suffix)
print("suffixes:", report.suffixes)
print("parent:", report.parent)
print("grandparent:", report.parent.parent.name)
print("parts:", report.parts)
print("anchor:", repr(report.anchor), "absolute:", report.is_absolute())

for i, p in enumerate(report.parents):
    print(i, p)
print(len(report.parents), report.parents[-1], report.parents[0:2])

base = Path("projects")
target = base / "site" / "index.html"
print(target, target.is_absolute(), target.parts)
print("docs" / Path("guide.md"))
print(Path("a", "b/c", "d.txt"))
print(Path("logs").joinpath("2024", "jan.log"))
print(Path("/usr") / "/etc" / "hosts")

for weird in ["archive.tar.gz", ".bashrc", "notes.", "photo..jpg", "README", "a/b/"]:
    p = PurePosixPath(weird)
    print(f"{weird!r:16} name={p.name!r} stem={p.stem!r} suffix={p.suffix!r} suffixes={p.suffixes}")

print(PurePosixPath("a//b/./c"), PurePosixPath("a/b/../c"), PurePosixPath(""), PurePosixPath("/"))
print(Path("x").parent, Path("/").parent, Path("/").name == "")
print(Path("data/orders-1.csv").as_posix(), str(Path("./data")))
