# list.sort() returns None
numbers = [3, 1, 2]
result = numbers.sort()
print(result)
print(numbers)
numbers = numbers.sort()
print(numbers[0])
