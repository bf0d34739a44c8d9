"""More exceptions: RuntimeError, NotImplementedError, AssertionError, RecursionError, raise from None, __context__, re-raise."""

class Shape:
    def area(self):
        raise NotImplementedError("subclass must implement area")

def depth(n):
    return depth(n + 1)

def check_positive(x):
    assert x > 0, f"expected positive, got {x}"
    return x

for fn in (lambda: Shape().area(), lambda: check_positive(-3), lambda: check_positive(4)):
    try:
        print("value", fn())
    except (NotImplementedError, AssertionError) as e:
        print(type(e).__name__, "|", e, "|", repr(e))

try:
    assert 1 == 2
except AssertionError as e:
    print("bare assert:", repr(e))

try:
    depth(0)
except RecursionError as e:
    print("RecursionError caught:", isinstance(e, RuntimeError))

try:
    raise RuntimeError("state is bad")
except RuntimeError as e:
    print(repr(e))

try:
    try:
        {}["k"]
    except KeyError:
        raise ValueError("while handling")
except ValueError as e:
    print("context:", repr(e.__context__), "cause:", e.__cause__, e.__suppress_context__)
try:
    try:
        int("x")
    except ValueError:
        raise TypeError("replaced") from None
except TypeError as e:
    print("from None:", repr(e.__cause__), e.__suppress_context__)

def reraise():
    try:
        raise IndexError("inner")
    except IndexError:
        print("logging and re-raising")
        raise
try:
    reraise()
except IndexError as e:
    print("outer got", repr(e))
print(issubclass(NotImplementedError, RuntimeError), issubclass(RecursionError, RuntimeError))
