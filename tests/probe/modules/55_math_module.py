# math functions
import math

print(math.pi, math.e, math.tau)
print(math.sqrt(2), math.isqrt(17), math.pow(2, 10))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5))
print(math.gcd(12, 18), math.lcm(4, 6), math.comb(5, 2), math.perm(5, 2))
print(round(math.sin(math.pi / 6), 10), round(math.cos(0), 2), math.degrees(math.pi))
print(math.log(100, 10), math.log2(8), math.log10(1000), math.exp(0))
print(math.hypot(3, 4), math.dist((0, 0), (3, 4)), math.fsum([0.1] * 10))
print(math.isclose(0.1 + 0.2, 0.3), math.isnan(float("nan")), math.isinf(1e400))
print(math.prod([1, 2, 3, 4]), math.fabs(-3), math.copysign(1, -0.0))
print(math.inf > 10 ** 100, -math.inf)
