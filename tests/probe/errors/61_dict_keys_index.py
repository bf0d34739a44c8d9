# indexing dict views
d = {"x": 1, "y": 2}
print(list(d)[0], list(d.values())[-1])
print(d.keys()[0])
