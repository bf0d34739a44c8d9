# namedtuple and typing.NamedTuple
from collections import namedtuple
from typing import NamedTuple

Point = namedtuple("Point", ["x", "y"])
p = Point(1, 2)
print(p, p.x + p.y, p[0], p._asdict())
print(p._replace(x=9))
x, y = p
print(x, y, len(p), p == (1, 2))


class Employee(NamedTuple):
    name: str
    dept: str = "eng"


e = Employee("Kai")
print(e, e.dept)
print(Employee._fields)
e.name = "Lu"
