# calling something that is not a function
total = 10
try:
    total()
except TypeError as e:
    print(e)
names = ["a", "b"]
print(names[0])
print(names(0))
