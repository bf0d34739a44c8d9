# chained comparisons and truthiness
x = 5
print(1 < x < 10, 1 < x > 10, x == 5 == 5.0)
print(1 < 2 < 3 < 2)
print([] == False, not [], bool([0]), bool(""), bool(" "))
print(0 or "default", "" or None, 3 and 4, 0 and 4)
print(None is None, [] is not None)
a = [1, 2]
b = [1, 2]
print(a == b, a is b)
print("b" > "a", "Z" < "a", "apple" < "banana", [1, 2] < [1, 3], (1, 2) < (1, 2, 0))
print(True + True, True * 10, sum([True, False, True]))
