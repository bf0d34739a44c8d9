# a typo in a variable name
total = 0
for n in [1, 2, 3]:
    total += n
print("total is", totl)
