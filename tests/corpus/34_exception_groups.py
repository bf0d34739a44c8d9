"""ExceptionGroup by hand: nesting, except* splitting, subgroup/split, raising inside except*, BaseExceptionGroup."""


def raise_group():
    raise ExceptionGroup("batch failed", [
        ValueError("v1"),
        TypeError("t1"),
        ExceptionGroup("inner", [ValueError("v2"), OSError("disk")]),
    ])


try:
    raise_group()
except* ValueError as eg:
    print("values:", repr(eg))
except* TypeError as eg:
    print("types:", repr(eg))
except* OSError as eg:
    print("os:", str(eg), eg.exceptions)

eg = ExceptionGroup("top", [ValueError(1), KeyError(2), ValueError(3)])
print(str(eg), "|", repr(eg), "|", len(eg.exceptions), eg.message)
match, rest = eg.split(ValueError)
print("split:", repr(match), "|", repr(rest))
print("subgroup:", repr(eg.subgroup(lambda e: isinstance(e, KeyError))))
print("none match:", eg.subgroup(ZeroDivisionError))
print(isinstance(eg, Exception), issubclass(ExceptionGroup, BaseExceptionGroup))

try:
    try:
        raise ExceptionGroup("g", [ValueError("a")])
    except* ValueError:
        raise RuntimeError("handler failed")
except ExceptionGroup as outer:
    print("raised in handler ->", repr(outer))
except RuntimeError as e:
    print("plain RuntimeError", e)

try:
    raise ValueError("naked")
except* ValueError as eg:
    print("naked exception wrapped:", repr(eg))

try:
    ExceptionGroup("empty", [])
except ValueError as e:
    print("ValueError:", e)
try:
    ExceptionGroup("bad", [1])
except ValueError as e:
    print("ValueError:", e)
