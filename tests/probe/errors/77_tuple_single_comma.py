# a one-element tuple needs a comma
colors = ("red")
print(type(colors).__name__, len(colors))
colors = ("red",)
print(type(colors).__name__, len(colors))
for c in ("red"):
    print(c)
x = 1,
print(x)
