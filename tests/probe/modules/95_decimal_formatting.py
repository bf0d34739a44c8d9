# printing Decimals: str, repr, f-strings and exponents
from decimal import Decimal

amounts = [Decimal("1234.5"), Decimal("-0.5"), Decimal("1000000"), Decimal("0.005"), Decimal("12.345")]
for a in amounts:
    print(f"{a}|{a!r}|{a:.2f}|{a:,.2f}|{a:>12}|{a:<10.1f}|{a:^+11.3f}|{a:e}|{a:.1%}")
for text in ["1E+3", "1E-7", "0.000001", "123.456E5", "0E-5", "-0", "5E2", "1.500"]:
    d = Decimal(text)
    print(text, str(d), repr(d), d.to_eng_string(), d.normalize(), f"{d:f}", f"{d:g}")
print("{:>10}".format(Decimal("3.14159")), "{:010.3f}".format(Decimal("-3.14159")))
print("%.2f %s %r %d" % (Decimal("2.675"), Decimal("2.675"), Decimal("2.675"), Decimal("2.675")))
print(format(Decimal("1234567.891"), ",f"), format(Decimal("0.1234"), ".0%"), format(Decimal("42"), "08.2f"))
print(Decimal("7").as_tuple(), Decimal("-3.140").as_tuple(), Decimal("3.140").adjusted())
print([Decimal("1.1"), Decimal("2.20")], (Decimal(3),), {"price": Decimal("9.99")})
try:
    print(f"{Decimal('5'):d}")
except ValueError as e:
    print("ValueError:", e)
