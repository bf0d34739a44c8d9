# fibonacci numbers past 64 bits
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


for n in [10, 50, 90, 93, 100, 150]:
    print(n, fib(n))
print(fib(200) % 1_000_000_007)
