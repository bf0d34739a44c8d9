# a list as a dict key or set member
try:
    groups = {["a", "b"]: 1}
except TypeError as e:
    print(e)
try:
    seen = {[1, 2]}
except TypeError as e:
    print(e)
print({(1, 2): "tuple ok"})
cache = {}
cache[{"id": 1}] = "x"
