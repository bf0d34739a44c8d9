# class keyword arguments reach __init_subclass__; the hook runs for every subclass
import abc


class Shape:
    kinds = []

    def __init_subclass__(cls, /, sides=0, *, label=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.sides = sides
        cls.label = label or cls.__name__
        Shape.kinds.append((cls.__name__, sides, cls.label))


class Triangle(Shape, sides=3):
    pass


class Square(Shape, sides=4, label="quad"):
    pass


class Blob(Shape):
    pass


class RightTriangle(Triangle, sides=3, label="right"):
    pass


print(Shape.kinds)
print(Triangle.sides, Square.label, Blob.sides, RightTriangle.label)


class Tagged:
    @classmethod
    def __init_subclass__(cls, tag, **kw):
        super().__init_subclass__(**kw)
        cls.tag = tag


class A(Tagged, tag="a"):
    pass


class B(A, tag="b"):
    def __init_subclass__(cls, **kw):
        print("B's hook for", cls.__name__, sorted(kw))
        super().__init_subclass__(**kw)


class C(B, tag="c"):
    pass


print(A.tag, B.tag, C.tag)

order = []


def note(x):
    order.append(x)
    return x


class Ordered(Tagged, tag=note("kw")):
    x = note("body")


print(order)

for make in [
    lambda: type("X", (), {}),
]:
    pass

try:
    class Bad(Tagged):
        pass
except TypeError as e:
    print("TypeError", e)

try:
    class Plain(object, color="red"):
        pass
except TypeError as e:
    print("TypeError", e)

try:
    class Extra(Shape, sides=1, colour="blue"):
        pass
except TypeError as e:
    print("TypeError", e)


class Abstract(metaclass=abc.ABCMeta):
    @abc.abstractmethod
    def run(self):
        ...


class Concrete(Abstract):
    def run(self):
        return "ran"


print(Concrete().run())
try:
    Abstract()
except TypeError as e:
    print("TypeError", e)


class WithType(metaclass=type):
    pass


print(type(WithType).__name__, WithType.__name__)


class Hooked:
    def __init_subclass__(cls):
        print("hooked", cls.__name__, cls.__qualname__)


def factory():
    class Local(Hooked):
        pass

    return Local


print(factory().__name__)

class Last(Tagged, tag="z", extra=1):
    pass
