# builtins shadowed by a learner's own names
list = [1, 2, 3]
print(list)
sum_ = sum(list)
print(sum_)
try:
    print(list("abc"))
except TypeError as e:
    print("TypeError:", e)
del list
print(list("abc"))
max = 10
print(max)
del max
print(max(3, 4))
