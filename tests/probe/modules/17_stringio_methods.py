# StringIO as a file
import io

f = io.StringIO("first line\nsecond line\nthird")
print(f.readline(), end="")
print(f.read(6))
print(f.readlines())
f.seek(0)
print([line.rstrip("\n") for line in f])
out = io.StringIO()
out.write("hello ")
print("world", file=out)
print(repr(out.getvalue()), out.tell())
