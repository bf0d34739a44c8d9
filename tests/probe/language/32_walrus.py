# the walrus operator in loops and comprehensions
data = [4, 8, 15, 16, 23, 42]
if (n := len(data)) > 5:
    print(f"long list ({n} items)")
chunks = iter(data)
while (x := next(chunks, None)) is not None:
    if x > 20:
        break
print("stopped at", x)
values = [y for v in data if (y := v * 2) > 30]
print(values, y)
lines = ["a", "bb", "", "ccc"]
i = 0
while line := lines[i]:
    print(line)
    i += 1
