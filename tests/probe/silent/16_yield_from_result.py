# r = yield from sub(): the sub-generator's return value
def count_up(limit):
    for i in range(limit):
        yield i
    return f"counted to {limit}"


def outer():
    r = yield from count_up(3)
    print("sub said:", r)
    r2 = yield from count_up(2)
    print("sub said:", r2)
    return "outer done"


gen = outer()
print(list(gen))
g = outer()
try:
    while True:
        print("value", next(g))
except StopIteration as stop:
    print("stop value:", stop.value)
