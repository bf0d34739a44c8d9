# the errors Decimal gives: bad strings, dividing by zero, mixing with float
import decimal
from decimal import Decimal, InvalidOperation, DivisionByZero

for text in ["3.50", " 42 ", "1_000.5", "1e3", "abc", "", "$5", "1,5"]:
    try:
        print(repr(text), "->", repr(Decimal(text)))
    except InvalidOperation as e:
        print(repr(text), "-> InvalidOperation", e)

try:
    Decimal("10") / Decimal("0")
except DivisionByZero as e:
    print("DivisionByZero", e, isinstance(e, ZeroDivisionError))
try:
    Decimal(0) / 0
except ArithmeticError as e:
    print(type(e).__name__, e, isinstance(e, ZeroDivisionError))
try:
    Decimal("5") % 0
except decimal.DecimalException as e:
    print(type(e).__name__, e)
try:
    Decimal("1.5") + 1.5
except TypeError as e:
    print("TypeError:", e)
try:
    print(2.0 * Decimal("3"))
except TypeError as e:
    print("TypeError:", e)
try:
    print("total: " + Decimal("3"))
except TypeError as e:
    print("TypeError:", e)
try:
    Decimal([1, 2])
except ValueError as e:
    print("ValueError:", e)
try:
    Decimal(None)
except TypeError as e:
    print("TypeError:", e)
try:
    Decimal("1.23456").quantize(Decimal("1e-30"))
except InvalidOperation as e:
    print("InvalidOperation:", e)
try:
    Decimal(-4).sqrt()
except InvalidOperation as e:
    print("InvalidOperation:", e)
print(Decimal("NaN") == Decimal("NaN"), Decimal("NaN").is_nan(), Decimal("Infinity") > 10**100)
print(type(Decimal(1)), Decimal(2) + Decimal("NaN"), -Decimal("Infinity"))
price = Decimal("12,50")
