# list, dict and set comprehensions
words = ["apple", "bob", "kayak", "level", "zoo"]
print([w.upper() for w in words if len(w) > 3])
print({w: len(w) for w in words})
print({len(w) for w in words})
print([w for w in words if w == w[::-1]])
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([x for row in matrix for x in row if x % 2])
print([(i, j) for i in range(3) for j in range(i)])
print(["even" if n % 2 == 0 else "odd" for n in range(4)])
x = "outer"
print([x for x in "ab"], x)
