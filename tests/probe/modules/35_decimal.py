# money with Decimal
from decimal import Decimal, ROUND_HALF_UP, getcontext

print(0.1 + 0.2, Decimal("0.1") + Decimal("0.2"))
price = Decimal("19.99")
print(price * 3, price * Decimal("1.07"))
print((price * Decimal("1.07")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
print(Decimal("2.675").quantize(Decimal("0.01")), Decimal(2.675))
print(Decimal(1) / Decimal(3))
getcontext().prec = 5
print(Decimal(1) / Decimal(7))
print(Decimal("1.30") + Decimal("1.20"), Decimal("10").sqrt())
print(repr(Decimal("3.50")), str(Decimal("1E+3")), int(Decimal("7.9")))
print(sum([Decimal("0.10")] * 3) == Decimal("0.3"))
