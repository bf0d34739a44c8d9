# list subclass __init__ calling super().__init__, and the wrong-argument mistakes
class Numbers(list):
    def __init__(self, items, label="nums"):
        super().__init__(items)
        self.label = label

    def total(self):
        return sum(self)


n = Numbers([3, 1, 2], label="mine")
print(n, n.label, n.total(), len(n))
n.sort()
print(n, n.label, type(n).__name__)
print(Numbers(range(4)), Numbers("ab"))


class Broken(list):
    def __init__(self, *items):
        super().__init__(*items)


try:
    Broken(1, 2, 3)
except TypeError as e:
    print("TypeError:", e)
try:
    Broken(5)
except TypeError as e:
    print("TypeError:", e)
print(Broken([1, 2]))


class Forgetful(list):
    def __init__(self, items):
        self.items = items


f = Forgetful([1, 2, 3])
print(f, len(f), f.items)
