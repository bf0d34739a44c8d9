# next() past the end
it = iter([1, 2])
print(next(it))
print(next(it))
print(next(it, "done"))
try:
    next([1, 2])
except TypeError as e:
    print(e)
next(it)
