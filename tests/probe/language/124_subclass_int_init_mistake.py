# int subclass: __init__ with the value, then super().__init__(value) by mistake
class Score(int):
    def __init__(self, value):
        self.bonus = value > 90


print(Score(95), Score(95).bonus, Score(10).bonus)


class Bad(int):
    def __init__(self, value):
        super().__init__(value)


try:
    Bad(3)
except TypeError as e:
    print("TypeError:", e)


class Temp(float):
    def __init__(self, value, unit):
        self.unit = unit


try:
    Temp(20, "C")
except TypeError as e:
    print("TypeError:", e)
print(Score(7) + Score(8), type(Score(7) + Score(8)).__name__)
