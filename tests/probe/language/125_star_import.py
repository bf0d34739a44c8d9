# from module import *: the tutorial shortcut for math, itertools and collections
from math import *
from itertools import *
from collections import *

print(sqrt(16), floor(pi * 100) / 100, gcd(12, 18))
print(list(islice(count(10, 5), 4)))
print(list(chain("ab", [1, 2])))
c = Counter("mississippi")
print(c.most_common(2))
d = defaultdict(list)
d["x"].append(1)
print(dict(d))
Point = namedtuple("Point", "x y")
print(Point(1, 2))
try:
    print(_private_thing)
except NameError as e:
    print("NameError:", e)
