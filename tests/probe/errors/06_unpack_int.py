# unpacking something that is not iterable
point = (3, 4)
x, y = point
print(x, y)
width, height = 640
