# statistics on exam scores
import statistics

scores = [70, 85, 85, 90, 62, 95, 78]
print(statistics.mean(scores))
print(statistics.median(scores), statistics.mode(scores))
print(round(statistics.stdev(scores), 4), round(statistics.pstdev(scores), 4))
print(round(statistics.variance(scores), 4))
print(statistics.median([1, 2, 3, 4]), statistics.median_low([1, 2, 3, 4]))
print(statistics.mean([1.5, 2.5]), statistics.fmean([1, 2, 4]))
print(statistics.multimode("aabbc"), statistics.harmonic_mean([40, 60]))
print(statistics.quantiles(range(1, 11), n=4))
