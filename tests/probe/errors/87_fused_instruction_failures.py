# Failures inside short instruction runs the interpreter may fuse:
# each must name the right variable and mark the right operator.
import traceback


def unbound_in_sum():
    if False:
        x = 1
    return x + 1


def second_unbound():
    a = 1
    if False:
        b = 2
    return a * b


class Loud:
    def __lt__(self, other):
        raise ValueError("no ordering here")

    def __bool__(self):
        raise RuntimeError("no truth here")


def compare_raises(v):
    if v < 3:
        return "small"
    return "big"


class Vague:
    def __lt__(self, other):
        return Loud()


def truth_raises(v):
    if v < 3:
        return "small"
    return "big"


def bad_types(s):
    return s - 1


def inplace_types(t):
    t //= "x"
    return t


def missing_attr(o):
    return o.nothing


def failing_iter():
    def gen():
        yield 1
        raise KeyError("gone")

    total = 0
    for item in gen():
        total = total + item
    return total


def return_unbound():
    if False:
        y = 0
    return y


for fn, arg in [
    (unbound_in_sum, None),
    (second_unbound, None),
    (compare_raises, Loud()),
    (truth_raises, Vague()),
    (bad_types, "text"),
    (inplace_types, 7),
    (missing_attr, object()),
    (failing_iter, None),
    (return_unbound, None),
]:
    try:
        fn() if arg is None else fn(arg)
    except Exception:
        for line in traceback.format_exc().splitlines()[-4:]:
            # The file's path differs between machines: name only the line.
            print(line.split(", ", 1)[1] if line.startswith("  File") else line)
    print("--")

# The fused runs still compute what the plain ones do.
def arith(a, b):
    out = []
    for i in range(-7, 8):
        out.append((i % 3, i // 3, i % -4, i // -4, a - i, i & 5, i | 2, i ^ a))
        if i < 0:
            out.append(-1)
        t = i
        t += b
        t %= 5
        out.append(t)
    return out


print(arith(4, 9))
print(arith(2**70, 1)[:3])
print(arith(1.5, 0.5)[:3])
