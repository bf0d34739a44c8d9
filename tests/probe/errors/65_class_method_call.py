# calling an instance method on the class
class Counter:
    def __init__(self):
        self.n = 0

    def add(self):
        self.n += 1
        return self.n


c = Counter()
print(c.add())
print(Counter.add(c))
Counter.add()
