# zip truncates, enumerate with start
names = ["ann", "ben", "cid"]
scores = [90, 85]
print(list(zip(names, scores)))
for i, name in enumerate(names, start=1):
    print(i, name)
pairs = list(zip(names, scores, "xy"))
print(pairs)
letters, numbers = zip(*[("a", 1), ("b", 2)])
print(letters, numbers)
try:
    list(zip(names, scores, strict=True))
except ValueError as e:
    print("strict:", e)
print(dict(enumerate("ab")))
