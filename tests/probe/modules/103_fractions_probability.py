# dice probabilities as exact fractions
from fractions import Fraction
from itertools import product
from collections import Counter

sums = Counter(a + b for a, b in product(range(1, 7), repeat=2))
total = sum(sums.values())
prob = {s: Fraction(n, total) for s, n in sorted(sums.items())}
for s, p in prob.items():
    print(f"{s:>2}: {str(p):>5} {float(p):.4f} {'#' * p.numerator}")
print("sum of all:", sum(prob.values()))
print("7 or 11:", prob[7] + prob[11])
print("at least 10:", sum(p for s, p in prob.items() if s >= 10))
expected = sum(s * p for s, p in prob.items())
print("expected:", expected, repr(expected))
variance = sum((s - expected) ** 2 * p for s, p in prob.items())
print("variance:", variance, float(variance))
no_six = Fraction(5, 6) ** 4
print("no six in 4 rolls:", no_six, "at least one:", 1 - no_six, f"{float(1 - no_six):.1%}")
odds = prob[7] / (1 - prob[7])
print("odds of 7:", odds, max(prob, key=prob.get), min(prob.values()))
