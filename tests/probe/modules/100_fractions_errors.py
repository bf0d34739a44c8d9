# the errors Fraction gives
from fractions import Fraction
from decimal import Decimal

for text in ["3/4", "1.5", "-2", "1/0", "abc", "3 / 4", "1 1/2", "0x10", ""]:
    try:
        print(repr(text), "->", repr(Fraction(text)))
    except (ValueError, ZeroDivisionError) as e:
        print(repr(text), "->", type(e).__name__, e)
for args in [(1, 0), (0, 0), (1.5, 2), ("1", 2), ([1],), (None,)]:
    try:
        print(Fraction(*args))
    except (TypeError, ZeroDivisionError) as e:
        print(args, type(e).__name__, e)
for expr in [lambda: Fraction(3, 4) / 0, lambda: 1 / Fraction(0), lambda: Fraction(3, 4) // Fraction(0), lambda: Fraction(0) ** -1,
             lambda: Fraction(1, 2) + Decimal("0.5"), lambda: Fraction(1, 2) + "1", lambda: Fraction(1, 2) < "a",
             lambda: Fraction(float("nan")), lambda: Fraction(float("inf")), lambda: Fraction.from_float("0.5"),
             lambda: Fraction(1, 3).limit_denominator(0), lambda: f"{Fraction(1, 3):.2f}"]:
    try:
        print(expr())
    except Exception as e:
        print(type(e).__name__, e)
half = Fraction("1 1/2")
