# __slots__ stops new attributes
class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(1, 2)
p.x = 10
print(p.x, p.y)
print(hasattr(p, "__dict__"))
p.z = 3
