# passing keyword arguments up the chain
class Shape:
    def __init__(self, *, color="black", **kwargs):
        super().__init__(**kwargs)
        self.color = color


class Named:
    def __init__(self, *, name="?", **kwargs):
        super().__init__(**kwargs)
        self.name = name


class Square(Shape, Named):
    def __init__(self, side, **kwargs):
        super().__init__(**kwargs)
        self.side = side

    def __str__(self):
        return f"{self.name}: {self.color} square of side {self.side}"


print(Square(3, color="red", name="box"))
print(Square(1))
try:
    Square(2, colour="blue")
except TypeError as e:
    print("TypeError:", e)
