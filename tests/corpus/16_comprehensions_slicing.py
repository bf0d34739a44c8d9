"""Comprehensions (list/dict/set/generator, nested), slicing with steps/negatives, star-unpacking, augmented assignment."""
words = ["apple", "banana", "cherry", "date", "elderberry", "fig"]
print([w.upper() for w in words if len(w) > 4])
print({w: len(w) for w in words}, {len(w) for w in words} == {3, 4, 5, 6, 10})
print(sum(len(w) for w in words), list(w[0] for w in words))
print([(i, j) for i in range(3) for j in range(i)], [[r * c for c in range(3)] for r in range(3)])
print({k: v for k, v in zip("abc", [1, 2, 3]) if v != 2}, [x if x % 2 else -x for x in range(6)])
flat = [x for row in [[1, 2], [3], [], [4, 5, 6]] for x in row]
print(flat)

s = list(range(10))
print(s[2:5], s[:3], s[7:], s[-3:], s[:-7], s[::2], s[1::3], s[::-1], s[-2:-6:-1], s[8:2:-2])
print(s[100:], s[-100:2], "abcdefgh"[1:7:2], (0, 1, 2, 3)[::-2])
s[2:5] = ["a", "b"]
print(s)
s[::3] = [None] * len(s[::3])
print(s)
s[1:3] = []
print(s, len(s))

first, *middle, last = range(6)
print(first, middle, last)
*init, tail = "xyz"
head, *rest = [1]
print(init, tail, head, rest)
(a, b), c = (1, 2), 3
a, b = b, a
print(a, b, c)
merged = [*range(3), *"ab", *[None]]
print(merged, {*[1, 2], *[2, 3]}, {**{"a": 1}, **{"b": 2}})
print(*[1, 2, 3], sep="-")

x = 10
x += 5
x -= 3
x *= 2
x //= 5
x **= 3
x %= 50
print(x)
y = 7.5
y /= 2
print(y)
bits = 0b1010
bits |= 1
bits &= 0b1110
bits ^= 0b0100
bits <<= 2
bits >>= 1
print(bits, bin(bits))
lst = [1]
lst += [2, 3]
lst *= 2
st = "ab"
st += "c"
print(lst, st)
