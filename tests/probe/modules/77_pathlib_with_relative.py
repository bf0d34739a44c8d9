# changing a path's name or suffix and making it relative, with the errors learners meet
from pathlib import Path, PurePath

photo = Path("/pics/holiday/beach.jpeg")
print(photo.with_suffix(".jpg"))
print(photo.with_name("sunset.jpeg"))
print(photo.with_stem("beach-small"))
print(photo.with_suffix(""))
print(Path("data.csv").with_suffix(".json").name)
print(photo.relative_to("/pics"))
print(photo.relative_to(Path("/pics/holiday")))
print(photo.relative_to("/pics", "holiday"))
print(photo.is_relative_to("/pics"), photo.is_relative_to("/music"))
print(PurePath("docs/readme.md"))

attempts = [
    lambda: photo.with_suffix("jpg"),
    lambda: photo.with_suffix("."),
    lambda: photo.with_name(""),
    lambda: photo.with_name("a/b.jpeg"),
    lambda: Path("/").with_suffix(".txt"),
    lambda: Path("notes/todo.txt").relative_to("/notes"),
    lambda: Path("a/b") / 3,
    lambda: 7 / Path("x"),
    lambda: Path(42),
    lambda: Path("a") < "b",
]
for attempt in attempts:
    try:
        print("ok?", attempt())
    except (ValueError, TypeError) as e:
        print(type(e).__name__, "->", e)

print(photo.relative_to("/music"))
