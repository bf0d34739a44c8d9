# type(name, bases, dict): methods, __init__, inheritance, keywords, errors
class Base:
    def __init_subclass__(cls, flavour="plain", **kw):
        super().__init_subclass__(**kw)
        cls.flavour = flavour

    def hello(self):
        return f"hello from {type(self).__name__}"


def init(self, x):
    self.x = x


Made = type("Made", (Base,), {"__init__": init, "double": lambda self: self.x * 2, "n": 3})
m = Made(21)
print(m.double(), m.n, m.hello(), Made.flavour)
print(Made.__name__, Made.__qualname__, Made.__module__, Made.__bases__ == (Base,))
print([c.__name__ for c in Made.__mro__])
Spicy = type("Spicy", (Made,), {}, flavour="hot")
print(Spicy.flavour, Spicy(1).double(), isinstance(Spicy(1), Base), issubclass(Spicy, Made))
Empty = type("Empty", (), {})
print(Empty.__bases__, Empty.__name__, type(Empty) is type)
Q = type("Q", (), {"__qualname__": "Outer.Q", "__module__": "shapes"})
print(Q.__qualname__, Q.__module__, Q)
Counter = type("Counter", (), {"count": 0, "bump": classmethod(lambda cls: setattr(cls, "count", cls.count + 1))})
Counter.bump()
Counter.bump()
print(Counter.count)
Point = type("Point", (), {"__repr__": lambda self: "Point()", "__eq__": lambda a, b: True, "__hash__": None})
print(Point(), Point() == 3)
for args in [("A", [], {}), (1, (), {}), ("A", (), []), ("A", (1,), {}), ("A", ()), ("A", (Base, Base), {})]:
    try:
        type(*args)
    except TypeError as e:
        print("TypeError", e)
try:
    type("Z", (Base,), {}, colour="red")
except TypeError as e:
    print("TypeError", e)


class X:
    pass


class Y(X):
    pass


try:
    class Bad(X, Y):
        print("body runs first")
except TypeError as e:
    print("TypeError", e)
