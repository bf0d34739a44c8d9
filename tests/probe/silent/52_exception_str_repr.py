# how exceptions print
e = ValueError("bad value")
print(e)
print(repr(e))
print(e.args)
k = KeyError("name")
print(k)
print(repr(k))
print(str(ValueError()))
print(repr(ValueError()))
print(ValueError("a", 2))
print(OSError(2, "No such file"))
print(str(KeyError()))
print([ZeroDivisionError("x")])
try:
    {}["missing"]
except KeyError as err:
    print("KeyError message:", err, err.args)
