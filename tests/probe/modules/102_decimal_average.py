# averaging prices: sum / len, statistics and rounding the result
import statistics
from decimal import Decimal, ROUND_HALF_UP

prices = [Decimal("4.99"), Decimal("5.25"), Decimal("3.10"), Decimal("7.00"), Decimal("4.99")]
avg = sum(prices) / len(prices)
print(avg, avg.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), round(avg, 2))
print(statistics.mean(prices), statistics.median(prices), statistics.mode(prices))
print(statistics.median_low(prices), statistics.median_high(prices), max(prices) - min(prices))
print(statistics.variance(prices), statistics.stdev(prices))
print(statistics.pvariance(prices), statistics.pstdev(prices))
print(statistics.fmean(prices), statistics.mean([1, 2, Decimal("3.5")]))
from fractions import Fraction
parts = [Fraction(1, 2), Fraction(1, 3), Fraction(1, 6), 1]
print(statistics.mean(parts), statistics.median(parts), statistics.variance(parts), statistics.stdev(parts))
print(statistics.harmonic_mean([Fraction(1, 2), Fraction(1, 3)]), statistics.mean([Fraction(1, 3), 2]))
for mixed in [[Decimal("1.5"), 2.5], [Decimal("1.5"), Fraction(1, 2)], [Fraction(1, 2), 0.25]]:
    try:
        print(statistics.mean(mixed))
    except TypeError as e:
        print("TypeError: can't mix", [type(x).__name__ for x in mixed])
