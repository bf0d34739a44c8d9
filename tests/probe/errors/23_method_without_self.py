# forgetting self in a method
class Dog:
    def __init__(self, name):
        self.name = name

    def bark():
        print("woof")


d = Dog("Rex")
print(d.name)
d.bark()
