# class patterns: __match_args__, keywords, the built-ins that match themselves
from collections import namedtuple
from dataclasses import dataclass


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Point3(Point):
    __match_args__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


@dataclass
class Card:
    rank: int
    suit: str = "hearts"


Vec = namedtuple("Vec", ["dx", "dy"])


class Temp:
    def __init__(self, c):
        self._c = c

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32


def cls(v):
    match v:
        case Point3(0, 0, 0):
            return "3d origin"
        case Point3(x, y, z=z):
            return f"3d {x} {y} {z}"
        case Point(0, y=0):
            return "origin"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Point(x=x):
            return f"point x={x}"
        case Card(rank=1 | 11 | 12 | 13 as r, suit=s):
            return f"face or ace {r} of {s}"
        case Card(n, "spades"):
            return f"{n} of spades"
        case Card():
            return "some card"
        case Vec(dx, dy=0):
            return f"horizontal {dx}"
        case Vec(0, dy):
            return f"vertical {dy}"
        case Temp(fahrenheit=f) if f > 100:
            return f"hot {f}"
        case Temp(missing=m):
            return "has missing?"
        case bool(b):
            return f"bool {b}"
        case int(i):
            return f"int {i}"
        case float(x) | str(x):
            return f"float or str {x!r}"
        case bytes(b):
            return f"bytes {b!r}"
        case list([first, *_]):
            return f"list starting {first}"
        case tuple((a, b)):
            return f"tuple of two {a} {b}"
        case dict({"k": k}):
            return f"dict with k={k}"
        case set(s) | frozenset(s):
            return f"set of {len(s)}"
        case object(__class__=c):
            return f"object of class {c.__name__}"


for v in [Point3(0, 0, 0), Point3(1, 2, 3), Point(0, 0), Point(2, 2), Point(1, 5),
          Card(12, "clubs"), Card(7, "spades"), Card(7), Vec(3, 0), Vec(0, 4),
          Temp(50), Temp(10), True, 5, 2.0, "s", b"b", [9, 8], [], (1, 2), (1, 2, 3),
          {"k": 1}, {1, 2}, frozenset({3}), None]:
    print(cls(v))


# bool is an int subclass: int(x) matches True, bool(x) does not match 1
for v in [True, 1]:
    match v:
        case bool():
            print(repr(v), "is a bool")
        case int():
            print(repr(v), "is an int")


# a subclass without its own __match_args__ inherits its parent's
class Sub(Point):
    pass


match Sub(4, 5):
    case Sub(a, b):
        print("sub", a, b)

# attributes are looked up with getattr: __getattr__ and AttributeError
class Dyn:
    def __getattr__(self, name):
        if name.startswith("x"):
            return name.upper()
        raise AttributeError(name)


match Dyn():
    case Dyn(y=1):
        print("no")
    case Dyn(xa=v, xb=w):
        print("dyn", v, w)
