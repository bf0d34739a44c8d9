# __new__ mistakes: forgetting to return, passing arguments to object.__new__
class Money(int):
    def __new__(cls, value):
        obj = super().__new__(cls, value)
        obj.currency = "USD"
        # forgot: return obj


m = Money(5)
print(m, type(m))


class Tag(str):
    def __new__(cls, name):
        return name.upper()


t = Tag("b")
print(t, type(t).__name__)


class Singleton:
    _instance = None

    def __new__(cls, *args):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __init__(self, name):
        print("init", name)
        self.name = name


a = Singleton("first")
b = Singleton("second")
print(a is b, a.name)


class Wrong:
    def __new__(cls, value):
        return super().__new__(cls, value)


try:
    Wrong(1)
except TypeError as e:
    print("TypeError:", e)
try:
    class Flag(bool):
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    class Both(int, str):
        pass
except TypeError as e:
    print("TypeError:", e)
