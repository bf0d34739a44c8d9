# Flag membership, positional-only errors, generic alias reprs, a method-name typo on a list
from enum import Flag, auto


class Perm(Flag):
    R = auto()
    W = auto()
    X = auto()


rwx = Perm.R | Perm.W | Perm.X
print(Perm.R in rwx, Perm.W in Perm.R, (Perm.R | Perm.W) in rwx, Perm.R in Perm.R)
try:
    1 in Perm.R
except TypeError as e:
    print("TypeError", e)


def place(a, b, c, /, d=0):
    return a + b + c + d


for kwargs in [{"a": 1, "b": 2}, {"c": 3, "a": 1}, {"b": 2, "d": 4}]:
    try:
        place(1, 2, 3, **kwargs) if "d" in kwargs else place(**kwargs)
    except TypeError as e:
        print("TypeError", e)

print(list[int], dict[str, list[int]], tuple[int, ...], tuple[()], set[str], frozenset[int], type[int])
print(list[int | None], list[int] | None, list[int].__origin__, dict[str, int].__args__)
print(list[int]("ab"), dict[str, int](a=1), list[int] == list[int], list[int] == list[str])
try:
    isinstance([], list[int])
except TypeError as e:
    print("TypeError", e)


def total(xs: list[float]) -> dict[str, float]:
    return {"sum": sum(xs)}


print(total.__annotations__)
items = [3, 1, 2]
items.sortt()
