# errors raised while matching, worded as CPython words them
class Point:
    def __init__(self, x=0, y=0):
        self.x = x
        self.y = y


class Pair:
    __match_args__ = ("a", "b")

    def __init__(self):
        self.a, self.b = 1, 2


class BadArgs:
    __match_args__ = ["a"]


class BadName:
    __match_args__ = ("a", 2)
    a = 1


class Boom:
    @property
    def x(self):
        raise KeyError("x")


not_a_class = len


def attempt(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


def positional_on_plain_class():
    match Point(1, 2):
        case Point(a):
            return a


def too_many_for_int():
    match 5:
        case int(a, b):
            return a


def too_many_for_match_args():
    match Pair():
        case Pair(a, b, c):
            return a


def not_a_type():
    match 1:
        case not_a_class():
            return "?"


def match_args_list():
    match BadArgs():
        case BadArgs(a):
            return a


def match_args_not_str():
    match BadName():
        case BadName(a, b):
            return a


def attribute_twice():
    match Pair():
        case Pair(a, a=x):
            return x


def property_raises():
    match Boom():
        case Boom(x=x):
            return x


class K:
    A = "k"
    B = "k"


def duplicate_value_keys():
    match {"k": 1, "j": 2}:
        case {K.A: 1, K.B: 2}:
            return "?"


def missing_key_attribute():
    match {"k": 1}:
        case {K.L: 1}:
            return "?"


def not_a_class_but_no_match():
    match "not a point":
        case Point():
            return "no"
        case str():
            return "a str"


for name, f in list(globals().items()):
    if callable(f) and getattr(f, "__module__", None) == "__main__" and name not in (
        "attempt", "Point", "Pair", "BadArgs", "BadName", "Boom", "K"
    ):
        attempt(name, f)

# an error inside a pattern gives a traceback at the case
match Point():
    case Point(1, 2):
        print("unreachable")
