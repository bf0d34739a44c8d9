"""Common list/dict/set/tuple/bytes methods and literals."""
nums = [5, 3, 8]
nums.append(1)
nums.extend([9, 2])
nums.insert(0, 7)
print(nums, nums.pop(), nums.pop(0), nums)
nums.remove(8)
print(nums, nums.index(1), nums.count(5), len(nums))
nums.sort()
print(nums, sorted(nums, reverse=True))
nums.reverse()
copy = nums.copy()
copy.append(100)
print(nums, copy, nums + [0], [0] * 3, 3 in nums)
nums.clear()
print(nums, bool(nums), [[]] * 2)

d = {"b": 2, "a": 1}
d["c"] = 3
print(d, d.get("a"), d.get("z"), d.get("z", 0), "a" in d, len(d))
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.setdefault("d", 4), d.setdefault("a", 99), d.pop("b"), d.pop("zz", "none"))
d.update({"e": 5}, f=6)
print(d, d.popitem(), d)
print(dict(zip("xyz", range(3))), dict(a=1, b=2), {**d, "a": 0}, d | {"g": 7})
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

s = {3, 1, 2}
s.add(4)
s.add(2)
s.discard(10)
s.remove(1)
print(sorted(s), len(s), 2 in s)
a, b = {1, 2, 3, 4}, {3, 4, 5}
print(a | b, a & b, a - b, a ^ b)
print(a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference(b))
print({1, 2}.issubset(a), a.issuperset({1, 5}), a.isdisjoint({7}), set(), {2, 1})
print(sorted({x % 4 for x in range(10)}), set([1, 1, 2]) == {2, 1})

t = (1, "two", 3.0, (4, 5))
print(t, t[1], t[-1][0], len(t), t.index(3.0), t.count(1), (1,), (), tuple([1, 2]))
bs = b"abc\x00\xff"
print(bs, len(bs), bs[0], bs[1:3], list(b"hi"), bytes([65, 66]), bs.hex(), b"a,b".split(b","))
print(bytes(b"xy"), b"abc".upper(), b"x" + b"y", b"abc" == bytes("abc", "ascii"))
