# the mistakes people make with bytearray, caught one by one, then one left uncaught
data = bytearray(b"abc")
attempts = [
    ("append 256", lambda: data.append(256)),
    ("append str", lambda: data.append("d")),
    ("append bytes", lambda: data.append(b"d")),
    ("index 10", lambda: data[10]),
    ("str index", lambda: data["a"]),
    ("set -1", lambda: data.__setitem__(0, -1)),
    ("set str", lambda: data.__setitem__(0, "x")),
    ("slice int", lambda: data.__setitem__(slice(0, 1), 5)),
    ("slice big", lambda: data.__setitem__(slice(0, 1), [1, 999])),
    ("remove", lambda: data.remove(ord("z"))),
    ("pop empty", lambda: bytearray().pop()),
    ("pop far", lambda: data.pop(9)),
    ("build", lambda: bytearray([10, 20, 300])),
    ("build str", lambda: bytearray("text")),
    ("negative", lambda: bytearray(-2)),
    ("concat str", lambda: data + "d"),
    ("extend str", lambda: data.extend("de")),
    ("in str", lambda: "a" in data),
    ("in 300", lambda: 300 in data),
    ("order", lambda: data < 5),
    ("hash", lambda: hash(data)),
    ("dict key", lambda: {data: 1}),
    ("index()", lambda: data.index(b"z")),
    ("decode", lambda: bytearray(b"\xff").decode()),
]
for name, attempt in attempts:
    try:
        print(name, "ok", attempt())
    except (ValueError, TypeError, IndexError, UnicodeDecodeError) as e:
        print(name, type(e).__name__, "->", e)
print(data)
data[1] = 1000
