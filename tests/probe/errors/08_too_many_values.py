# more values than names
first, second = "ab"
print(first, second)
a, b = [1, 2, 3]
