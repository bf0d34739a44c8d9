# adding up a shopping cart with Decimal instead of float
from decimal import Decimal, ROUND_HALF_UP

prices = ["19.99", "5.49", "0.10", "0.20", "3.33"]
float_total = 0.0
for p in prices:
    float_total += float(p)
print("float total:", float_total)

total = Decimal("0")
for p in prices:
    total += Decimal(p)
print("decimal total:", total)
print(sum(Decimal(p) for p in prices), sum([Decimal(p) for p in prices], Decimal("100")))

cart = {"apple": ("0.35", 6), "bread": ("2.49", 1), "milk": ("1.15", 2)}
subtotal = Decimal("0.00")
for item, (price, qty) in cart.items():
    line = Decimal(price) * qty
    print(f"{item:<8}{qty:>3} x {price:>5} = {line:>6}")
    subtotal += line
tax = (subtotal * Decimal("0.0825")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
print("subtotal", subtotal, "tax", tax, "total", subtotal + tax)
print(f"Total due: ${subtotal + tax:,.2f}")
print(Decimal("0.1") + Decimal("0.2") == Decimal("0.3"), 0.1 + 0.2 == 0.3)
print(repr(total), type(total), total > 29, total < 30.5, int(total), float(total))
