# sequence patterns with lengths and stars
def shape(points):
    match points:
        case []:
            return "empty"
        case [x]:
            return f"one point {x}"
        case [first, second]:
            return f"line from {first} to {second}"
        case [first, *middle, last]:
            return f"path {first}->{last} via {len(middle)}"


print(shape([]))
print(shape([(0, 0)]))
print(shape([(0, 0), (1, 1)]))
print(shape([1, 2, 3, 4, 5]))
print(shape((7, 8)))
match "ab":
    case [a, b]:
        print("a str matched a sequence pattern")
    case _:
        print("strings are not sequences for match")
