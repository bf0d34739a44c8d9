# str.join with numbers
parts = ["a", "b"]
print(", ".join(parts))
numbers = [1, 2, 3]
print(", ".join(str(n) for n in numbers))
print(", ".join(numbers))
