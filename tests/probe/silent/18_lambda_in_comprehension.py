# lambdas made in a comprehension all see the last value
adders = [lambda x: x + i for i in range(3)]
print([f(10) for f in adders])
fixed = [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in fixed])
funcs = {name: (lambda n=name: n.upper()) for name in ["a", "b"]}
print(funcs["a"](), funcs["b"]())
squares = list(map(lambda n: n * n, range(5)))
print(squares)
