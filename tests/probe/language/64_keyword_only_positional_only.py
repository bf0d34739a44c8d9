# keyword-only and positional-only parameters
def move(x, y, /, *, speed=1, unit="m"):
    return f"{x},{y} at {speed}{unit}"


print(move(1, 2))
print(move(1, 2, speed=3))
try:
    move(1, 2, 3)
except TypeError as e:
    print(e)
try:
    move(x=1, y=2)
except TypeError as e:
    print(e)


def total(*nums, start=0):
    return start + sum(nums)


print(total(1, 2, 3), total(1, start=10))
