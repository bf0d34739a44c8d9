# Big integers: literals, int(), %-formatting, rounding, the digit limit
print(123456789012345678901234567890 + 1)
print(0xFFFFFFFFFFFFFFFFFFFF, -9223372036854775808, 9223372036854775808)
print(int("-" + "9" * 30), int("1" * 25, 2), int("ff" * 10, 16))
a = [2**64, 2**64 + 1]
print(set(a) == {2**64, 2**64+1}, 2**64 in {2**64: 1})
print(f"{2**64:d}|{2**64:20}|{-2**64:+,}|{2**64:e}")
print("%d %s %x" % (2**70, 2**70, 2**70))
print(str(2**64).zfill(30))
print((-7) ** 41, 3 ** -2, (-2) ** 63, 2 ** 63 - 1)
print(10**18 * 10, 10**19 // 10, -(10**19) % 7)
print(int(2.5e20), round(2**70, -20), round(123456789012345678901, -5))
def fact(n):
    return 1 if n == 0 else n * fact(n - 1)
print(fact(50))
fib = [0, 1]
for _ in range(150): fib.append(fib[-1] + fib[-2])
print(fib[-1])
print(sum([2**63, 2**63]), max(2**63, 1.0), 2**63 // 2**62)
import math
print(math.sqrt(2**100), math.log(2**100, 2), math.isqrt(10**40), math.lcm(2**40, 3**30))
print(hash(2**61 - 1) == hash(2**61 - 1), len({2**65, 2.0**65}))
try:
    str(10**5000)
except ValueError as e:
    print("ValueError", str(e)[:40])
print(len(str(2**10000)))
print(float(2**1023 * 1.0) > 0)
try:
    float(2**1100)
except OverflowError as e:
    print("OverflowError:", e)
