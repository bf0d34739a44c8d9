# recursion without a base case
def factorial(n):
    return n * factorial(n - 1)


print("computing...")
print(factorial(5))
