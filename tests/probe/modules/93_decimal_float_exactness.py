# why Decimal(0.1) is not Decimal("0.1")
from decimal import Decimal

print(Decimal(0.1))
print(Decimal("0.1"))
print(Decimal(0.1) == Decimal("0.1"), Decimal("0.1") == 0.1, Decimal(0.1) == 0.1)
print(Decimal(2.675), round(2.675, 2), round(Decimal("2.675"), 2))
print(Decimal(0.5), Decimal(1.25), Decimal(-0.0), Decimal(1e20), Decimal(float("inf")))
print(Decimal.from_float(0.1) == Decimal(0.1), Decimal(0.1).as_integer_ratio() == (0.1).as_integer_ratio())
print(Decimal("0.1").as_integer_ratio(), Decimal("-2.50").as_integer_ratio())
values = [0.1, 0.2, 0.3]
print(sum(values), sum(Decimal(str(v)) for v in values), sum(Decimal(v) for v in values))
print(Decimal(1) / 3 * 3, 1 / 3 * 3, Decimal(1) / 3 * 3 == 1)
print(Decimal(3) < 3.5, Decimal("0.3") > 0.3, Decimal("1.0") == 1, Decimal(7) == 7.0)
print(hash(Decimal("1.0")) == hash(1), hash(Decimal("0.5")) == hash(0.5), {Decimal("2"): "two"}[2])
print(sorted([Decimal("0.3"), 0.25, 1, Decimal("-1.5")]))
print(max(Decimal("1.10"), Decimal("1.1")), min(3, Decimal("2.9")), Decimal("1.10") == Decimal("1.1"))
print(str(Decimal("1.10")), str(Decimal("1.1")), Decimal("1.10").normalize(), Decimal("100").normalize())
