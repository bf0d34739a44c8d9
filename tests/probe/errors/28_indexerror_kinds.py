# the different index error messages
for make in [lambda: "abc"[5], lambda: (1, 2)[2], lambda: [].pop(), lambda: [1][-2], lambda: range(3)[3]]:
    try:
        make()
    except IndexError as e:
        print("IndexError:", e)
try:
    b = b"ab"
    b[9]
except IndexError as e:
    print("IndexError:", e)
try:
    x = [1, 2]
    x[5] = 0
except IndexError as e:
    print("IndexError:", e)
print([1, 2, 3][5:], "abc"[10:])
