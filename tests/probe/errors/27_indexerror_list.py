# off by one at the end of a list
colors = ["red", "green", "blue"]
for i in range(len(colors)):
    print(i, colors[i])
print(colors[-1])
print(colors[len(colors)])
