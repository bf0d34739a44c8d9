# len() of a number
count = 12345
print(len(str(count)))
print(len(count))
