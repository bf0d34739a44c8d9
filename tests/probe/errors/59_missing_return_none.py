# a function that forgets to return
def double(x):
    result = x * 2


value = double(4)
print(value)
print(value + 1)
