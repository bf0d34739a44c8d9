# writing a file with Path, reading it back with Path and with open()
from pathlib import Path

todo = Path("todo.txt")
print("exists before:", todo.exists())
written = todo.write_text("buy milk\ncall mum\nwater plants\n")
print("wrote", written, "characters")
print("exists after:", todo.exists(), todo.is_file(), todo.is_dir())
print(todo.read_text().splitlines())

with open("todo.txt") as f:
    print("open() sees:", f.readline().strip())

with todo.open("a") as f:
    f.write("pay rent\n")
print(len(todo.read_text().splitlines()), "lines now")
print("size:", todo.stat().st_size)

with open(todo, "a") as f:
    f.write("read a book\n")
for n, line in enumerate(todo.read_text().splitlines(), 1):
    print(n, line)

blob = Path("blob.bin")
print(blob.write_bytes(bytes(range(5)) + b"end"))
print(blob.read_bytes(), blob.stat().st_size)

notes = Path("notes.txt")
first = notes.read_text().splitlines()[0]
print("demo note:", first)
print(Path("data").is_dir(), Path("data").is_file(), Path("nope").exists())
