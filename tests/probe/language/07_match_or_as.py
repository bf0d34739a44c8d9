# OR patterns and as-bindings
from enum import Enum


class Light(Enum):
    RED = 1
    YELLOW = 2
    GREEN = 3


def action(light):
    match light:
        case Light.RED | Light.YELLOW as color:
            return f"stop ({color.name.lower()})"
        case Light.GREEN:
            return "go"


for l in Light:
    print(action(l))

for value in [0, 1, "yes", "no", [1, 2], (3, [4, 5])]:
    match value:
        case 0 | "no":
            print(repr(value), "-> falsy answer")
        case 1 | "yes":
            print(repr(value), "-> truthy answer")
        case (1 | 3) as first, [*_] as rest:
            print(repr(value), "-> first", first, "rest", rest)
        case [_, _] as pair:
            print(repr(value), "-> pair", pair)
