# class Celsius(float): __repr__ override, a method, conversion
class Celsius(float):
    def __new__(cls, degrees):
        if degrees < -273.15:
            raise ValueError(f"{degrees} is below absolute zero")
        return super().__new__(cls, degrees)

    def to_fahrenheit(self):
        return self * 9 / 5 + 32

    def __repr__(self):
        return f"Celsius({float(self)})"


t = Celsius(21.5)
print(t, repr(t), str(t))
print(t.to_fahrenheit(), type(t.to_fahrenheit()).__name__)
print(t + 0.5, t > 20, t.is_integer(), round(t), f"{t:.2f}")
print([Celsius(x) for x in (0, 100)])
print(isinstance(t, float), isinstance(t, Celsius), max(Celsius(3), Celsius(7)))
try:
    Celsius(-300)
except ValueError as e:
    print("ValueError:", e)
try:
    Celsius("warm")
except TypeError as e:
    print("TypeError:", e)
