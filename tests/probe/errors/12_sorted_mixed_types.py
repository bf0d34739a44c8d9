# sorting a list that has a None in it
values = [3, 1, None, 2]
try:
    values.sort()
except TypeError as e:
    print("sort failed:", e)
print(sorted(v for v in values if v is not None))
print(sorted([3, "a", 1]))
