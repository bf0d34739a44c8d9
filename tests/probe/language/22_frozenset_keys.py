# frozenset as a dict key and set member
edges = {}
edges[frozenset({1, 2})] = "road"
edges[frozenset({2, 3})] = "rail"
print(edges[frozenset({2, 1})])
print(frozenset({3, 2}) in edges)
groups = {frozenset({1, 2}), frozenset({2, 1}), frozenset({3})}
print(len(groups))
fs = frozenset([1, 2, 3])
print(fs | {4}, fs & {2, 3, 9}, fs - {1})
print(sorted(fs), len(fs), 2 in fs)
print(frozenset() == set(), frozenset({1}) == {1})
try:
    fs.add(4)
except AttributeError as e:
    print(e)
