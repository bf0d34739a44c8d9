# permutations, combinations, product
from itertools import permutations, combinations, combinations_with_replacement, product

print(list(permutations("abc", 2)))
print(len(list(permutations(range(5)))))
print(list(combinations([1, 2, 3, 4], 2)))
print(list(combinations_with_replacement("ab", 2)))
print(list(product([0, 1], repeat=3)))
print(["".join(p) for p in product("ab", "xy")])
