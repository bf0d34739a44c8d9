# descriptors: data vs non-data precedence, __set_name__, __delete__, class access, setattr/delattr hooks
class Typed:
    def __init__(self, kind):
        self.kind = kind

    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return f"<Typed {self.name} on {objtype.__name__}>"
        return obj.__dict__.get(self.name, "unset")

    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.name} must be {self.kind.__name__}, not {type(value).__name__}")
        obj.__dict__[self.name] = value

    def __delete__(self, obj):
        print("deleting", self.name)
        obj.__dict__.pop(self.name, None)


class Lazy:
    """A non-data descriptor: the instance attribute it sets shadows it."""

    def __init__(self, func):
        self.func = func

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        print("computing", self.func.__name__)
        value = self.func(obj)
        setattr(obj, self.func.__name__, value)
        return value


class Constant:
    def __get__(self, obj, objtype=None):
        return 42


class ReadOnly:
    def __get__(self, obj, objtype=None):
        return "ro"

    def __set__(self, obj, value):
        raise AttributeError("read-only attribute")


print("defining")


class Account:
    owner = Typed(str)
    balance = Typed(int)
    answer = Constant()
    flag = ReadOnly()

    def __init__(self, owner, balance):
        self.owner = owner
        self.balance = balance

    @Lazy
    def report(self):
        return f"{self.owner}: {self.balance}"


print("defined")
a = Account("ann", 10)
print(a.owner, a.balance, a.answer, a.flag)
print(Account.owner, Account.balance)
print(a.report)
print(a.report)
a.answer = "shadowed"
print(a.answer, Account.answer)
try:
    a.balance = "lots"
except TypeError as e:
    print("TypeError", e)
try:
    a.flag = 1
except AttributeError as e:
    print("AttributeError", e)
del a.balance
print(a.balance)
setattr(a, "balance", 5)
print(getattr(a, "balance"), vars(a))


class Logged:
    def __setattr__(self, name, value):
        print("setattr", name, value)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        print("delattr", name)
        super().__delattr__(name)


class Checked(Logged):
    level = Typed(int)


c = Checked()
c.level = 3
c.other = "x"
print(c.level, c.other)
del c.other
del c.level
try:
    c.level = "high"
except TypeError as e:
    print("TypeError", e)
try:
    del c.missing
except AttributeError as e:
    print("AttributeError", e)


class Prop:
    @property
    def x(self):
        return 1


try:
    del Prop().x
except AttributeError as e:
    print("AttributeError", e)


class Broken:
    def __set_name__(self, owner, name):
        raise ValueError("no names please")


try:
    class Holder:
        thing = Broken()
except RuntimeError as e:
    print("RuntimeError", e, "| cause:", repr(e.__cause__))
