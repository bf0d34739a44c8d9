# Fraction against ints, floats, Fractions and Decimals; parsing; errors.
import math, random
from fractions import Fraction
from decimal import Decimal
random.seed(3)
def t(label, f):
    try:
        v = f()
        print(label, repr(v))
    except Exception as e:
        print(label, f"{type(e).__module__}.{type(e).__qualname__}: {e}")
vals = [Fraction(0), Fraction(1, 3), Fraction(-7, 4), Fraction(10**20, 3), Fraction(5), Fraction(-1), Fraction(22, 7), Fraction(1, 10**12)]
others = [0, 1, -2, 3, 0.5, -1.25, Fraction(2, 3), Fraction(-3, 5), True, 10**25]
for a in vals:
    for b in others:
        lab = f"{a!r} {b!r}"
        t(lab + " +", lambda: (a + b, b + a))
        t(lab + " -", lambda: (a - b, b - a))
        t(lab + " *", lambda: (a * b, b * a))
        t(lab + " /", lambda: a / b)
        t(lab + " r/", lambda: b / a)
        t(lab + " //", lambda: (a // b))
        t(lab + " r//", lambda: (b // a))
        t(lab + " %", lambda: (a % b))
        t(lab + " r%", lambda: (b % a))
        t(lab + " divmod", lambda: divmod(a, b))
        t(lab + " rdivmod", lambda: divmod(b, a))
        t(lab + " cmp", lambda: (a < b, a <= b, a > b, a >= b, a == b, a != b, b < a, b == a))
        t(lab + " **", lambda: a ** b if (a >= 0 or b == int(b)) and (not isinstance(b, int) or abs(b) < 100) else 0)
        t(lab + " r**", lambda: b ** a if (b >= 0 or a.denominator == 1) and a.denominator < 10**6 and abs(a) < 100 else 0)
    t(f"{a!r} misc", lambda: (str(a), float(a), int(a), round(a), round(a, 2), round(a, -1), math.floor(a), math.ceil(a), math.trunc(a), abs(a), -a, +a, bool(a), hash(a), a.as_integer_ratio(), a.limit_denominator(10), a.limit_denominator(1000), a.numerator, a.denominator, a.real, a.imag, a.conjugate()))
for s in ["3/4", " -3/4 ", "0.75", "-1.5e-3", "1e3", "1_000/3", ".5", "5.", "3/-4", "3 /4", "abc", "1/0", "", "1.5/2", "+7", "1E-2", "٣/٤", "0x10"]:
    t("str " + repr(s), lambda: Fraction(s))
for x in [0.1, 0.5, -2.25, 1e300, 1e-300, float("inf"), float("nan"), Decimal("1.1"), Decimal("-0.125"), Decimal("NaN"), Decimal("Infinity"), [1], None, "1/3", 1+0 if False else 3]:
    t("ctor " + repr(x), lambda: Fraction(x))
t("from_float", lambda: (Fraction.from_float(0.1), Fraction.from_float(3)))
t("from_float bad", lambda: Fraction.from_float("0.1"))
t("two args", lambda: (Fraction(Fraction(1, 2), Fraction(3, 4)), Fraction(3, Fraction(1, 2)), Fraction(6, -4), Fraction(-6, -4), Fraction(0, -5)))
t("two args bad", lambda: Fraction(1.5, 2))
t("two args bad2", lambda: Fraction("1", 2))
t("zero", lambda: Fraction(5, 0))
t("zero2", lambda: Fraction(1, 2) / 0)
t("zero3", lambda: Fraction(-3, 4) / Fraction(0))
t("zero4", lambda: 1 / Fraction(0))
t("zero5", lambda: Fraction(0) / Fraction(0))
t("zero6", lambda: Fraction(3, 4) // 0)
t("zero7", lambda: Fraction(3, 4) % 0)
t("zero8", lambda: Fraction(0) ** -1)
t("neg pow", lambda: (Fraction(-2, 3) ** -3, Fraction(2, 3) ** -2, Fraction(4, 9) ** 0.5, Fraction(4, 9) ** Fraction(1, 2), 2 ** Fraction(1, 2), 2 ** Fraction(3), (-8) ** Fraction(1, 3) if False else 0))
t("limit", lambda: (Fraction(math.pi).limit_denominator(), Fraction("3.141592653589793").limit_denominator(10), Fraction(1, 3).limit_denominator(0)))
t("sum", lambda: sum([Fraction(1, n) for n in range(1, 11)]))
t("sum float", lambda: sum([Fraction(1, 2), 0.25]))
t("mean", lambda: sum(Fraction(i, 7) for i in range(10)) / 10)
t("sorted", lambda: sorted([Fraction(2, 3), 0.5, 1, Fraction(-1, 2), Decimal("0.6")]))
t("dict", lambda: {Fraction(1, 2): "half", 2: "two"}[0.5])
t("dict2", lambda: {1: "one"}[Fraction(2, 2)])
t("set", lambda: len({Fraction(1, 2), 0.5, Fraction(2, 4)}))
t("hash", lambda: [hash(Fraction(n, d)) for n, d in [(1, 2), (-1, 2), (1, 3), (-1, 1), (10**30, 7), (7, 2**61 - 1), (1, 2**61-1)]])
t("fmt", lambda: (f"{Fraction(1, 3)}", f"{Fraction(1, 3)!r}", "{:>8}".format(str(Fraction(1, 3)))))
t("fmt spec", lambda: f"{Fraction(1, 3):.2f}")
t("fmt spec2", lambda: format(Fraction(1, 3), ">8"))
t("pct", lambda: "%.3f %s %r %d" % (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3), Fraction(7, 2)))
t("math", lambda: (math.sqrt(Fraction(1, 4)), math.isclose(Fraction(1, 3), 1/3), math.floor(Fraction(-7, 2)), math.ceil(Fraction(-7, 2)), math.trunc(Fraction(-7, 2)), round(Fraction(5, 2)), round(Fraction(7, 2)), round(Fraction(-5, 2)), round(Fraction(1, 3), 3), round(Fraction(12345, 1), -2)))
t("float big", lambda: float(Fraction(10**400, 3)))
t("float big2", lambda: float(Fraction(1, 10**400)))
t("float exact", lambda: [float(Fraction(n, d)) for n, d in [(1, 3), (2, 3), (10**20 + 1, 10**20), (1, 7), (123456789123456789, 1000)]])
t("type", lambda: (type(Fraction(1, 2)), Fraction.__module__, Fraction(1, 2).__class__.__name__))
t("isinstance", lambda: isinstance(Fraction(1), Fraction))
class F2(Fraction):
    pass
t("subclass", lambda: (F2(1, 2), type(F2(1, 2) + 1).__name__, F2.from_float(0.5)))
t("err add str", lambda: Fraction(1, 2) + "1")
t("err radd str", lambda: "1" + Fraction(1, 2))
t("err lt", lambda: Fraction(1, 2) < "a")
t("err dec", lambda: Fraction(1, 2) + Decimal("0.5"))
t("err dec2", lambda: Decimal("0.5") * Fraction(1, 2))
t("eq dec", lambda: (Fraction(1, 2) == Decimal("0.5"), Decimal("0.5") == Fraction(1, 2), Fraction(1, 3) < Decimal("0.34")))
t("eq inf", lambda: (Fraction(1) == float("inf"), Fraction(1) < float("inf"), Fraction(1) > float("nan"), Fraction(1) == float("nan")))
t("bool int ops", lambda: (Fraction(1, 2) + True, True - Fraction(1, 2)))
import copy
t("copy", lambda: (copy.copy(Fraction(1, 3)), copy.deepcopy(Fraction(2, 3))))
t("ratio", lambda: (Fraction(6, 4).as_integer_ratio(), (0.75).as_integer_ratio(), Decimal("0.75").as_integer_ratio()))
