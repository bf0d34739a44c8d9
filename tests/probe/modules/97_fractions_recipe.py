# scaling a recipe with Fraction and printing mixed numbers
from fractions import Fraction

recipe = {"flour (cups)": "2 1/4", "sugar (cups)": "3/4", "butter (cups)": "1/2", "eggs": "2", "vanilla (tsp)": "1.5"}


def parse(amount):
    parts = amount.split()
    return sum(Fraction(p) for p in parts)


def mixed(q):
    whole, rest = divmod(q, 1)
    if rest == 0:
        return str(whole)
    if whole == 0:
        return str(rest)
    return f"{whole} {rest}"


for factor in [Fraction(1, 2), Fraction(2, 3), 3]:
    print("scaled by", factor)
    for name, amount in recipe.items():
        q = parse(amount) * factor
        print(f"  {name:<14} {mixed(q):>8}  ({float(q):.3f})")
total_cups = sum(parse(a) for n, a in recipe.items() if "cups" in n)
print("cups in total:", total_cups, mixed(total_cups), repr(total_cups))
print(Fraction(3, 4) + Fraction(1, 3), Fraction(3, 4) - 1, 2 * Fraction(3, 8), Fraction(3, 4) / Fraction(1, 8))
print(Fraction(9, 4) // Fraction(1, 3), Fraction(9, 4) % Fraction(1, 3), Fraction("2 1/4".split()[1]))
