# statistics on empty data
import statistics

print(statistics.mean([5]))
try:
    statistics.stdev([5])
except statistics.StatisticsError as e:
    print("StatisticsError:", e)
statistics.mean([])
