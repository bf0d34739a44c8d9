# fewer values than names
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("error:", e)
try:
    k, v = "k"
except ValueError as e:
    print("error:", e)
head, *tail = [1]
print(head, tail)
x, y, z = (i for i in range(2))
