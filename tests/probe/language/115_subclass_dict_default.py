# dict subclasses with __missing__: a hand-made defaultdict and a counter
class DefaultDict(dict):
    def __init__(self, factory):
        super().__init__()
        self.factory = factory

    def __missing__(self, key):
        value = self.factory()
        self[key] = value
        return value


groups = DefaultDict(list)
for word in ["apple", "avocado", "banana", "blueberry", "cherry"]:
    groups[word[0]].append(word)
print(groups)
print(len(groups), sorted(groups), groups.get("z"), "z" in groups, groups["a"])


class Counter(dict):
    def __missing__(self, key):
        return 0


c = Counter()
for ch in "mississippi":
    c[ch] += 1
print(c, c["z"], c.get("z"), isinstance(c, dict))
print(dict(c) == {"m": 1, "i": 4, "s": 4, "p": 2}, list(c.items())[:2])
