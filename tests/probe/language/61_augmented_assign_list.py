# += on lists changes them in place, + makes a new one
a = [1]
b = a
a += [2]
print(a, b)
a = a + [3]
print(a, b)
s = "x"
t = s
s += "y"
print(s, t)
nums = (1, 2)
try:
    nums[0] += 1
except TypeError as e:
    print(e)
grid = [[0] * 3] * 2
grid[0][0] = 1
print(grid)
grid = [[0] * 3 for _ in range(2)]
grid[0][0] = 1
print(grid)
