# star-unpacking in assignments, calls and literals
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "hello"
print(init, last)
a, *mid, z = range(5)
print(a, mid, z)
(p, q), *others = [(1, 2), (3, 4), (5, 6)]
print(p, q, others)
nums = [3, 1, 2]
print(*nums, sep="|")
print([*nums, *"ab"], (*nums,), {*nums})
d1 = {"a": 1}
d2 = {"b": 2, "a": 9}
print({**d1, **d2})


def f(a, b, c=0, *args, **kw):
    return a, b, c, args, kw


print(f(*[1, 2], **{"c": 3, "x": 4}))
print(f(1, *range(2, 6)))
