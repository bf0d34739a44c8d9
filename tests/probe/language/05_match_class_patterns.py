# class patterns with dataclasses and builtins
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


@dataclass
class Circle:
    center: Point
    radius: float


def where(obj):
    match obj:
        case Point(x=0, y=0):
            return "origin"
        case Point(0, y):
            return f"on the y axis at {y}"
        case Point(x, 0):
            return f"on the x axis at {x}"
        case Circle(Point(x, y), r) if r > 10:
            return f"big circle at {x},{y}"
        case Circle(center=c):
            return f"circle around {c}"
        case int(n) | float(n):
            return f"number {n}"
        case str() as s:
            return f"text {s!r}"
        case _:
            return "something else"


for thing in [Point(0, 0), Point(0, 5), Point(3, 0), Point(1, 1), Circle(Point(1, 2), 20),
              Circle(Point(0, 0), 1), 7, 2.5, "hi", None]:
    print(where(thing))
