# a function forgot to return, then its result is unpacked
def min_max(numbers):
    lo, hi = min(numbers), max(numbers)
    print("range is", lo, "to", hi)


low, high = min_max([4, 1, 9])
