# objects with __call__ and functions as values
class Multiplier:
    def __init__(self, k):
        self.k = k

    def __call__(self, x):
        return x * self.k


double = Multiplier(2)
print(double(21), callable(double), callable(5))
ops = {"+": lambda a, b: a + b, "*": lambda a, b: a * b, "max": max}
for sym, fn in ops.items():
    print(sym, fn(3, 4))
print(list(map(double, [1, 2, 3])))
print(list(filter(None, [0, 1, "", "a", None])))
