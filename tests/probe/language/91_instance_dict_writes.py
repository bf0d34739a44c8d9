# writes through obj.__dict__ and vars(obj) change the object's attributes
class Config:
    def __init__(self, **options):
        self.__dict__.update(options)
        self.__dict__["created"] = True

    def __getattr__(self, name):
        return f"<no {name}>"


c = Config(debug=True, level=2)
print(c.debug, c.level, c.created, c.missing)
vars(c)["level"] = 5
print(c.level)
c.__dict__.setdefault("mode", "fast")
c.__dict__.setdefault("level", 99)
print(c.mode, c.level)
print(c.__dict__.pop("debug"), c.debug)
del c.__dict__["mode"]
print(c.mode, sorted(vars(c)))
print(c.__dict__.popitem(), sorted(c.__dict__))
c.__dict__.clear()
print(c.level, vars(c))


class Record:
    def __init__(self, data):
        for key, value in data.items():
            self.__dict__[key] = value

    def __setattr__(self, name, value):
        raise AttributeError("records are read-only")


r = Record({"id": 7, "name": "widget"})
print(r.id, r.name)
try:
    r.id = 8
except AttributeError as e:
    print("AttributeError", e)
r.__dict__["id"] = 8
print(r.id, vars(r))
d = vars(r)
d["extra"] = [1, 2]
print(r.extra, hasattr(r, "extra"))
try:
    del r.__dict__["nope"]
except KeyError as e:
    print("KeyError", e)


# a __dict__ kept stays the object's namespace
class Held:
    def __init__(self):
        self.a = 1


x = Held()
d = x.__dict__
x.b = 2
d["c"] = 3
print(d, x.__dict__, x.b, x.c, x.__dict__ is d, vars(x) is d)
del x.a
print(d)
d.pop("b")
print(hasattr(x, "b"), vars(x))
y = Held()
print(vars(y), vars(y) is vars(y))
