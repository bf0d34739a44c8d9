# dict keeps insertion order; re-assigning keeps the position
d = {"b": 1, "a": 2}
d["c"] = 3
d["b"] = 10
print(d)
del d["a"]
d["a"] = 20
print(d)
print(list(d.keys()), list(d.values()))
d.update({"z": 0, "b": 5})
print(d)
print(d | {"new": 1})
print({**d, "c": None})
print(d.pop("z"), d.setdefault("q", []), d)
print(dict(zip("xyz", range(3))))
print(dict.fromkeys(["a", "b"], 0))
