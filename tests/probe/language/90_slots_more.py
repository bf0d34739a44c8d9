# __slots__: no __dict__, inheritance, unset slots, member descriptors, conflicts
class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Point3(Point):
    __slots__ = ("z",)


class Tagged(Point):
    pass


class Single:
    __slots__ = "value"


class Open:
    __slots__ = ("a", "__dict__")


p = Point(1, 2)
print(p.x, p.y, Point.__slots__, type(Point.x).__name__, Point.x)
for obj, name in [(p, "z"), (Point3(1, 2), "w"), (Single(), "other")]:
    try:
        setattr(obj, name, 1)
    except AttributeError as e:
        print("AttributeError", e)
q = Point3(1, 2)
q.z = 3
print(q.x, q.y, q.z, hasattr(q, "__dict__"), hasattr(p, "__dict__"))
t = Tagged(1, 2)
t.label = "free"
print(t.label, vars(t))
s = Single()
try:
    print(s.value)
except AttributeError as e:
    print("AttributeError", e)
s.value = 7
print(s.value, getattr(s, "value", None), hasattr(s, "value"))
del s.value
print(hasattr(s, "value"))
try:
    del s.value
except AttributeError as e:
    print("AttributeError", e)
try:
    vars(p)
except TypeError as e:
    print("TypeError", e)
try:
    p.__dict__
except AttributeError as e:
    print("AttributeError", e)
o = Open()
o.a = 1
o.b = 2
print(o.a, o.b, o.__dict__)
try:
    class Clash:
        __slots__ = ("a",)
        a = 1
except ValueError as e:
    print("ValueError", e)


class Counter:
    __slots__ = ("count",)

    def __init__(self):
        self.count = 0

    def bump(self):
        self.count += 1
        return self


print(Counter().bump().bump().count)
p.x = 10
print(p.x)
p.w = 1
