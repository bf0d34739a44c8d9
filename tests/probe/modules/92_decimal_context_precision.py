# changing the precision with getcontext() and localcontext()
from decimal import Decimal, getcontext, localcontext, ROUND_DOWN

print(getcontext().prec, getcontext().rounding)
print(Decimal(1) / Decimal(7))
print(Decimal(2).sqrt())
getcontext().prec = 6
print(Decimal(1) / Decimal(7), Decimal(2).sqrt(), Decimal("123456789") + 1, Decimal("1.23456789"))
print(+Decimal("1.23456789"), Decimal("1.23456789") * 1)

with localcontext() as ctx:
    ctx.prec = 50
    print("inside:", Decimal(1) / Decimal(7))
    print("inside:", Decimal(2).sqrt())
print("outside:", Decimal(1) / Decimal(7), getcontext().prec)

with localcontext(prec=3, rounding=ROUND_DOWN):
    print(Decimal("2") / 3, Decimal("9.999") + 0)
print(Decimal("2") / 3)

getcontext().prec = 28
getcontext().clear_flags()
x = Decimal(10) / 4
print(x, getcontext())
y = Decimal(10) / 3
print(getcontext())
try:
    getcontext().prec = 0
except ValueError as e:
    print("ValueError:", e)
try:
    getcontext().rounding = "nearest"
except TypeError as e:
    print("TypeError:", e)
