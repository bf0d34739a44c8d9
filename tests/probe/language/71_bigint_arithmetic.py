# Big integers: arithmetic, comparisons with floats, formatting, literals, math
print(2**100)
print(-(2**63), -(2**63) - 1, 2**63)
x = 1
for i in range(1, 31):
    x *= i
print(x, x // 7, x % 1000007, -x // 13, x / 3)
print(2**100 > 2**99, 2**100 == 2**100, 2**64 == 2.0**64, 2**53 + 1 > 2.0**53)
print(hash(2**64) == hash(2.0**64), {2**70: "a"}[2**70])
print(f"{2**70:,}", f"{2**70:x}", f"{-2**70:#b}"[:12], f"{2**70:>30}")
print(str(10**30), repr(-10**30), int(str(10**25)) + 1)
print(1 << 100, (1 << 100) >> 98, -(1 << 100) >> 99)
print((2**80) & (2**80 - 1), (2**80) | 1, ~(2**70))
print(abs(-2**70), -(-2**70), +2**70)
print(sorted([2**70, 5, -2**65, 3.5]))
print(sum(range(10**6)) * 10**12)
print(type(2**70), isinstance(2**70, int), bool(2**70))
print(divmod(2**70, 7), pow(3, 200, 10**9 + 7), pow(2, 100, -7))
print(float(2**70), int(1e20), int(-1e25))
print(max(2**70, 2**71), min([2**70, 1]))
print(2**70 in [2**70], (2**70) ** 2)
import math
print(math.factorial(30), math.gcd(2**70, 6**40), math.comb(100, 50))
print(len(str(math.factorial(100))))
print((2**70).bit_length(), int("123456789012345678901234567890"))
print(10**20 // 10**19, 10**20 - 10**20 + 5)
import json
print(json.dumps({"big": 2**70}))
print(round(2**70), round(2**70, -3) if False else 0)
