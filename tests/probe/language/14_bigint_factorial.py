# factorials get big fast
import math


def fact(n):
    result = 1
    for i in range(2, n + 1):
        result *= i
    return result


print(fact(20))
print(fact(21))
print(fact(30))
print(math.factorial(30) == fact(30))
print(len(str(math.factorial(100))))
print(sum(int(d) for d in str(math.factorial(50))))
