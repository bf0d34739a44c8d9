# literal and value patterns: numbers, strings, bytes, singletons, dotted names
from enum import Enum


class Color(Enum):
    RED = 1
    GREEN = 2


class http:
    OK = 200
    NOT_FOUND = 404


def lit(v):
    match v:
        case None:
            return "None"
        case True:
            return "True"
        case False:
            return "False"
        case -1:
            return "minus one"
        case 0:
            return "zero"
        case 2.5:
            return "two and a half"
        case -0.5:
            return "minus half"
        case 100000000000000000000:
            return "a big int"
        case "":
            return "empty string"
        case "a" "b":
            return "ab (concatenated)"
        case b"raw":
            return "bytes raw"
        case http.OK:
            return "http ok"
        case Color.RED:
            return "red"
        case _:
            return f"other {v!r}"


for v in [None, True, False, 1, 0, 0.0, -1, -1.0, 2.5, -0.5, "", "ab", b"raw", "raw",
          200, 404, Color.RED, Color.GREEN, 1.0, [], 99999999999999999999]:
    print(repr(v), "->", lit(v))


# True/False/None match by identity; 1 and 1.0 by equality
for v in [1, True, 1.0]:
    match v:
        case True:
            print(repr(v), "is True")
        case 1:
            print(repr(v), "== 1")


class Eq:
    def __eq__(self, other):
        print("  __eq__ called with", other)
        return other == 3


match Eq():
    case 1:
        print("matched 1")
    case 3:
        print("matched 3")

# a value pattern evaluated each time it is tried
class Box:
    limit = 1


for i in range(3):
    match i:
        case Box.limit:
            print("hit limit", i)
            Box.limit = 2
        case _:
            print("miss", i)
