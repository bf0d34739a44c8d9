# slice objects: construction, attributes, indices(), equality, as keys of sequences and user classes
s = slice(5)
t = slice(1, 10, 3)
print(s, t, s.start, s.stop, s.step, t.start, t.stop, t.step)
print(slice(None), slice(-3, None), slice("a", "b"), slice(1, 2) == slice(1, 2), slice(1, 2) != slice(1, 3))
print(slice(1, 2) == slice(1, 2, None), slice(1, 2) == (1, 2), isinstance(t, slice), type(t).__name__)
for n in [0, 5, 20]:
    print(n, t.indices(n), slice(None, None, -1).indices(n), slice(-100, 100, 2).indices(n))
print(slice(-3, None).indices(10), slice(None, -3, -2).indices(10))

data = list(range(12))
word = "concurrency"
raw = b"event-loop"
tup = tuple(data)
r = range(0, 24, 2)
evens = slice(None, None, 2)
last3 = slice(-3, None)
rev = slice(None, None, -1)
for key in [evens, last3, rev, slice(2, 8, 3), slice(100, 200), slice(8, 2, -2)]:
    print(data[key], word[key], raw[key], tup[key], r[key])

data[slice(0, 3)] = ["a", "b"]
print(data)
del data[slice(None, None, 3)]
print(data)
data[evens] = range(len(data[evens]))
print(data)


class Grid:
    def __init__(self, rows):
        self.rows = rows

    def __getitem__(self, key):
        if isinstance(key, tuple):
            r, c = key
            rows = self.rows[r] if isinstance(r, slice) else [self.rows[r]]
            return [row[c] for row in rows]
        if isinstance(key, slice):
            return ("slice", key.start, key.stop, key.step, key.indices(len(self.rows)))
        return self.rows[key]

    def __setitem__(self, key, value):
        print("set", key, value)

    def __delitem__(self, key):
        print("del", key)


g = Grid([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
print(g[1:], g[::-1], g[:2, 1], g[0, ::2], g[1])
g[1:2] = "x"
g[::2, 0] = "y"
del g[:1]

try:
    hash(slice(1, 2))
except TypeError as e:
    print("TypeError", e)
try:
    {slice(1, 2): 1}
except TypeError as e:
    print("TypeError", e)
for bad in [lambda: slice(), lambda: slice(1, 2, 3, 4), lambda: slice(1, 2, 0).indices(5),
            lambda: slice(1).indices(-1), lambda: slice(1).indices("x"), lambda: data[slice(1, 2, 0)],
            lambda: data[slice("a", 2)], lambda: slice(1, stop=2)]:
    try:
        print(bad())
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
