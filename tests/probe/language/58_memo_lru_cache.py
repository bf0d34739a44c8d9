# memoising with a dict and with lru_cache
from functools import lru_cache, cache

memo = {}


def fib(n):
    if n in memo:
        return memo[n]
    result = n if n < 2 else fib(n - 1) + fib(n - 2)
    memo[n] = result
    return result


@lru_cache(maxsize=None)
def ways(n):
    if n < 0:
        return 0
    if n == 0:
        return 1
    return ways(n - 1) + ways(n - 2) + ways(n - 3)


@cache
def square(n):
    print("computing", n)
    return n * n


print(fib(80))
print(ways(30))
print(square(4), square(4))
print(ways.cache_info().hits > 0)
