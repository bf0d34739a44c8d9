# class Point(tuple) with __new__ and properties; named tuples still work
from collections import namedtuple


class Point(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))

    @property
    def x(self):
        return self[0]

    @property
    def y(self):
        return self[1]

    def __add__(self, other):
        return Point(self.x + other[0], self.y + other[1])


p = Point(1, 2)
q = p + Point(10, 20)
print(p, q, type(q).__name__, p.x, q.y, len(p))
x, y = p
print(x, y, p == (1, 2), hash(p) == hash((1, 2)), {p: "here"}[(1, 2)])
print(p[::-1], type(p[::-1]).__name__, isinstance(p, tuple), sorted([Point(3, 1), Point(1, 5)]))
print(p.count(1), p.index(2), tuple(p), list(p))
try:
    p.x = 5
except AttributeError as e:
    print("AttributeError:", e)
N = namedtuple("N", "a b")
print(N(1, 2), N(1, 2).a, N._make([3, 4]))
