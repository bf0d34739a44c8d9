"""Classes: single inheritance, super(), class attributes, __init__, __repr__/__str__, isinstance/issubclass/type, getattr/setattr/hasattr."""
import asyncio

class Animal:
    kingdom = "animalia"
    count = 0

    def __init__(self, name, legs=4):
        self.name = name
        self.legs = legs
        Animal.count += 1

    def speak(self):
        return "..."

    def describe(self):
        return f"{self.name} has {self.legs} legs and says {self.speak()}"

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r}, legs={self.legs})"

    def __str__(self):
        return f"<{self.name}>"

class Dog(Animal):
    def speak(self):
        return "woof"

class Bird(Animal):
    kingdom = "aves?"

    def __init__(self, name, can_fly=True):
        super().__init__(name, legs=2)
        self.can_fly = can_fly

    def speak(self):
        return "tweet" if self.can_fly else "squawk"

    def describe(self):
        base = super().describe()
        return base + (" and flies" if self.can_fly else "")

async def main():
    pets = [Dog("rex"), Bird("tweety"), Bird("pingu", can_fly=False), Animal("blob", 0)]
    for p in pets:
        await asyncio.sleep(0.1)
        print(f"{asyncio.get_running_loop().time():.2f}", p.describe())
    print(pets, str(pets[0]), repr(pets[1]))
    print(Animal.count, Dog.kingdom, Bird.kingdom, pets[0].kingdom)
    print(isinstance(pets[1], Animal), isinstance(pets[0], Bird), issubclass(Dog, Animal))
    print(issubclass(Bird, (Dog, Animal)), type(pets[0]) is Dog, type(pets[0]).__name__)
    print(getattr(pets[0], "name"), getattr(pets[0], "color", "brown"), hasattr(pets[1], "can_fly"))
    setattr(pets[0], "color", "black")
    print(pets[0].color, hasattr(pets[0], "color"), Dog.__mro__[1].__name__)
    print(isinstance(3, int), isinstance(True, int), isinstance("s", (int, str)), type(None).__name__)
    print(issubclass(bool, int), type(3.0) is float, type([]) == list)

asyncio.run(main())
