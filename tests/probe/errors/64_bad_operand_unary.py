# unary minus, abs and round on strings
value = "5"
for op in [lambda: -value, lambda: abs(value), lambda: round(value), lambda: ~1.5]:
    try:
        op()
    except TypeError as e:
        print(e)
print(-int(value))
