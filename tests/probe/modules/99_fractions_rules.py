# how Fraction normalises, and its numeric protocol
import math
from fractions import Fraction

for args in [(6, 8), (6, -8), (-6, -8), (0, 5), (10, 5), (Fraction(1, 2), Fraction(3, 4)), ("3/12",), (" -7/21 ",), ("1.25e1",), (5,), ()]:
    f = Fraction(*args)
    print(args, "->", f, repr(f), f.numerator, f.denominator, f.as_integer_ratio())
a, b = Fraction(7, 3), Fraction(-1, 2)
print(a + b, a - b, a * b, a / b, a // b, a % b, divmod(a, b), -a, abs(b), +b)
print(a ** 2, b ** -3, a ** 0, Fraction(-8, 27) ** -1)
print(math.floor(a), math.ceil(a), math.trunc(b), round(b), round(Fraction(3, 2)), round(a, 2), round(Fraction(1234, 1), -2))
print(int(a), float(a), bool(Fraction(0)), bool(b), str(Fraction(4, 2)), repr(Fraction(4, 2)))
print(a > b, a >= 2, b < 0, a == Fraction(14, 6), a != 7 / 3, min(a, b), max(a, b, 2))
print(Fraction(10, 4).limit_denominator(1), Fraction(355, 113).limit_denominator(100), Fraction(1, 3).limit_denominator(3))
print(type(a) is Fraction, isinstance(a, Fraction), Fraction.__name__, type(a))
print(sum([Fraction(1, 6), Fraction(1, 3), Fraction(1, 2)]), sum([], Fraction(0)), Fraction(1, 4) * 4 == 1)
