"""dict.get and the keys a dict takes, through every way of calling get.

d.get(k) and d.get(k, default) called as methods (the VM's direct path),
through a bound method, through dict.get(d, ...), with keywords refused;
keys of every hashable kind that compare equal across types (1, 1.0,
True), unhashable keys refused with CPython's message from get, [] and
[]=; a dict subclass whose __missing__ get does not call; a class with
its own get; counting with get in a loop.
"""


class Counts(dict):
    def __missing__(self, key):
        return "missing " + str(key)


class Shelf:
    def get(self, k, default=None):
        return ("shelf", k, default)


d = {1: "one", "a": "A", (1, 2): "pair", None: "none", 2.5: "float", b"x": "bytes"}
for k in [1, 1.0, True, "a", (1, 2), None, 2.5, b"x", "zz", 99, (1, 3), False, 0]:
    print(repr(k), d.get(k), d.get(k, "dflt"))

getter = d.get
print(getter("a"), getter("b", 0), dict.get(d, (1, 2)), dict.get(d, "q", "w"))

for bad in [[1], {"k": 1}, {1, 2}, (1, [2])]:
    for how in ("get", "get2", "item", "store"):
        try:
            if how == "get":
                d.get(bad)
            elif how == "get2":
                d.get(bad, 0)
            elif how == "item":
                d[bad]
            else:
                d[bad] = 1
        except TypeError as e:
            print(how, "TypeError", e)

try:
    d.get()
except TypeError as e:
    print("TypeError", e)
try:
    d.get(1, 2, 3)
except TypeError as e:
    print("TypeError", e)
try:
    d.get(key=1)
except TypeError as e:
    print("TypeError", e)

c = Counts(a=1)
print(c.get("a"), c.get("b"), c.get("b", 5), c["b"])
print(Shelf().get(1), Shelf().get(1, 2))

tally = {}
for i in range(1000):
    key = i % 7
    tally[key] = tally.get(key, 0) + 1
print(sorted(tally.items()))
words = "the cat and the hat and the bat".split()
seen = {}
for w in words:
    seen[w] = seen.get(w, 0) + 1
print(seen)
