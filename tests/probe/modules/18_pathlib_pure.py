# pure path manipulation with pathlib
from pathlib import PurePosixPath

p = PurePosixPath("/home/ann/projects/report.final.pdf")
print(p.name, p.stem, p.suffix, p.suffixes)
print(p.parent, p.parent.name, p.parts)
print(p.with_suffix(".txt"), p.with_name("notes.md"))
print(p.parent / "data" / "x.csv")
print(PurePosixPath("a/b/../c"), PurePosixPath("a//b/./c"))
print(p.is_absolute(), PurePosixPath("rel/x").is_absolute())
print(p.relative_to("/home/ann"))
print(PurePosixPath("docs/readme.md").match("*.md"))
print(str(PurePosixPath("x", "y", "z")), list(p.parents)[:2])
