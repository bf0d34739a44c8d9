# repeating by a string that looks like a number
count = "3"
try:
    print("ab" * count)
except TypeError as e:
    print("TypeError:", e)
print([0] * 3, [0] * -1, "x" * 0)
print([[0] * 2] * 2)
print((1, 2) * 2)
print({"a": 1} * 2)
