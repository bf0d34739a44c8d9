# exact fractions against floats
from fractions import Fraction

print(0.1 + 0.2, Fraction(1, 10) + Fraction(2, 10), Fraction("0.1") + Fraction("0.2") == Fraction("0.3"))
print(Fraction(0.1), Fraction("0.1"), Fraction(0.1) == Fraction("0.1"))
print(Fraction(0.1).limit_denominator(), Fraction(3.14159).limit_denominator(100), Fraction(1.1).limit_denominator(10))
print(Fraction(0.5), Fraction(0.75), Fraction(-2.5), Fraction(1e-3).limit_denominator(), Fraction.from_float(0.25))
third = Fraction(1, 3)
print(third * 3 == 1, (1 / 3) * 3 == 1, sum([third] * 3), sum([1 / 3] * 3))
print(third + 0.5, type(third + 0.5).__name__, third + 1, type(third + 1).__name__, 0.5 + third, 1 - third)
print(float(third), int(Fraction(7, 2)), round(Fraction(7, 2)), round(Fraction(5, 2)), round(third, 4))
print(third == 1 / 3, third < 0.34, Fraction(1, 2) == 0.5, Fraction(2, 1) == 2, Fraction(1, 2) > 0)
print(hash(Fraction(1, 2)) == hash(0.5), hash(Fraction(4, 2)) == hash(2), {Fraction(1, 2): "half"}[0.5])
harmonic = sum(Fraction(1, n) for n in range(1, 11))
print(harmonic, float(harmonic), harmonic.numerator, harmonic.denominator)
from decimal import Decimal
print(Fraction(Decimal("1.25")), Fraction(Decimal("-0.001")), Fraction(3, 4) == Decimal("0.75"))
print(Fraction(2, 3) ** 2, Fraction(2, 3) ** -2, Fraction(4, 9) ** 0.5, 2 ** Fraction(1, 2), Fraction(4) ** Fraction(1, 2))
print(sorted([Fraction(2, 3), 0.5, Fraction(1, 3), 1]), max(Fraction(7, 8), 0.875, Fraction(8, 9)))
