# Enum by name, by value, listing and counting members
from enum import Enum


class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3


print(Color["GREEN"])
print(Color(3))
print(list(Color))
print(len(Color))
print(Color.RED.name, Color.RED.value)
print(repr(Color.BLUE))
print(Color.RED in Color)
print([c.name for c in Color])
print(Color["PURPLE"])
