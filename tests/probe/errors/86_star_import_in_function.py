# from math import * inside a function is refused before anything runs
print("start")


def area(r):
    from math import *
    return pi * r * r


print(area(2))
