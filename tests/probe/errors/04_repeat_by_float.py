# repeating a string by a float
line = "-" * 10
print(line)
half = 10 / 2
print("=" * int(half))
print("=" * half)
