# frozenset: hashing, keys, mixing with sets, methods, immutability, errors
fs = frozenset([3, 1, 2])
print(fs, repr(frozenset()), frozenset("aab") == frozenset("ba"), len(fs), bool(frozenset()))
print(type(fs).__name__, isinstance(fs, frozenset), isinstance({1}, frozenset), isinstance(fs, set))
print(hash(frozenset([1, 2])) == hash(frozenset([2, 1])), hash(frozenset()) == hash(frozenset([])))
print(fs | {4}, {4} | fs, fs & {1, 9}, {1, 9} & fs, fs - {1}, {1, 5} - fs, fs ^ {3, 4}, fs ^ frozenset({3}))
print(type(fs | {4}).__name__, type({4} | fs).__name__, type(fs.union([9])).__name__)
print(fs.union([7], (8,)), fs.intersection(range(2, 10)), fs.difference([1]), fs.symmetric_difference([1, 5]))
print(fs.issubset(range(5)), fs.issuperset([1, 2]), fs.isdisjoint({7}), fs.copy() is fs)
print(fs <= {1, 2, 3}, fs < {1, 2, 3}, fs < {1, 2, 3, 4}, fs >= frozenset([1]), fs > fs)
print(fs == {1, 2, 3}, {1, 2, 3} == fs, fs != {1, 2}, frozenset() == set(), fs == [1, 2, 3])
print(sorted(fs), list(sorted(fs, reverse=True)), sum(fs), max(fs), 2 in fs, 9 not in fs)
print(set(fs), tuple(sorted(fs)), frozenset(fs) is fs, frozenset({1: "a", 2: "b"}))
pairs = {frozenset({"a", "b"}): 1, frozenset({"b", "c"}): 2}
print(pairs[frozenset(["b", "a"])], frozenset({"c", "b"}) in pairs, {"a", "b"} in {frozenset({"a", "b"})})
groups = {frozenset({1, 2}), frozenset({2, 1}), frozenset(), frozenset()}
print(len(groups), frozenset() in groups)
nested = frozenset([frozenset([1]), frozenset([1]), frozenset([2])])
print(len(nested), frozenset([1]) in nested)
s = {fs}
s.add(frozenset([1, 2, 3]))
print(len(s), {fs: "x"}.get(frozenset({1, 2, 3})))
acc = frozenset()
acc |= {1}
acc = acc | {2}
print(acc, type(acc).__name__)
for name in ["add", "remove", "discard", "pop", "clear", "update"]:
    try:
        getattr(fs, name)
    except AttributeError as e:
        print("AttributeError", e)
for bad in [lambda: frozenset([[1]]), lambda: frozenset(1), lambda: frozenset([1], [2]), lambda: fs < [1]]:
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)
