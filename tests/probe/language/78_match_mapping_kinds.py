# mapping patterns: which objects are mappings, **rest, keys that are values
from collections import Counter, OrderedDict, defaultdict
from enum import Enum


class Key(Enum):
    A = "a"
    B = "b"


def mp(v):
    match v:
        case {"kind": "point", "x": x, "y": y, **rest} if rest:
            return f"point {x},{y} extra {rest}"
        case {"kind": "point", "x": x, "y": y}:
            return f"point {x},{y}"
        case {Key.A: a, Key.B: b}:
            return f"enum keys {a} {b}"
        case {1: one, -2: minus_two}:
            return f"int keys {one} {minus_two}"
        case {None: n, True: t}:
            return f"singleton keys {n} {t}"
        case {"nested": {"deep": [d, *_]}}:
            return f"nested {d}"
        case {}:
            return f"some mapping of {len(v)}"
        case _:
            return f"not a mapping: {type(v).__name__}"


for v in [
    {"kind": "point", "x": 1, "y": 2},
    {"kind": "point", "x": 1, "y": 2, "z": 3, "w": 4},
    {"kind": "point", "x": 1},
    {Key.A: 10, Key.B: 20},
    {1: "one", -2: "minus two", 3: "three"},
    {1.0: "float one", -2: "m"},
    {None: 0, 1: "true via 1"},
    {"nested": {"deep": [7, 8]}},
    {"nested": {"deep": []}},
    {},
    OrderedDict(a=1),
    Counter("aab"),
    [("kind", "point")],
    "kind",
    None,
]:
    print(mp(v))

# get() is used, so a defaultdict does not grow a missing key
dd = defaultdict(list, {"x": [1]})
match dd:
    case {"y": y}:
        print("y", y)
    case {"x": x, **rest}:
        print("x", x, "rest", rest, "keys", sorted(dd))

# **rest is a new dict without the matched keys
d = {"a": 1, "b": 2, "c": 3}
match d:
    case {"a": _, **others}:
        others["z"] = 26
        print(others, d)

# an object with keys() and get() is still not a mapping
class Fake:
    def keys(self):
        return ["a"]

    def get(self, k, default=None):
        return 1

    def __getitem__(self, k):
        return 1


match Fake():
    case {"a": a}:
        print("fake matched", a)
    case _:
        print("fake is not a mapping")


# an OrderedDict subclass's get() is called for each key
class Loud(OrderedDict):
    def get(self, key, default=None):
        print("  get", key)
        return super().get(key, default)


match Loud(a=1, b=2):
    case {"a": 1, "c": c}:
        print("no")
    case {"b": b, "a": a}:
        print("loud", a, b)
