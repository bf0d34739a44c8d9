# indexing a list with a string from input
items = ["zero", "one", "two"]
choice = "1"
print(items[int(choice)])
print(items[choice])
