# splitting a restaurant bill and rounding each share
from decimal import Decimal, ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN, ROUND_UP, ROUND_CEILING, ROUND_FLOOR

bill = Decimal("100.00")
people = 3
share = bill / people
print("exact share:", share)
cents = Decimal("0.01")
for mode in [ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN, ROUND_UP]:
    s = share.quantize(cents, rounding=mode)
    print(f"{mode:<16}{s}  x{people} = {s * people}  left over {bill - s * people}")

# everyone pays the rounded-down share, the last person pays the rest
base = share.quantize(cents, rounding=ROUND_DOWN)
shares = [base] * (people - 1) + [bill - base * (people - 1)]
print(shares, sum(shares) == bill)

# the classic half-cent cases
for amount in ["2.675", "2.665", "0.125", "-1.005", "7.5", "8.5"]:
    d = Decimal(amount)
    print(amount, d.quantize(cents), d.quantize(cents, ROUND_HALF_UP), round(d, 2), round(d), round(float(amount), 2))
tip = Decimal("47.30") * Decimal("0.18")
print(tip, tip.quantize(Decimal("1"), rounding=ROUND_CEILING), tip.to_integral_value(rounding=ROUND_FLOOR), tip.to_integral_value())
import math
print(math.floor(tip), math.ceil(tip), int(-tip), round(tip, -1))
