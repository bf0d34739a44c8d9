# grouping with defaultdict
from collections import defaultdict

words = ["apple", "bat", "avocado", "cherry", "banana"]
by_letter = defaultdict(list)
for w in words:
    by_letter[w[0]].append(w)
print(dict(by_letter))
counts = defaultdict(int)
for ch in "hello":
    counts[ch] += 1
print(dict(counts), counts["zzz"], len(counts))
nested = defaultdict(lambda: defaultdict(int))
nested["a"]["x"] += 1
print({k: dict(v) for k, v in nested.items()})
print(by_letter)
