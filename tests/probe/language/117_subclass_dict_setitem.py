# __setitem__ override: called by d[k] = v but not by update() or the constructor
class LowerDict(dict):
    def __setitem__(self, key, value):
        print("setitem", key)
        super().__setitem__(key.lower(), value)

    def __getitem__(self, key):
        return super().__getitem__(key.lower())


d = LowerDict(First=1)
d["Second"] = 2
d.update(Third=3)
print(d)
print(d["SECOND"], d["second"])
try:
    d["nothing"]
except KeyError as e:
    print("KeyError:", e)
d.setdefault("Fourth", 4)
print(d, len(d), "second" in d)


class Logged(dict):
    def __setitem__(self, key, value):
        dict.__setitem__(self, key, value * 2)


g = Logged()
g["a"] = 5
g["b"] = 1
print(g, g == {"a": 10, "b": 2}, dict.get(g, "a"))
del g["a"]
print(g, g.pop("b"), g)
