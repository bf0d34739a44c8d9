# exact arithmetic with Fraction
from fractions import Fraction

a = Fraction(1, 3)
b = Fraction(1, 6)
print(a + b, a * b, a / b, a - b)
print(Fraction("0.75"), Fraction(0.5), Fraction(6, 8))
print(Fraction(1, 3) + 1, float(Fraction(1, 3)))
print(repr(Fraction(3, 4)), Fraction(3, 4).numerator, Fraction(3, 4).denominator)
print(sum(Fraction(1, n) for n in range(1, 5)))
print(Fraction(1.1).limit_denominator(100))
print(Fraction(1, 0))
