# class attributes versus instance attributes
class Dog:
    tricks = []
    kind = "canine"

    def __init__(self, name):
        self.name = name

    def add_trick(self, trick):
        self.tricks.append(trick)


a, b = Dog("Rex"), Dog("Fido")
a.add_trick("roll")
b.add_trick("sit")
print(a.tricks, b.tricks is a.tricks)
a.kind = "wolf"
print(a.kind, b.kind, Dog.kind)
Dog.kind = "dog"
print(a.kind, b.kind)
print(sorted(vars(a)))
print(getattr(b, "name"), getattr(b, "age", "unknown"))
setattr(b, "age", 3)
print(b.age, hasattr(b, "age"))
