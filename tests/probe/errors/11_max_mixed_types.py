# max of numbers read as strings and ints mixed
scores = [12, 40, "35", 7]
print(len(scores))
print(max(scores))
