# str and int mixins with Enum: equal to their values, usable as them
from enum import Enum


class Color(str, Enum):
    RED = "red"
    GREEN = "green"


class Level(int, Enum):
    LOW = 1
    HIGH = 3


print(Color.RED == "red", Color.RED != "blue", Color("green"), Color.RED.value)
print(str(Color.RED), repr(Color.RED), f"{Color.RED}", format(Level.HIGH))
print(Color.RED.upper(), len(Color.GREEN), Color.RED + "!", isinstance(Color.RED, str))
print({"red": 1}[Color.RED], "red" in [Color.RED], sorted(c.value for c in Color))
print(Level.LOW < Level.HIGH, Level.HIGH + 1, Level.LOW == 1, Level(3), [l.name for l in Level])
print(Level.HIGH * 2, type(Level.HIGH * 2).__name__, isinstance(Level.LOW, int))
print(type(Color.RED).__name__, type(Color.RED) is Color, Color.RED == Color("red"))
