# dict() from the wrong shape
print(dict([("a", 1), ("b", 2)]))
print(dict(a=1))
try:
    dict([1, 2])
except TypeError as e:
    print(e)
dict(["abc"])
