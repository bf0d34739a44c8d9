# removing or finding a value that is not in the list
fruits = ["apple", "pear"]
try:
    fruits.remove("kiwi")
except ValueError as e:
    print(e)
try:
    print(fruits.index("kiwi"))
except ValueError as e:
    print(e)
try:
    "banana".index("z")
except ValueError as e:
    print(e)
print("banana".find("z"))
print((1, 2).index(3))
