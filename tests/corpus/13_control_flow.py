"""Control flow: if/elif/else, while/for with break/continue/else, pass, del, walrus, conditional expressions, chained comparisons."""

def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif 0 < n < 10:
        return "small"
    else:
        return "large"

print([classify(n) for n in (-5, 0, 3, 10, 99)])
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, "is prime", end="; ")
print()
i = 0
while i < 10:
    i += 1
    if i % 3:
        continue
    print("multiple of 3:", i)
else:
    print("while finished normally at", i)
while True:
    i -= 4
    if i < 0:
        break
else:
    print("not printed")
print("after break i =", i)
data = [5, 8, 12, 3, 20]
if (n := len(data)) > 3:
    print(f"list is long ({n} elements)")
found = [y for x in data if (y := x * 2) > 15]
print(found, y)
chunks = iter(["ab", "cd", ""])
while (chunk := next(chunks)):
    print("chunk", chunk)
x = 7
print("odd" if x % 2 else "even", "big" if x > 100 else "mid" if x > 5 else "small")
print(1 < x <= 7 != 8, 1 < x > 10, x == 7 == 7.0)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
lst = list(range(6))
del lst[1], lst[-1]
del lst[::2]
print(d, lst)
z = 5
del z
print("z" in globals())
for _ in range(2):
    pass
class Empty:
    pass
print(type(Empty()).__name__)
