# StrEnum-like str mixins and unique
from enum import Enum, unique


class Color(str, Enum):
    RED = "red"
    BLUE = "blue"


print(Color.RED == "red", Color("blue"), Color.RED.upper(), f"{Color.RED.value}")
print([c.value for c in Color])
try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
except ValueError as e:
    print("ValueError:", e)


class Shape(Enum):
    SQUARE = 2
    DIAMOND = 2


print(Shape.DIAMOND, list(Shape), Shape(2))
