# cooperative super() through a diamond
class Base:
    def __init__(self):
        print("Base init")

    def hello(self):
        return ["Base"]


class Left(Base):
    def __init__(self):
        print("Left init")
        super().__init__()

    def hello(self):
        return ["Left"] + super().hello()


class Right(Base):
    def __init__(self):
        print("Right init")
        super().__init__()

    def hello(self):
        return ["Right"] + super().hello()


class Child(Left, Right):
    def __init__(self):
        print("Child init")
        super().__init__()

    def hello(self):
        return ["Child"] + super().hello()


c = Child()
print(c.hello())
print(" -> ".join(k.__name__ for k in Child.mro()))
