# sequence patterns: stars, nesting, which types count as sequences
from collections import deque, namedtuple

Pair = namedtuple("Pair", "a b")


def seq(v):
    match v:
        case []:
            return "empty"
        case [x]:
            return f"one {x!r}"
        case [*init, "end"]:
            return f"ends with end after {init}"
        case ["start", *rest]:
            return f"starts, rest {rest}"
        case [a, *mid, b] if len(mid) > 2:
            return f"long {a}..{b} mid={mid}"
        case [[a, b], [c, d]]:
            return f"matrix {a}{b}{c}{d}"
        case (a, b):
            return f"pair {a!r} {b!r}"
        case [_, _, *_]:
            return "three or more"
        case _:
            return f"not a sequence: {type(v).__name__}"


for v in [[], (), [1], (1,), ["start", 1, 2], ("x", "end"), [1, 2, 3, 4, 5],
          [[1, 2], [3, 4]], [1, 2], (3, 4), [1, 2, 3], range(2), range(7), deque([1, 2]),
          Pair(5, 6), "ab", b"ab", {1: 2, 3: 4}, {1, 2}, 42, None]:
    print(repr(v), "->", seq(v))
print(seq(iter([1, 2])), seq(x for x in [1]))

# star captures are lists, even from tuples
match (1, 2, 3, 4):
    case (first, *others):
        print(first, others, type(others).__name__)

match [1, 2, 3]:
    case [*all_of_it]:
        print("all", all_of_it)

match "hello":
    case [*chars]:
        print("str matched", chars)
    case str(s):
        print("str is not a sequence here:", s)

match [1, [2, [3, [4]]]]:
    case [a, [b, [c, [d]]]]:
        print("deep", a + b + c + d)

match (1, 2):
    case [1, 2]:
        print("list pattern matches a tuple")

match [1, 2]:
    case (1, 2):
        print("tuple pattern matches a list")

match [1, 2, 3]:
    case [1, 2]:
        print("wrong")
    case [1, 2, 3, 4]:
        print("wrong")
    case [1, *_, 3]:
        print("length checked before items")
