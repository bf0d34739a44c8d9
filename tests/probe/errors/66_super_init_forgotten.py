# a subclass that forgets to call super().__init__
class Animal:
    def __init__(self, name):
        self.name = name


class Cat(Animal):
    def __init__(self, name, indoor):
        self.indoor = indoor

    def describe(self):
        return f"{self.name} (indoor={self.indoor})"


c = Cat("Tom", True)
print(c.indoor)
print(c.describe())
