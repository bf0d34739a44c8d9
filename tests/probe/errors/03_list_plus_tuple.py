# concatenating different sequence types
items = [1, 2]
items = items + [3]
print(items)
items += (4, 5)
print(items)
more = items + (6, 7)
