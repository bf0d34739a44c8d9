# calling a function with too many arguments
def area(width, height):
    return width * height


print(area(2, 3))
try:
    area()
except TypeError as e:
    print(e)
print(area(2, 3, 4))
