# the different division by zero messages
cases = [lambda: 5 // 0, lambda: 5 % 0, lambda: 5.0 / 0, lambda: 5.0 // 0.0, lambda: divmod(1, 0), lambda: 0 ** -1, lambda: 1 / 0.0]
for case in cases:
    try:
        case()
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
